package org.communeatlas.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Binds values to a prepared statement in order (every value in every query goes through here), and reads
 * result rows as maps for JSON answers.
 */
public final class Jdbc {

    private Jdbc() {
    }

    public static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof String[] strings) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", strings));
            } else if (v instanceof Integer[] ints) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("integer", ints));
            } else if (v instanceof Long[] longs) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("bigint", longs));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /** Every remaining row as column label → value, each value passed through {@code convert(label, value)}. */
    public static List<Map<String, Object>> rows(ResultSet rs, BiFunction<String, Object, Object> convert) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i);
                row.put(label, convert.apply(label, rs.getObject(i)));
            }
            rows.add(row);
        }
        return rows;
    }
}
