package org.communeatlas.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.DemoLoader;
import org.communeatlas.data.generator.DemoGenerator;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.db.LocalCredentials;
import org.communeatlas.db.Migrations;
import org.communeatlas.db.LocalPostgres;

/**
 * Benchmark databases in the project-local PostGIS, separate from the one {@code make run} serves: the
 * demo data ({@code atlas_bench}) and larger generated sets ({@code atlas_bench_<n>}), created once and
 * reused by later runs.
 */
final class BenchDatabase {

    private final AtlasConfig config;
    private final LocalPostgres local;

    BenchDatabase(AtlasConfig config) {
        this.config = config;
        this.local = new LocalPostgres(config.localPgDir(), config.localPgPort(), false);
        local.start();
    }

    /** The demo dataset, loaded if the database is new. */
    String demo() {
        return prepare("atlas_bench", config.home().resolve("data"));
    }

    /** A generated dataset with this many households (generated under target/ once). */
    String generated(int households, DemoGenerator.Spread spread) throws java.io.IOException {
        String name = households + "_" + spread.name().toLowerCase(java.util.Locale.ROOT);
        Path dir = config.home().resolve("target").resolve("bench-data-" + name);
        if (!dir.resolve("manifest.json").toFile().exists()) {
            System.out.printf("generating a dataset of %,d households (%s) in %s ...%n", households, spread, dir);
            DemoGenerator.generate(DemoGenerator.DEFAULT_SEED, households, spread, dir);
        }
        return prepare("atlas_bench_" + name, dir);
    }

    /** A fresh copy of the demo database, for work that changes it; dropped and made again on each call. */
    String demoCopy(String name) {
        demo();
        String admin = local.jdbcUrl("postgres");
        exec(admin, "DROP DATABASE IF EXISTS " + name);
        exec(admin, "CREATE DATABASE " + name + " OWNER " + LocalCredentials.Role.OWNER.roleName + " TEMPLATE atlas_bench");
        return local.jdbcUrl(name);
    }

    /** Stops the local PostgreSQL (fast: open transactions rolled back) and starts it again; returns when it accepts connections. */
    void restart() {
        local.stop();
        local.start();
    }

    void drop(String name) {
        exec(local.jdbcUrl("postgres"), "DROP DATABASE IF EXISTS " + name);
    }

    private String prepare(String name, Path data) {
        local.ensureDatabase(name);
        String url = local.jdbcUrl(name);
        DatabaseUrls urls = local.urls(name);
        Migrations.run(urls.owner().orElseThrow(), urls.grantees());
        try (Database db = Database.connect(urls.owner().orElseThrow(), Optional.empty(), 2)) {
            if (DemoLoader.isEmpty(db.writer())) {
                System.out.printf("loading %s into %s ...%n", data, name);
                DemoLoader.load(db.writer(), data);
            }
        }
        return url;
    }

    static void exec(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
