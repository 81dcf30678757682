package org.communeatlas.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for test assertions against the real database. */
public final class Sql {

    private Sql() {
    }

    public static long count(String url, String sql, Object... params) {
        return ((Number) scalar(url, sql, params)).longValue();
    }

    public static Object scalar(String url, String sql, Object... params) {
        List<Object> row = rows(url, sql, params).get(0);
        return row.get(0);
    }

    /** The first column of every row, as numbers. */
    public static List<Long> longs(String url, String sql, Object... params) {
        return rows(url, sql, params).stream().map(r -> ((Number) r.get(0)).longValue()).toList();
    }

    public static List<List<Object>> rows(String url, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<Object>> out = new ArrayList<>();
            if (!ps.execute()) {
                return out;
            }
            try (ResultSet rs = ps.getResultSet()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static int update(String url, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
