package org.communeatlas.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What {@code cluster up} does to its databases — a primary, and a standby copied from it by pg_basebackup — run as a
 * program of its own, so that a test can start it with the environment a user has (a PGPASSWORD exported, a PGHOST).
 * Exits 0 when the standby is in recovery and has replayed a row written on the primary.
 */
public final class StandbyProbe {

    private StandbyProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        LocalPostgres primary = new LocalPostgres(base, Integer.parseInt(args[1]), true);
        LocalPostgres standby = LocalPostgres.standbyOf(primary, base.resolve("standby"), Integer.parseInt(args[2]));
        int exit = 1;
        try {
            primary.start();
            primary.ensureDatabase("probe");
            try (Connection c = DriverManager.getConnection(primary.jdbcUrl("probe")); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS probe (n int)");
                s.execute("INSERT INTO probe VALUES (42)");
            }
            standby.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && exit != 0) {
                try (Connection c = DriverManager.getConnection(standby.jdbcUrl("probe")); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM probe WHERE n = 42)")) {
                    rs.next();
                    exit = rs.getBoolean(1) ? 0 : 1;
                } catch (java.sql.SQLException notYet) {
                    Thread.sleep(200);
                }
            }
        } finally {
            standby.stop();
            primary.stop();
        }
        System.out.println(exit == 0 ? "standby replicates" : "standby does not replicate");
        System.exit(exit);
    }
}
