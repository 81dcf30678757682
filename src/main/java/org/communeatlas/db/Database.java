package org.communeatlas.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's connection pools: one for writes and reads that must see them, one for tile and feature reads that may
 * go to a replica ({@code ATLAS_DB_READ_URL}; without a replica the same pool), and one for tiles from zoom 11 on the
 * read database whose statements keep their generic plans. Every connection carries a statement timeout so that no
 * query can hold a worker forever.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Longest any single statement may run; user-typed input must never be able to exceed it. */
    public static final int STATEMENT_TIMEOUT_SECONDS = 30;
    /** How much longer than a statement may run a connection waits for the database before giving up. */
    private static final int SOCKET_MARGIN_SECONDS = 3;
    /** Longest wait for a pooled connection. */
    static final int CONNECTION_WAIT_MILLIS = 2_000;
    /** The time zone of the people the product serves: dates such as "today" are theirs. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Ho_Chi_Minh");

    private final String url;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final HikariDataSource tiles;

    /** How PostgreSQL plans a prepared statement it has seen before on the connection. */
    enum Plans {
        /** Planned again for every execution's values: a filter's or a page's values change the best plan. */
        CUSTOM("force_custom_plan"),
        /**
         * Planned once per connection: a tile statement's plan is the same for every z/x/y of the zooms it serves, and
         * planning is a third of a small tile's cost (zoom 15 households: 3,381 tiles/s against 2,370 with custom plans).
         */
        GENERIC("force_generic_plan");

        final String setting;

        Plans(String setting) {
            this.setting = setting;
        }
    }

    /** Whether the database answers, as the health watcher last saw; until one is attached, assumed so. */
    private volatile BooleanSupplier up = () -> true;
    private final DataSource guardedWriter;
    private final DataSource guardedReader;
    private final DataSource guardedTiles;

    private Database(String url, HikariDataSource writer, HikariDataSource reader, HikariDataSource tiles) {
        this.url = url;
        this.writer = writer;
        this.reader = reader;
        this.tiles = tiles;
        this.guardedWriter = new GuardedDataSource(writer, () -> up.getAsBoolean());
        this.guardedReader = reader == writer ? guardedWriter : new GuardedDataSource(reader, () -> up.getAsBoolean());
        this.guardedTiles = new GuardedDataSource(tiles, () -> up.getAsBoolean());
    }

    /** From now on, while {@code databaseUp} says no, every pool refuses at once rather than wait for a connection. */
    public void refuseWhileDown(BooleanSupplier databaseUp) {
        this.up = databaseUp;
    }

    /** Opens pools for a database URL and an optional read replica. */
    public static Database connect(String url, Optional<String> readUrl, int poolSize) {
        return connect(url, readUrl, poolSize, null);
    }

    /** Opens the pools, reporting their use (active, idle, waiting, timings) to a metrics registry if given. */
    public static Database connect(String url, Optional<String> readUrl, int poolSize, MeterRegistry metrics) {
        HikariDataSource writer = pool(url, "atlas-write", poolSize, metrics, Plans.CUSTOM);
        HikariDataSource reader = readUrl.filter(r -> !r.equals(url)).map(r -> pool(r, "atlas-read", poolSize, metrics, Plans.CUSTOM)).orElse(writer);
        // two cores of PostgreSQL are busy with half the connections; more only queue inside it
        HikariDataSource tiles = pool(readUrl.orElse(url), "atlas-tiles", Math.max(2, poolSize / 2), metrics, Plans.GENERIC);
        return new Database(url, writer, reader, tiles);
    }

    private static HikariDataSource pool(String url, String name, int size, MeterRegistry metrics, Plans plans) {
        HikariConfig config = new HikariConfig();
        if (metrics != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        // a request waits at most this long for a connection: the database is down or swamped, and the client is
        // better told so (503, Retry-After) than kept waiting
        config.setConnectionTimeout(CONNECTION_WAIT_MILLIS);
        config.setValidationTimeout(2_000);
        // Start even while the database is down; /health reports it and the pool recovers by itself.
        config.setInitializationFailTimeout(-1);
        // "today" is Vietnam's today (current_date decides which models are active in a village)
        config.setConnectionInitSql("SET statement_timeout = '" + STATEMENT_TIMEOUT_SECONDS + "s'; SET plan_cache_mode = " + plans.setting + "; "
                + "SET TIME ZONE '" + ZONE.getId() + "'");
        config.addDataSourceProperty("ApplicationName", "commune-atlas");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // a frozen database cannot enforce its statement timeout: the socket gives up a little after it would have
        config.addDataSourceProperty("socketTimeout", Integer.toString(STATEMENT_TIMEOUT_SECONDS + SOCKET_MARGIN_SECONDS));
        config.addDataSourceProperty("connectTimeout", "2");
        return new HikariDataSource(config);
    }

    public DataSource writer() {
        return guardedWriter;
    }

    public DataSource reader() {
        return guardedReader;
    }

    /** Reads for tiles of the zooms where a statement's generic plan is as good as a custom one (see {@link Plans}). */
    public DataSource tileReader() {
        return guardedTiles;
    }

    public HikariDataSource writerPool() {
        return writer;
    }

    public String url() {
        return url;
    }

    /**
     * Lets the transaction on {@code c} run statements for up to {@code minutes} (0: no limit), for bulk loads and
     * imports: the statement timeout for the transaction, and the connection's socket timeout to match, which the pool
     * puts back when the connection returns.
     */
    public static void allowLongStatements(Connection c, int minutes) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = '" + minutes + "min'");
        }
        c.setNetworkTimeout(Runnable::run, minutes == 0 ? 0 : (minutes * 60 + SOCKET_MARGIN_SECONDS) * 1000);
    }

    /** The URL with any password masked, for logs. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    @Override
    public void close() {
        tiles.close();
        if (reader != writer) {
            reader.close();
        }
        writer.close();
    }
}
