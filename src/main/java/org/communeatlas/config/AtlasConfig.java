package org.communeatlas.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the server in one place, with its default. Values come from the environment
 * (12-factor); the CLI overrides them with matching options. See the README's configuration table.
 *
 * @param port                HTTP port ({@code ATLAS_PORT}, 7070)
 * @param dbUrl               JDBC URL of an existing PostGIS ({@code ATLAS_DB_URL}); empty means the
 *                            project-local PostGIS is started and used
 * @param dbReadUrl           optional read replica for tiles and feature reads ({@code ATLAS_DB_READ_URL})
 * @param localPgPort         port of the project-local PostGIS ({@code ATLAS_LOCAL_PG_PORT}, 55432)
 * @param tileCacheMb         bound of the in-memory tile cache in MiB; 0 turns it off ({@code ATLAS_TILE_CACHE_MB}, 256)
 * @param adminPassword       password of the first admin, used only when no admin exists ({@code ATLAS_ADMIN_PASSWORD})
 * @param home                the checkout: where {@code .atlas/} and {@code data/} live ({@code ATLAS_HOME}, working directory)
 * @param corsOrigins         origins allowed by CORS, comma separated; "*" for any ({@code ATLAS_CORS_ORIGINS}, "*")
 * @param dbOwnerUrl          JDBC URL of the role that owns the schema, for migrations at start ({@code ATLAS_DB_OWNER_URL});
 *                            empty: the server does not migrate (run {@code commune-atlas migrate})
 * @param dbImportUrl         JDBC URL of the role GDAL stages imports as ({@code ATLAS_DB_IMPORT_URL}); empty: the server's
 * @param trustedProxies      addresses whose X-Forwarded-* headers are believed ({@code ATLAS_TRUSTED_PROXIES}, none)
 */
public record AtlasConfig(
        int port,
        Optional<String> dbUrl,
        Optional<String> dbReadUrl,
        int localPgPort,
        int tileCacheMb,
        Optional<String> adminPassword,
        Path home,
        String corsOrigins,
        Optional<String> dbOwnerUrl,
        Optional<String> dbImportUrl,
        java.util.List<String> trustedProxies) {

    public static final int DEFAULT_PORT = 7070;
    public static final int DEFAULT_LOCAL_PG_PORT = 55432;
    public static final int DEFAULT_TILE_CACHE_MB = 256;

    /** Reads the configuration from an environment map (normally {@link System#getenv()}). */
    public static AtlasConfig fromEnvironment(Map<String, String> env) {
        return new AtlasConfig(
                intValue(env, "ATLAS_PORT", DEFAULT_PORT, 0, 65535),
                text(env, "ATLAS_DB_URL"),
                text(env, "ATLAS_DB_READ_URL"),
                intValue(env, "ATLAS_LOCAL_PG_PORT", DEFAULT_LOCAL_PG_PORT, 1, 65535),
                intValue(env, "ATLAS_TILE_CACHE_MB", DEFAULT_TILE_CACHE_MB, 0, 1 << 20),
                text(env, "ATLAS_ADMIN_PASSWORD"),
                text(env, "ATLAS_HOME").map(Path::of).orElse(Path.of("")).toAbsolutePath().normalize(),
                text(env, "ATLAS_CORS_ORIGINS").orElse("*"),
                text(env, "ATLAS_DB_OWNER_URL"),
                text(env, "ATLAS_DB_IMPORT_URL"),
                text(env, "ATLAS_TRUSTED_PROXIES").map(v -> java.util.Arrays.stream(v.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList())
                        .orElse(java.util.List.of()));
    }

    public AtlasConfig withPort(int newPort) {
        return new AtlasConfig(newPort, dbUrl, dbReadUrl, localPgPort, tileCacheMb, adminPassword, home, corsOrigins, dbOwnerUrl, dbImportUrl, trustedProxies);
    }

    public AtlasConfig withDbUrl(String url) {
        return new AtlasConfig(port, Optional.ofNullable(url), dbReadUrl, localPgPort, tileCacheMb, adminPassword, home, corsOrigins, dbOwnerUrl, dbImportUrl, trustedProxies);
    }

    public AtlasConfig withDbReadUrl(String url) {
        return new AtlasConfig(port, dbUrl, Optional.ofNullable(url), localPgPort, tileCacheMb, adminPassword, home, corsOrigins, dbOwnerUrl, dbImportUrl, trustedProxies);
    }

    public AtlasConfig withLocalPgPort(int newPort) {
        return new AtlasConfig(port, dbUrl, dbReadUrl, newPort, tileCacheMb, adminPassword, home, corsOrigins, dbOwnerUrl, dbImportUrl, trustedProxies);
    }

    public AtlasConfig withTileCacheMb(int mb) {
        return new AtlasConfig(port, dbUrl, dbReadUrl, localPgPort, mb, adminPassword, home, corsOrigins, dbOwnerUrl, dbImportUrl, trustedProxies);
    }

    public AtlasConfig withAdminPassword(String password) {
        return new AtlasConfig(port, dbUrl, dbReadUrl, localPgPort, tileCacheMb, Optional.ofNullable(password), home, corsOrigins, dbOwnerUrl, dbImportUrl, trustedProxies);
    }

    public AtlasConfig withTrustedProxies(java.util.List<String> proxies) {
        return new AtlasConfig(port, dbUrl, dbReadUrl, localPgPort, tileCacheMb, adminPassword, home, corsOrigins, dbOwnerUrl, dbImportUrl,
                java.util.List.copyOf(proxies));
    }

    /** Where the project-local PostGIS keeps its files. */
    public Path localPgDir() {
        return home.resolve(".atlas");
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int intValue(Map<String, String> env, String name, int dflt, int min, int max) {
        Optional<String> raw = text(env, name);
        if (raw.isEmpty()) {
            return dflt;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + raw.get() + "'", e);
        }
    }
}
