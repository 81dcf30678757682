package org.communeatlas.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one place that opens, commits and rolls back transactions; every write and every streamed read goes
 * through it. Work that meets a deadlock or a serialization failure — PostgreSQL's way of saying "try again" —
 * can be run with {@link #retrying}: the whole unit of work is run anew on a fresh transaction.
 */
public final class Transactions {

    /** How often {@link #retrying} runs a unit of work before the failure is the caller's. */
    public static final int ATTEMPTS = 3;

    /** A unit of work on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A unit of work that also writes to a stream (rows read through a cursor, written to a response or a file). */
    @FunctionalInterface
    public interface StreamWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /** What a unit of work decided: its result, and whether its changes stay. */
    public record Outcome<T>(T value, boolean commit) {

        public static <T> Outcome<T> commit(T value) {
            return new Outcome<>(value, true);
        }

        public static <T> Outcome<T> rollback(T value) {
            return new Outcome<>(value, false);
        }
    }

    private Transactions() {
    }

    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    public static <T> T inTransaction(DataSource db, Work<T> work) throws SQLException {
        return decide(db, c -> Outcome.commit(work.run(c)));
    }

    /** As {@link #inTransaction}, on a connection the caller holds (and keeps). */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        return decide(c, x -> Outcome.commit(work.run(x)));
    }

    /** Runs {@code work} in a transaction that it commits or rolls back by its {@link Outcome} (a dry run rolls back). */
    public static <T> T decide(DataSource db, Work<Outcome<T>> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            return decide(c, work);
        }
    }

    /**
     * As {@link #inTransaction}, run again (up to {@link #ATTEMPTS} times) when PostgreSQL aborts it for a deadlock
     * or a serialization failure. Only for work whose effects are all in the database.
     */
    public static <T> T retrying(DataSource db, Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(db, work);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A read that streams rows through a cursor (PostgreSQL keeps a cursor only inside a transaction): read-only,
     * committed at the end.
     */
    public static <T> T streaming(DataSource db, Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            return streaming(c, work);
        }
    }

    /** As {@link #streaming(DataSource, Work)}, on a connection the caller holds. */
    public static <T> T streaming(Connection c, Work<T> work) throws SQLException {
        boolean readOnly = c.isReadOnly();
        c.setReadOnly(true);
        try {
            return inTransaction(c, work);
        } finally {
            c.setReadOnly(readOnly);
        }
    }

    /**
     * A read that streams rows through a cursor to a writer: read-only, in a transaction (PostgreSQL keeps a cursor
     * only inside one), committed at the end; the writer's I/O failures come out as they are.
     */
    public static <T> T streamTo(DataSource db, StreamWork<T> work) throws SQLException, IOException {
        try {
            return streaming(db, c -> {
                try {
                    return work.run(c);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A bulk load: a write transaction on the caller's connection whose work also reads files (their I/O failures come out as they are). */
    public static <T> T loading(Connection c, StreamWork<T> work) throws SQLException, IOException {
        try {
            return inTransaction(c, x -> {
                try {
                    return work.run(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A read of several statements that must see one snapshot of the database (REPEATABLE READ, read-only): the
     * road network's nodes and the edges between them, for instance.
     */
    public static <T> T snapshot(DataSource db, Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return streaming(c, work);
            } finally {
                c.setTransactionIsolation(isolation);
            }
        }
    }

    private static <T> T decide(Connection c, Work<Outcome<T>> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Outcome<T> outcome = work.run(c);
            if (outcome.commit()) {
                c.commit();
            } else {
                c.rollback();
            }
            return outcome.value();
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException second) {
            cause.addSuppressed(second);
        }
    }

    /** Deadlock detected (40P01) or serialization failure (40001). */
    static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }
}
