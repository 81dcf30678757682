package org.communeatlas.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's connection pools: one for writes and reads that must see them, and one for tile and
 * feature reads that may go to a replica ({@code ATLAS_DB_READ_URL}); without a replica both are the same.
 * Every connection carries a statement timeout so that no query can hold a worker forever.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Longest any single statement may run; user-typed input must never be able to exceed it. */
    public static final int STATEMENT_TIMEOUT_SECONDS = 30;
    /** The time zone of the people the product serves: dates such as "today" are theirs. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Ho_Chi_Minh");

    private final String url;
    private final HikariDataSource writer;
    private final HikariDataSource reader;

    private Database(String url, HikariDataSource writer, HikariDataSource reader) {
        this.url = url;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens pools for a database URL and an optional read replica. */
    public static Database connect(String url, Optional<String> readUrl, int poolSize) {
        return connect(url, readUrl, poolSize, null);
    }

    /** Opens the pools, reporting their use (active, idle, waiting, timings) to a metrics registry if given. */
    public static Database connect(String url, Optional<String> readUrl, int poolSize, MeterRegistry metrics) {
        HikariDataSource writer = pool(url, "atlas-write", poolSize, metrics);
        HikariDataSource reader = readUrl.filter(r -> !r.equals(url)).map(r -> pool(r, "atlas-read", poolSize, metrics)).orElse(writer);
        return new Database(url, writer, reader);
    }

    private static HikariDataSource pool(String url, String name, int size, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        if (metrics != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // Start even while the database is down; /health reports it and the pool recovers by itself.
        config.setInitializationFailTimeout(-1);
        // custom plans always: a tile's or a filter's values change what the best plan is (zoom 8 vs 16),
        // and a cached generic plan chosen after five executions can be several times slower
        // "today" is Vietnam's today (current_date decides which models are active in a village)
        config.setConnectionInitSql("SET statement_timeout = '" + STATEMENT_TIMEOUT_SECONDS + "s'; SET plan_cache_mode = force_custom_plan; "
                + "SET TIME ZONE '" + ZONE.getId() + "'");
        config.addDataSourceProperty("ApplicationName", "commune-atlas");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    public DataSource writer() {
        return writer;
    }

    public DataSource reader() {
        return reader;
    }

    public HikariDataSource writerPool() {
        return writer;
    }

    public String url() {
        return url;
    }

    /** The URL with any password masked, for logs. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    @Override
    public void close() {
        if (reader != writer) {
            reader.close();
        }
        writer.close();
    }
}
