package org.communeatlas.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a streaming replica against its primary, twice a second, on connections of its own: whether it answers, how
 * far it has replayed the primary's WAL, and how long ago the primary was where the replica is now (its lag in
 * seconds). Readers ask {@link #serves(long)} before taking a replica connection.
 */
public final class ReplicaWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaWatch.class);
    /** A replica further behind than this is skipped: a map would show what changed half a minute ago as not yet. */
    public static final double MAX_LAG_SECONDS = 10;
    private static final long PERIOD_MILLIS = 500;

    /** The primary's WAL position at a moment, to tell how long ago the primary was where the replica is. */
    private record Sample(long nanos, long lsn) {
    }

    private final String replicaUrl;
    private final String primaryUrl;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Sample> unreplayed = new ArrayDeque<>();
    private Connection replica;
    private Connection primary;
    private volatile boolean up;
    private volatile long replayed;
    private volatile long lagBytes;
    private volatile double lagSeconds;

    public ReplicaWatch(String replicaUrl, String primaryUrl) {
        this.replicaUrl = replicaUrl;
        this.primaryUrl = primaryUrl;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replica-watch");
            t.setDaemon(true);
            return t;
        });
        check();
        timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** True when the replica answers, is not too far behind and has replayed the primary's WAL up to {@code lsn}. */
    public boolean serves(long lsn) {
        return up && lagSeconds <= MAX_LAG_SECONDS && replayed >= lsn;
    }

    /** A connection to the replica failed: read from the primary until the next check finds it answering. */
    public void failed() {
        if (up) {
            log.warn("read replica failed; reading from the primary until it answers again");
        }
        up = false;
    }

    public boolean isUp() {
        return up;
    }

    public double lagSeconds() {
        return lagSeconds;
    }

    public long lagBytes() {
        return lagBytes;
    }

    private synchronized void check() {
        long now = System.nanoTime();
        long primaryLsn;
        try {
            primary = open(primary, primaryUrl);
            primaryLsn = lsn(primary, "SELECT pg_current_wal_insert_lsn()::text");
        } catch (SQLException e) {
            primary = close(primary);
            return; // the primary's own health watcher reports it; the replica's lag is unknown meanwhile
        }
        boolean nowUp;
        try {
            replica = open(replica, replicaUrl);
            long r = lsn(replica, "SELECT coalesce(pg_last_wal_replay_lsn(), pg_current_wal_insert_lsn())::text");
            // a replica that is not in recovery (the same server, or one promoted) has everything it has
            replayed = r;
            nowUp = true;
        } catch (SQLException e) {
            replica = close(replica);
            nowUp = false;
        }
        unreplayed.addLast(new Sample(now, primaryLsn));
        while (!unreplayed.isEmpty() && unreplayed.peekFirst().lsn() <= replayed) {
            unreplayed.removeFirst();
        }
        lagBytes = Math.max(0, primaryLsn - replayed);
        lagSeconds = unreplayed.isEmpty() ? 0 : (now - unreplayed.peekFirst().nanos()) / 1e9;
        if (nowUp != up) {
            if (nowUp) {
                log.info("read replica is up ({} bytes behind)", lagBytes);
            } else {
                log.warn("read replica is down: reading from the primary until it is back");
            }
        }
        up = nowUp;
    }

    private static Connection open(Connection c, String url) throws SQLException {
        if (c != null) {
            return c;
        }
        Properties props = new Properties();
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "3");
        props.setProperty("ApplicationName", "commune-atlas-replica-watch");
        return DriverManager.getConnection(url, props);
    }

    private static long lsn(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return ReadYourWrites.parse(rs.getString(1));
        }
    }

    private static Connection close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken; nothing to release
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        replica = close(replica);
        primary = close(primary);
    }
}
