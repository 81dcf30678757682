package org.communeatlas.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A pool that tells busy from down. While the database is down it refuses at once, instead of letting each request
 * wait for a connection that cannot come. While it is up, a request waits its turn for a connection — the pool's queue
 * is served in order — for as long as a statement may run ({@link Database#STATEMENT_TIMEOUT_SECONDS}): 64 families
 * checking into one school at once are a busy morning, not an outage. The wait is taken in the pool's short slices so
 * that a database going down meanwhile ends it. A refusal is a {@link SQLTransientConnectionException}: "the database is
 * unavailable", which the web layer answers 503.
 */
final class GuardedDataSource extends ForwardingDataSource {

    private final BooleanSupplier up;
    private final long longestWaitNanos;

    GuardedDataSource(DataSource pool, BooleanSupplier up) {
        this(pool, up, java.time.Duration.ofSeconds(Database.STATEMENT_TIMEOUT_SECONDS));
    }

    GuardedDataSource(DataSource pool, BooleanSupplier up, java.time.Duration longestWait) {
        super(pool);
        this.up = up;
        this.longestWaitNanos = longestWait.toNanos();
    }

    @Override
    public Connection getConnection() throws SQLException {
        long started = System.nanoTime();
        while (true) {
            if (!up.getAsBoolean()) {
                throw new SQLTransientConnectionException("the database is unavailable", "08001");
            }
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException busy) {
                if (System.nanoTime() - started >= longestWaitNanos) {
                    throw busy;
                }
            }
        }
    }
}
