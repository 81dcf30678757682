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
        try (var c = DriverManager.getConnection(pg.jdbcUrl("ext_check")); var s = c.createStatement()) {
            s.execute("CREATE EXTENSION postgis; CREATE EXTENSION pgrouting; CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm");
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
