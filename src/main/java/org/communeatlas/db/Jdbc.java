package org.communeatlas.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds values to a prepared statement in order; every value in every query goes through here. */
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
}
