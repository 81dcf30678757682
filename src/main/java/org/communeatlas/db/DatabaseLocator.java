package org.communeatlas.db;

import org.communeatlas.config.AtlasConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which database the program uses and says so in the log: the one named by
 * {@code ATLAS_DB_URL}, or else the project-local PostGIS, which it starts if needed.
 */
public final class DatabaseLocator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseLocator.class);
    public static final String LOCAL_DATABASE = "atlas";

    private DatabaseLocator() {
    }

    /** Returns the JDBC URL to use, starting the project-local PostGIS when no URL is configured. */
    public static String resolve(AtlasConfig config) {
        if (config.dbUrl().isPresent()) {
            String url = config.dbUrl().get();
            log.info("database source=ATLAS_DB_URL url={}", Database.redact(url));
            return url;
        }
        LocalPostgres local = new LocalPostgres(config.localPgDir(), config.localPgPort(), false);
        local.start();
        local.ensureDatabase(LOCAL_DATABASE);
        String url = local.jdbcUrl(LOCAL_DATABASE);
        log.info("database source=project-local dir={} url={}", local.dataDir(), url);
        return url;
    }

    /** The project-local cluster as configured, for commands that start or stop it. */
    public static LocalPostgres local(AtlasConfig config) {
        return new LocalPostgres(config.localPgDir(), config.localPgPort(), false);
    }
}
