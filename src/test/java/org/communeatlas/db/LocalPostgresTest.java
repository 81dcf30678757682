package org.communeatlas.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project-local PostGIS on a real cluster: start, reuse, crash leftovers, port conflicts. */
class LocalPostgresTest {

    private static Path dir;
    private static LocalPostgres pg;

    @BeforeAll
    static void start() throws IOException {
        dir = Path.of("target", "local-pg-test");
        pg = new LocalPostgres(dir, TestDatabase.freePort(), true);
        pg.start();
    }

    @AfterAll
    static void stop() {
        pg.stop();
    }

    @Test
    void startsWithPostgisPgroutingUnaccentAndTrigram() throws SQLException {
        try (var c = DriverManager.getConnection(pg.jdbcUrl("postgres")); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS ext_check");
        }
        pg.ensureDatabase("ext_check");
        // the database belongs to the owner role, which is no superuser; the extensions were made for it
        try (var c = DriverManager.getConnection(pg.jdbcUrl("ext_check", LocalCredentials.Role.OWNER)); var s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT pg_get_userbyid(datdba), (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                    + "FROM pg_database WHERE datname = current_database()")) {
                rs.next();
                assertEquals("atlas_owner", rs.getString(1));
                assertEquals(false, rs.getBoolean(2));
            }
            try (var rs = s.executeQuery("SELECT postgis_lib_version(), pgr_version(), unaccent('Tam Thăng'), similarity('abc', 'abd') > 0")) {
                rs.next();
                assertTrue(rs.getString(1).startsWith("3."), rs.getString(1));
                assertTrue(rs.getString(2).startsWith("3."), rs.getString(2));
                assertEquals("Tam Thang", rs.getString(3));
                assertTrue(rs.getBoolean(4));
            }
        }
    }

    @Test
    void everyRoleNeedsItsPasswordAndNoneIsASuperuserButPostgres() throws SQLException {
        String noPassword = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres";
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(noPassword).close());
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
        String wrong = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=atlas_app&password=guess";
        assertThrows(SQLException.class, () -> DriverManager.getConnection(wrong).close());
        try (var c = DriverManager.getConnection(pg.jdbcUrl("postgres")); var s = c.createStatement();
             var rs = s.executeQuery("SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, coalesce(array_to_string(rolconfig, ','), ''), rolreplication "
                     + "FROM pg_roles WHERE rolname LIKE 'atlas%' ORDER BY 1")) {
            int roles = 0;
            while (rs.next()) {
                roles++;
                assertEquals(false, rs.getBoolean(2), rs.getString(1));
                assertEquals(false, rs.getBoolean(3), rs.getString(1));
                assertEquals(false, rs.getBoolean(4), rs.getString(1));
                if (rs.getString(1).equals("atlas_app")) {
                    assertTrue(rs.getString(5).contains("statement_timeout=30s"), rs.getString(5));
                }
                // only the standby's role reads the WAL
                assertEquals(rs.getString(1).equals("atlas_replication"), rs.getBoolean(6), rs.getString(1));
            }
            assertEquals(4, roles);
        }
        try (var c = DriverManager.getConnection(pg.jdbcUrl("postgres", LocalCredentials.Role.APP))) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void aClusterThatTrustedLocalConnectionsIsSecuredAndItsDatabaseHandedToTheOwner() throws Exception {
        // a cluster of its own, new at every run
        Path old = Path.of("target", "local-pg-trusting-" + System.nanoTime());
        LocalPostgres first = new LocalPostgres(old, TestDatabase.freePort(), true);
        first.start();
        first.ensureDatabase("legacy");
        first.stop();
        // as before the project had roles: trust on every local connection, objects of the superuser's
        Path base = first.dataDir().getParent();
        java.nio.file.Files.delete(base.resolve("credentials.properties"));
        java.nio.file.Files.writeString(first.dataDir().resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        LocalPostgres trusting = new LocalPostgres(old, first.port(), true);
        try {
            // start it the old way: no credentials file, trust in pg_hba.conf
            trusting.start();
            String noPassword = "jdbc:postgresql://127.0.0.1:" + trusting.port() + "/postgres?user=postgres";
            assertThrows(SQLException.class, () -> DriverManager.getConnection(noPassword).close(), "trust is gone");
            try (var c = DriverManager.getConnection(trusting.jdbcUrl("legacy")); var s = c.createStatement()) {
                s.execute("ALTER DATABASE legacy OWNER TO postgres; CREATE TABLE old_table (id int); CREATE SEQUENCE old_seq");
            }
            trusting.ensureDatabase("legacy");
            assertEquals("atlas_owner", scalar(trusting.jdbcUrl("legacy"), "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'legacy'"));
            assertEquals("atlas_owner", scalar(trusting.jdbcUrl("legacy"), "SELECT tableowner FROM pg_tables WHERE tablename = 'old_table'"));
            assertEquals("atlas_owner", scalar(trusting.jdbcUrl("legacy"), "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'old_seq'"));
            assertEquals("postgres", scalar(trusting.jdbcUrl("legacy"), "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'spatial_ref_sys'"),
                    "extension objects stay the extension's");
        } finally {
            trusting.stop();
            try (var walk = Files.walk(first.dataDir().getParent())) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String scalar(String url, String sql) throws SQLException {
        try (var c = DriverManager.getConnection(url); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void secondStartReusesTheRunningCluster() {
        long before = System.nanoTime();
        new LocalPostgres(dir, pg.port(), true).start();
        assertTrue(pg.isRunning());
        assertTrue((System.nanoTime() - before) / 1_000_000 < 5_000, "reuse should take well under 5 s");
    }

    @Test
    void ensureDatabaseIsIdempotentAndRefusesOddNames() {
        pg.ensureDatabase("twice");
        pg.ensureDatabase("twice");
        assertThrows(IllegalArgumentException.class, () -> pg.ensureDatabase("bad; DROP"));
    }

    @Test
    void aTakenPortGivesAClearErrorNamingThePortAndTheVariable() throws IOException {
        Path other = Files.createTempDirectory(Path.of("target"), "pg-port-");
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalPostgres blocked = new LocalPostgres(other, squatter.getLocalPort(), true);
            LocalPostgresException e = assertThrows(LocalPostgresException.class, blocked::start);
            assertTrue(e.getMessage().contains(Integer.toString(squatter.getLocalPort())), e.getMessage());
            assertTrue(e.getMessage().contains("ATLAS_LOCAL_PG_PORT"), e.getMessage());
        }
    }

    @Test
    void survivesAStalePidFileAndAnInterruptedInitdb() throws IOException {
        Path other = Files.createTempDirectory(Path.of("target"), "pg-crash-");
        // an initdb that died half-way leaves a data directory without PG_VERSION
        Files.createDirectories(other.resolve("pg"));
        Files.writeString(other.resolve("pg").resolve("half-written"), "x");
        LocalPostgres crashed = new LocalPostgres(other, TestDatabase.freePort(), true);
        crashed.start();
        assertTrue(crashed.isRunning());
        crashed.stop();
        assertFalse(crashed.isRunning());
        // a crash leaves postmaster.pid naming a process that no longer exists
        Path pid = crashed.dataDir().resolve("postmaster.pid");
        Files.writeString(pid, "999999\n" + crashed.dataDir() + "\n1700000000\n" + crashed.port() + "\n");
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setOwner(pid, pid.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        }
        crashed.start();
        assertTrue(crashed.isRunning());
        crashed.stop();
    }
}
