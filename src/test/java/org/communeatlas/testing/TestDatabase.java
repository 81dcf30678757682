package org.communeatlas.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.communeatlas.data.DemoLoader;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.db.LocalCredentials;
import org.communeatlas.db.Migrations;
import org.communeatlas.db.LocalPostgres;

/**
 * A real, throwaway PostGIS for the tests: one cluster per test JVM under {@code target/test-pg}, on a
 * free port, stopped when the JVM ends. A template database is migrated (and, once prepared, filled with
 * the demo data) once; each test class gets its own copy through {@code CREATE DATABASE ... TEMPLATE},
 * which takes about a second, so tests may write freely without disturbing each other.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static LocalPostgres cluster;
    private static boolean templateReady;

    private TestDatabase() {
    }

    /** The shared test cluster, started on first use. */
    public static synchronized LocalPostgres cluster() {
        if (cluster == null) {
            cluster = new LocalPostgres(Path.of("target", "test-pg"), freePort(), true);
            cluster.start();
            dropLeftovers();
            LocalPostgres started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-pg-stop"));
        }
        return cluster;
    }

    /** A fresh, migrated, empty database (its superuser's URL; {@link #urls} gives the project's roles'). */
    public static String emptyDatabase() {
        String name = "t_empty_" + COUNTER.incrementAndGet();
        cluster().ensureDatabase(name);
        DatabaseUrls urls = cluster().urls(name);
        Migrations.run(urls.owner().orElseThrow(), urls.grantees());
        return cluster().jdbcUrl(name);
    }

    /** A fresh database with no schema at all (for migration tests), owned by the owner role, extensions made. */
    public static String blankDatabase() {
        String name = "t_blank_" + COUNTER.incrementAndGet();
        cluster().ensureDatabase(name);
        return cluster().jdbcUrl(name);
    }

    /** The server's, the owner's and the importer's URLs of a test database, given its superuser's URL. */
    public static DatabaseUrls urls(String url) {
        return cluster().urls(url.replaceAll("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1"));
    }

    /** A fresh copy of the migrated template with the demo data loaded. */
    public static synchronized String demoDatabase() {
        if (!templateReady) {
            dropIfExists("atlas_template");
            cluster().ensureDatabase("atlas_template");
            DatabaseUrls urls = cluster().urls("atlas_template");
            Migrations.run(urls.owner().orElseThrow(), urls.grantees());
            try (Database db = Database.connect(urls.owner().orElseThrow(), Optional.empty(), 4)) {
                DemoLoader.load(db.writer(), Path.of("data"));
            }
            exec("postgres", "ALTER DATABASE atlas_template WITH ALLOW_CONNECTIONS false");
            templateReady = true;
        }
        String name = "t_demo_" + COUNTER.incrementAndGet();
        create(name, "atlas_template");
        return cluster().jdbcUrl(name);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** The cluster directory is reused between runs; databases of an earlier run are dropped. */
    private static void dropLeftovers() {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("postgres")); var s = c.createStatement();
             var rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname = 'atlas_template'")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            for (String name : names) {
                dropIfExists(name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not clean the test cluster: " + e.getMessage(), e);
        }
    }

    private static void create(String name, String template) {
        exec("postgres", "CREATE DATABASE " + name + " OWNER " + LocalCredentials.Role.OWNER.roleName + " TEMPLATE " + template);
    }

    private static void dropIfExists(String name) {
        exec("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void exec(String database, String sql) {
        try (Connection c = DriverManager.getConnection(cluster().jdbcUrl(database)); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
