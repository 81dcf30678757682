package org.communeatlas.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the database answers, on a connection of its own: the pool would make a check wait its full connection
 * timeout while the database is down. {@code /health} and the pools read the last verdict without waiting.
 * <p>
 * A look is a query on the kept connection. One that has no answer within {@link #SLOW_MILLIS} makes the verdict "down"
 * (frozen, or swamped past use) but is not given up: it stays in flight, so that the moment a stalled database answers
 * again — on a connection already open, with no new sign-in to race — the verdict is "up". A look that fails (a refused
 * or dropped connection) is followed by a fresh one within {@link #DOWN_RECHECK_MILLIS}. While the database is up, one
 * look a second.
 */
public final class DatabaseHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    /** Pause between looks while the database is up, and while it is down. */
    static final long UP_RECHECK_MILLIS = 1_000;
    static final long DOWN_RECHECK_MILLIS = 20;
    /** A look unanswered this long makes the verdict "down". */
    static final long SLOW_MILLIS = 2_000;
    /** How long a look may stay in flight before its connection is given up for a fresh one (a peer gone for good). */
    private static final int GIVE_UP_SECONDS = 60;

    private final String url;
    private final ScheduledExecutorService timer;
    private final ExecutorService looker;
    private volatile boolean up;
    private volatile String postgisVersion = "";
    /** Kept between looks: a new connection each second cost the database a backend and both sides a SCRAM exchange. */
    private Connection connection;
    /** The look under way, if one is; only the timer thread starts one. */
    private CompletableFuture<Boolean> look;

    public DatabaseHealth(String url) {
        this.url = url;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "db-health"));
        this.looker = Executors.newSingleThreadExecutor(r -> daemon(r, "db-health-look"));
        check();
        timer.schedule(this::checkAndReschedule, UP_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public boolean isUp() {
        return up;
    }

    public String postgisVersion() {
        return postgisVersion;
    }

    private void checkAndReschedule() {
        try {
            check();
        } finally {
            if (!timer.isShutdown()) {
                timer.schedule(this::checkAndReschedule, up ? UP_RECHECK_MILLIS : DOWN_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Starts a look unless one is still in flight, and waits for its answer up to {@link #SLOW_MILLIS}. */
    private void check() {
        if (look == null || look.isDone()) {
            look = CompletableFuture.supplyAsync(this::lookOnce, looker);
            look.thenAccept(this::verdict); // a late answer (a stall ending) decides the moment it comes
        }
        try {
            verdict(look.get(SLOW_MILLIS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException slow) {
            verdict(false);
        } catch (ExecutionException e) {
            verdict(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void verdict(boolean nowUp) {
        if (nowUp != up) {
            // the one line an outage writes: requests meanwhile answer 503 without a line each
            if (nowUp) {
                log.info("database is up");
            } else {
                log.warn("database is down: requests that need it answer 503 until it is back");
            }
        }
        up = nowUp;
    }

    /** One look: true when the database answered; a failed connection is dropped for a fresh one next time. */
    private boolean lookOnce() {
        try {
            return ask();
        } catch (SQLException e) {
            closeConnection();
            return false;
        }
    }

    /** One query on the kept connection, opened first if there is none. */
    private boolean ask() throws SQLException {
        if (connection == null) {
            Properties props = new Properties();
            props.setProperty("connectTimeout", "2");
            props.setProperty("loginTimeout", Integer.toString(GIVE_UP_SECONDS));
            props.setProperty("socketTimeout", Integer.toString(GIVE_UP_SECONDS));
            props.setProperty("ApplicationName", "commune-atlas-health");
            connection = DriverManager.getConnection(url, props);
        }
        try (Statement s = connection.createStatement()) {
            try (var rs = s.executeQuery("SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname = 'postgis'), '')")) {
                rs.next();
                postgisVersion = rs.getString(1);
            }
        }
        return true;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already gone
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        looker.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            looker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
