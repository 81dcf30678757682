package org.communeatlas.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Reads from the replica when it can answer as the primary would, else from the primary: the replica must be up, not
 * too far behind, and have replayed both the newest change this server was told of (the tiles it caches and the live
 * events it sends must not be older than the news) and the request's own last write ({@link ReadYourWrites}). A
 * replica connection that cannot be had sends this read, and the next ones until the watch sees the replica again, to
 * the primary.
 */
final class ReplicaRouting extends ForwardingDataSource {

    private final DataSource replica;
    private final ReplicaWatch watch;
    private final LongSupplier newestChange;
    private final AtomicLong replicaReads = new AtomicLong();
    private final AtomicLong primaryReads = new AtomicLong();

    /**
     * @param replica      the replica's pool
     * @param primary      the primary's pool, for reads the replica cannot serve
     * @param watch        the replica's state
     * @param newestChange the primary's WAL position at the newest change announced
     */
    ReplicaRouting(DataSource replica, DataSource primary, ReplicaWatch watch, LongSupplier newestChange) {
        super(primary);
        this.replica = replica;
        this.watch = watch;
        this.newestChange = newestChange;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (watch.serves(Math.max(ReadYourWrites.required(), newestChange.getAsLong()))) {
            try {
                Connection c = replica.getConnection();
                replicaReads.incrementAndGet();
                return c;
            } catch (SQLException e) {
                watch.failed();
            }
        }
        primaryReads.incrementAndGet();
        return pool.getConnection();
    }

    long replicaReads() {
        return replicaReads.get();
    }

    long primaryReads() {
        return primaryReads.get();
    }
}
