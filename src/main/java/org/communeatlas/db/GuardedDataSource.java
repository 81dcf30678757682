package org.communeatlas.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A pool that refuses at once while the database is known to be down, instead of letting each request wait the pool's
 * connection timeout for a connection that cannot come. The refusal is a {@link SQLTransientConnectionException}, as
 * the pool's own timeout is: both are "the database is unavailable", which the web layer answers 503.
 */
final class GuardedDataSource extends ForwardingDataSource {

    private final BooleanSupplier up;

    GuardedDataSource(DataSource pool, BooleanSupplier up) {
        super(pool);
        this.up = up;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!up.getAsBoolean()) {
            throw new SQLTransientConnectionException("the database is unavailable", "08001");
        }
        return pool.getConnection();
    }
}
