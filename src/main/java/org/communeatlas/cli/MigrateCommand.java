package org.communeatlas.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code migrate}: apply the schema migrations and exit. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database schema migrations.")
public final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        AtlasConfig config = options.resolve();
        try (Database db = Database.connect(DatabaseLocator.resolve(config), Optional.empty(), 2)) {
            int applied = db.migrate();
            System.out.println("migrations applied: " + applied);
        }
        return 0;
    }
}
