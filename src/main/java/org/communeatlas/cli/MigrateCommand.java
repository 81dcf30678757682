package org.communeatlas.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.db.Migrations;
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
        DatabaseUrls urls = DatabaseLocator.resolve(config);
        // the owner migrates: ATLAS_DB_OWNER_URL, or ATLAS_DB_URL (--db-url) when it is the owner's
        int applied = Migrations.run(urls.owner().orElse(urls.app()), urls.owner().isPresent() ? urls.grantees() : Optional.empty());
        System.out.println("migrations applied: " + applied);
        return 0;
    }
}
