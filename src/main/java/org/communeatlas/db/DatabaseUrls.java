package org.communeatlas.db;

import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where the program connects, and as whom.
 *
 * @param app      the server's role: reads the published tables, writes only those its features write
 * @param owner    the role that owns the schema and runs the migrations; empty when the server is not to migrate
 * @param importer the role GDAL stages imports as (it writes only in {@code atlas_import}); empty: the server's own
 */
public record DatabaseUrls(String app, Optional<String> owner, Optional<String> importer) {

    /** The user name a JDBC URL logs in as (its {@code user} parameter), if it says. */
    public static Optional<String> user(String jdbcUrl) {
        Properties p = Driver.parseURL(jdbcUrl, new Properties());
        return p == null ? Optional.empty() : Optional.ofNullable(p.getProperty("user"));
    }

    /** The roles the owner grants to after a migration: the server's and the importer's, when the URLs name them. */
    public Optional<Migrations.Grantees> grantees() {
        return user(app).map(appRole -> new Migrations.Grantees(appRole, importer.flatMap(DatabaseUrls::user)));
    }

    /** The URL GDAL stages imports through. */
    public String importUrl() {
        return importer.orElse(app);
    }
}
