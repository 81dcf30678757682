package org.communeatlas.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pool that refuses at once while the database is known to be down, instead of letting each request wait the pool's
 * connection timeout for a connection that cannot come. The refusal is a {@link SQLTransientConnectionException}, as
 * the pool's own timeout is: both are "the database is unavailable", which the web layer answers 503.
 */
final class GuardedDataSource implements DataSource {

    private final DataSource pool;
    private final BooleanSupplier up;

    GuardedDataSource(DataSource pool, BooleanSupplier up) {
        this.pool = pool;
        this.up = up;
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhileDown();
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseWhileDown();
        return pool.getConnection(username, password);
    }

    private void refuseWhileDown() throws SQLTransientConnectionException {
        if (!up.getAsBoolean()) {
            throw new SQLTransientConnectionException("the database is unavailable", "08001");
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
