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

    /**
     * The URLs to use: {@code ATLAS_DB_URL} (with {@code ATLAS_DB_OWNER_URL} and {@code ATLAS_DB_IMPORT_URL} when set),
     * or else the project-local PostGIS, which it starts if needed, with its owner, server and import roles.
     */
    public static DatabaseUrls resolve(AtlasConfig config) {
        if (config.dbUrl().isPresent()) {
            DatabaseUrls urls = new DatabaseUrls(config.dbUrl().get(), config.dbOwnerUrl(), config.dbImportUrl());
            log.info("database source=ATLAS_DB_URL url={} owner={} import={}", Database.redact(urls.app()),
                    urls.owner().map(Database::redact).orElse("(none: no migrations at start)"),
                    urls.importer().map(Database::redact).orElse("(the server's role)"));
            return urls;
        }
        LocalPostgres local = new LocalPostgres(config.localPgDir(), config.localPgPort(), false);
        local.start();
        local.ensureDatabase(LOCAL_DATABASE);
        DatabaseUrls urls = local.urls(LOCAL_DATABASE);
        log.info("database source=project-local dir={} url={}", local.dataDir(), Database.redact(urls.app()));
        return urls;
    }

    /** The URL that migrations run with: the owner's, or {@code ATLAS_DB_URL} when no owner URL is given. */
    public static String ownerUrl(AtlasConfig config) {
        DatabaseUrls urls = resolve(config);
        return urls.owner().orElse(urls.app());
    }

    /** The roles' URLs of a database of the project-local cluster, given any URL of it (its superuser's, say). */
    public static DatabaseUrls localUrls(AtlasConfig config, String anyUrl) {
        String database = anyUrl.replaceAll("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1");
        return local(config).urls(database);
    }

    /** The project-local cluster as configured, for commands that start or stop it. */
    public static LocalPostgres local(AtlasConfig config) {
        return new LocalPostgres(config.localPgDir(), config.localPgPort(), false);
    }
}
