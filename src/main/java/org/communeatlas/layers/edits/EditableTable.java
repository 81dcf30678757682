package org.communeatlas.layers.edits;

import java.util.List;

/**
 * How one editable collection's rows are read and written, declared once: {@link FeatureRowStore} builds its SQL from
 * it. The table is aliased {@code t} in {@code from}; every editable table has {@code id}, {@code code} and {@code geom}.
 *
 * @param kind     the row's kind in the audit log and its ETags ("household")
 * @param noun     what a person calls one, in Vietnamese ("hộ"), for messages
 * @param table    the table written
 * @param key      the column the feature's id is: {@code id}, or {@code code} (villages)
 * @param from     the table joined to what its writable properties show, e.g. {@code household t JOIN village v ON …}
 * @param commune  the SQL of the row's commune (the officer's scope)
 * @param writable {@code json_build_object} arguments: the properties a client writes, as the row holds them now
 * @param facts    {@code json_build_object} arguments: what the layer's rules read of the row but no client writes
 * @param columns  the columns a write sets besides {@code geom}, in the order its values are bound
 * @param shape    what the geometry is
 * @param versionRequired whether a write must name the version it was made on (If-Match): a write without one is taken
 *                 as unconditional, and audited so, where it is not
 */
record EditableTable(String kind, String noun, String table, String key, String from, String commune, String writable, String facts,
                     List<String> columns, Shape shape, boolean versionRequired) {

    /** The geometry a collection's features have. */
    enum Shape {
        POINT("phải là Point: {\"type\": \"Point\", \"coordinates\": [x, y]}"),
        AREA("phải là Polygon hoặc MultiPolygon");

        /** What the geometry must be, said to whoever sent another. */
        final String expected;

        Shape(String expected) {
            this.expected = expected;
        }
    }

    boolean numericKey() {
        return key.equals("id");
    }
}
