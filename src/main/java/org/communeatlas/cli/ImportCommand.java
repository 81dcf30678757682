package org.communeatlas.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.DemoLoader;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import demo}: load a generated dataset into an empty database. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import data. 'import demo' loads the demo dataset into an empty database.")
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "WHAT", description = "what to import: demo")
    String what;

    @Option(names = "--dir", paramLabel = "DIR", description = "dataset directory (default: data/ of the checkout)")
    Path dir;

    @Override
    public Integer call() {
        if (!what.equals("demo")) {
            throw new IllegalArgumentException("unknown import '" + what + "': use 'demo'");
        }
        AtlasConfig config = options.resolve();
        try (Database db = Database.connect(DatabaseLocator.resolve(config), Optional.empty(), 2)) {
            db.migrate();
            if (!DemoLoader.isEmpty(db.writer())) {
                throw new IllegalStateException("the database already holds data; the demo loads only into an empty database");
            }
            DemoLoader.load(db.writer(), dir != null ? dir : config.home().resolve("data"))
                    .forEach((table, rows) -> System.out.printf("%-18s %,9d%n", table, rows));
        }
        return 0;
    }
}
