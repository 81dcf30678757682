package org.communeatlas.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the database answers, once a second, on a connection of its own with short timeouts:
 * the pool would make a check wait its full connection timeout while the database is down. {@code /health}
 * reads the last result without waiting.
 */
public final class DatabaseHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    private final String url;
    private final ScheduledExecutorService timer;
    private volatile boolean up;
    private volatile String postgisVersion = "";
    /** Kept between checks: a new connection each second cost the database a backend and both sides a SCRAM exchange. */
    private Connection connection;

    public DatabaseHealth(String url) {
        this.url = url;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "db-health");
            t.setDaemon(true);
            return t;
        });
        check();
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    public boolean isUp() {
        return up;
    }

    public String postgisVersion() {
        return postgisVersion;
    }

    private void check() {
        boolean nowUp;
        long started = System.nanoTime();
        try {
            nowUp = ask();
        } catch (SQLException e) {
            closeConnection();
            // a connection the database dropped (a restart) fails at once, and a fresh one decides; a frozen database
            // made this check wait its timeout, and is down
            nowUp = System.nanoTime() - started < 1_000_000_000L && askAfresh();
        }
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

    private boolean askAfresh() {
        try {
            return ask();
        } catch (SQLException e) {
            closeConnection();
            return false;
        }
    }

    /** One check on the kept connection, opened first if there is none. */
    private boolean ask() throws SQLException {
        if (connection == null) {
            Properties props = new Properties();
            props.setProperty("connectTimeout", "2");
            props.setProperty("socketTimeout", "3");
            props.setProperty("loginTimeout", "3");
            props.setProperty("ApplicationName", "commune-atlas-health");
            connection = DriverManager.getConnection(url, props);
        }
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(2);
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
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
