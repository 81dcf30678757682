package org.communeatlas.layers.features;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.db.Jdbc;
import org.communeatlas.db.Transactions;
import org.communeatlas.layers.cql.SqlFragment;

/**
 * Runs feature queries on the read pool. Rows are fetched through a cursor, 2,000 at a time, and handed on
 * one by one, so a 10,000-feature page never sits whole in the heap.
 */
public final class FeatureReader {

    private static final int FETCH = 2_000;

    /** Receives rows one at a time. */
    public interface RowSink {
        void row(ResultSet rs) throws SQLException, java.io.IOException;
    }

    private final DataSource reader;

    public FeatureReader(DataSource reader) {
        this.reader = reader;
    }

    public long count(SqlFragment query) {
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(query.sql())) {
            Jdbc.bind(ps, query.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("count failed: " + e.getMessage(), e);
        }
    }

    /** Streams the rows of a query to the sink; returns how many there were. */
    public int stream(SqlFragment query, RowSink sink) throws Exception {
        return Transactions.streamTo(reader, c -> {
            try (PreparedStatement ps = c.prepareStatement(query.sql())) {
                ps.setFetchSize(FETCH);
                Jdbc.bind(ps, query.params());
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.row(rs);
                        n++;
                    }
                }
                return n;
            }
        });
    }

    /** The first column of every row, as text (small results only). */
    public List<String> strings(SqlFragment query) {
        List<String> out = new ArrayList<>();
        try {
            stream(query, rs -> out.add(rs.getString(1)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
        return out;
    }
}
