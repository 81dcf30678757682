package org.communeatlas.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's migrations ({@code db/migration}, Flyway), run as the role that owns the schema — never as the
 * server's role — followed by the grants that say what the server's and the import role may do ({@code grants.sql}).
 */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final String GRANTS = SqlResource.load(Migrations.class, "grants.sql");

    /** The roles the owner grants to: the server's, and GDAL's for staging imports (empty: the server's own). */
    public record Grantees(String app, Optional<String> importer) {
    }

    private Migrations() {
    }

    /** Migrates the database of {@code ownerUrl} and grants to the roles; returns how many migrations ran. */
    public static int run(String ownerUrl, Optional<Grantees> grantees) {
        try (Database owner = Database.connect(ownerUrl, Optional.empty(), 2)) {
            MigrateResult result = flyway(owner).migrate();
            log.info("schema migrated applied={} version={}", result.migrationsExecuted, result.targetSchemaVersion);
            if (grantees.isPresent()) {
                grant(owner, grantees.get());
            }
            return result.migrationsExecuted;
        }
    }

    /** How many migrations the database at {@code url} has yet to run (read by any role that may read the schema). */
    public static int pending(String url) {
        try (Database db = Database.connect(url, Optional.empty(), 2)) {
            return flyway(db).info().pending().length;
        }
    }

    private static Flyway flyway(Database db) {
        return Flyway.configure().dataSource(db.writer()).locations("classpath:db/migration").load();
    }

    private static void grant(Database owner, Grantees to) {
        String app = Identifiers.quote(to.app());
        String importer = Identifiers.quote(to.importer().orElse(to.app()));
        try (Connection c = owner.writer().getConnection(); Statement s = c.createStatement()) {
            s.execute(GRANTS.replace("{app}", app).replace("{import}", importer));
        } catch (SQLException e) {
            throw new IllegalStateException("could not grant the server's role its rights: " + e.getMessage(), e);
        }
    }
}
