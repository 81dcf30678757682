package org.communeatlas.layers.cql;

import java.util.List;

/** A piece of SQL with its bound values, in order; identifiers in it come only from the layer catalog. */
public record SqlFragment(String sql, List<Object> params) {

    public static final SqlFragment TRUE = new SqlFragment("true", List.of());
}
