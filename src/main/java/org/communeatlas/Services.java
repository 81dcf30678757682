package org.communeatlas;

import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseHealth;

/**
 * What the HTTP application needs, built once by {@code serve} (or by a test with its own database)
 * and handed to {@link App#create}. Closing it releases pools and background threads.
 */
public record Services(AtlasConfig config, Database database, DatabaseHealth health) implements AutoCloseable {

    /** Opens pools and the health watcher for a database URL. */
    public static Services open(AtlasConfig config, String dbUrl) {
        Database database = Database.connect(dbUrl, config.dbReadUrl(), 16);
        DatabaseHealth health = new DatabaseHealth(dbUrl);
        return new Services(config, database, health);
    }

    public static String version() {
        String v = App.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void close() {
        health.close();
        database.close();
    }
}
