package org.communeatlas.cli;

import org.communeatlas.config.AtlasConfig;
import picocli.CommandLine.Option;

/**
 * The configuration options every command shares. Each overrides the environment variable of the
 * same meaning; unset options leave the environment's value (or the default) in place.
 */
public final class ConfigOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "existing PostGIS database (env ATLAS_DB_URL); default: the project-local PostGIS")
    String dbUrl;

    @Option(names = "--db-read-url", paramLabel = "JDBC_URL", description = "read replica for tiles and feature reads (env ATLAS_DB_READ_URL)")
    String dbReadUrl;

    @Option(names = "--local-pg-port", paramLabel = "PORT", description = "port of the project-local PostGIS (env ATLAS_LOCAL_PG_PORT, default 55432)")
    Integer localPgPort;

    public AtlasConfig resolve() {
        AtlasConfig config = AtlasConfig.fromEnvironment(System.getenv());
        if (dbUrl != null) {
            config = config.withDbUrl(dbUrl);
        }
        if (dbReadUrl != null) {
            config = config.withDbReadUrl(dbReadUrl);
        }
        if (localPgPort != null) {
            config = config.withLocalPgPort(localPgPort);
        }
        return config;
    }
}
