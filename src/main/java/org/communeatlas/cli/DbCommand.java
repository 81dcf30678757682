package org.communeatlas.cli;

import java.util.concurrent.Callable;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.LocalPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code db start|stop|status}: manage the project-local PostGIS. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Start, stop or inspect the project-local PostGIS (.atlas/).")
public final class DbCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop or status")
    String action;

    @Override
    public Integer call() {
        LocalPostgres local = DatabaseLocator.local(options.resolve());
        switch (action) {
            case "start" -> {
                local.start();
                local.ensureDatabase(DatabaseLocator.LOCAL_DATABASE);
                System.out.println("running: " + Database.redact(local.urls(DatabaseLocator.LOCAL_DATABASE).app()));
            }
            case "stop" -> {
                local.stop();
                System.out.println("stopped");
            }
            case "status" -> System.out.println(local.isRunning() ? "running on port " + local.port() : "not running");
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use start, stop or status");
        }
        return 0;
    }
}
