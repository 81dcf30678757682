package org.communeatlas.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's connection pools: one for writes and reads that must see them, one for tile, feature, coverage and search
 * reads, and one for tiles from zoom 11 on whose statements keep their generic plans. With a streaming replica
 * ({@code ATLAS_DB_READ_URL}) the two read pools exist on the replica and on the primary, and each read goes to the
 * replica only when it can answer as the primary would ({@link ReplicaRouting}); without one they are the primary's.
 * Every connection carries a statement timeout so that no query can hold a worker forever.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Longest any single statement may run; user-typed input must never be able to exceed it. */
    public static final int STATEMENT_TIMEOUT_SECONDS = 30;
    /** How much longer than a statement may run a connection waits for the database before giving up. */
    private static final int SOCKET_MARGIN_SECONDS = 3;
    /**
     * One slice of a request's wait for a pooled connection; {@link GuardedDataSource} waits slice after slice while the
     * database is up, up to the statement timeout.
     */
    static final int CONNECTION_WAIT_MILLIS = 1_000;
    /** The time zone of the people the product serves: dates such as "today" are theirs. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Ho_Chi_Minh");

    private final String url;
    private final HikariDataSource writer;
    private final HikariDataSource tiles;
    /** The replica's pools and watch; absent without a replica. */
    private final Optional<Replica> replica;
    /** The primary's WAL position at the newest change announced (0 until one is). */
    private final AtomicLong newestChange = new AtomicLong();

    /** A streaming replica: its read and tile pools, its watch, and the routing of reads between it and the primary. */
    private record Replica(HikariDataSource reader, HikariDataSource tiles, ReplicaWatch watch, ReplicaRouting reads,
                           ReplicaRouting tileReads) {
        void close() {
            watch.close();
            tiles.close();
            reader.close();
        }
    }

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

    private Database(String url, HikariDataSource writer, HikariDataSource tiles, Optional<String> replicaUrl, int poolSize,
                     MeterRegistry metrics) {
        this.url = url;
        this.writer = writer;
        this.tiles = tiles;
        this.guardedWriter = new GuardedDataSource(writer, () -> up.getAsBoolean());
        DataSource primaryTiles = new GuardedDataSource(tiles, () -> up.getAsBoolean());
        this.replica = replicaUrl.map(r -> {
            ReplicaWatch watch = new ReplicaWatch(r, url);
            HikariDataSource reader = pool(r, "atlas-read-replica", poolSize, metrics, Plans.CUSTOM);
            HikariDataSource replicaTiles = pool(r, "atlas-tiles-replica", tileReaders(poolSize), metrics, Plans.GENERIC);
            return new Replica(reader, replicaTiles, watch,
                    new ReplicaRouting(new GuardedDataSource(reader, watch::isUp), guardedWriter, watch, newestChange::get),
                    new ReplicaRouting(new GuardedDataSource(replicaTiles, watch::isUp), primaryTiles, watch, newestChange::get));
        });
        this.guardedReader = replica.<DataSource>map(Replica::reads).orElse(guardedWriter);
        this.guardedTiles = replica.<DataSource>map(Replica::tileReads).orElse(primaryTiles);
        if (metrics != null) {
            replica.ifPresent(rep -> bindReplicaMetrics(rep, metrics));
        }
    }

    private static void bindReplicaMetrics(Replica replica, MeterRegistry metrics) {
        Gauge.builder("atlas_replica_up", replica.watch(), w -> w.isUp() ? 1 : 0)
                .description("1 while the read replica answers").register(metrics);
        Gauge.builder("atlas_replica_lag_seconds", replica.watch(), ReplicaWatch::lagSeconds)
                .description("how long ago the primary was where the replica is now").register(metrics);
        Gauge.builder("atlas_replica_lag_bytes", replica.watch(), ReplicaWatch::lagBytes)
                .description("WAL the replica has not replayed yet").register(metrics);
        for (var pool : java.util.Map.of("read", replica.reads(), "tiles", replica.tileReads()).entrySet()) {
            FunctionCounter.builder("atlas_db_reads", pool.getValue(), ReplicaRouting::replicaReads)
                    .tags("pool", pool.getKey(), "database", "replica").description("read connections taken").register(metrics);
            FunctionCounter.builder("atlas_db_reads", pool.getValue(), ReplicaRouting::primaryReads)
                    .tags("pool", pool.getKey(), "database", "primary").description("read connections taken").register(metrics);
        }
    }

    /** Two cores of PostgreSQL are busy with half the connections; more only queue inside it. */
    private static int tileReaders(int poolSize) {
        return Math.max(2, poolSize / 2);
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
        HikariDataSource tiles = pool(url, "atlas-tiles", tileReaders(poolSize), metrics, Plans.GENERIC);
        return new Database(url, writer, tiles, readUrl.filter(r -> !r.equals(url)), poolSize, metrics);
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
        // one slice of the wait for a connection: the guard asks again whether the database is up between slices
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

    /** How many tiles can be made at once: the tile pool's connections (a replica's tile pool is as large). */
    public int tileConnections() {
        return tiles.getMaximumPoolSize();
    }

    /** Reads for tiles of the zooms where a statement's generic plan is as good as a custom one (see {@link Plans}). */
    public DataSource tileReader() {
        return guardedTiles;
    }

    /** The read replica's state, when there is one. */
    public Optional<ReplicaWatch> replica() {
        return replica.map(Replica::watch);
    }

    /**
     * The primary's WAL position now: a write committed before this call is replayed on a replica that has reached it.
     * The insert position, not the written one: with asynchronous commit a commit record may still wait in the WAL
     * buffers, behind {@code pg_current_wal_lsn()}. Zero without a replica (nothing needs it) or when the primary
     * cannot say.
     */
    public long primaryPosition() {
        if (replica.isEmpty()) {
            return 0;
        }
        try (Connection c = guardedWriter.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return Math.max(0, ReadYourWrites.parse(rs.getString(1)));
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * A change was announced: from now on reads go to the replica only once it has replayed it (a tile cached or an
     * event sent after the news must not show the time before it). Subscribed to the change feed before the caches.
     */
    public void changed(ChangeFeed.Change change) {
        if (replica.isPresent()) {
            long position = primaryPosition();
            newestChange.accumulateAndGet(position, Math::max);
        }
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
        replica.ifPresent(Replica::close);
        tiles.close();
        writer.close();
    }
}
