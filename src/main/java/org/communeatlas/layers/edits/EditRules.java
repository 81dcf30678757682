package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;

/**
 * What makes one collection's edits its own, beside what {@link FeatureEditService} does for every collection (the
 * importer's field checks, the geometry read by PostGIS, the officer's communes, If-Match, one code per row, the audit
 * log, one transaction with the Idempotency-Key). A new editable collection is a new {@code EditRules}, nothing more.
 */
abstract class EditRules {

    private final EditableTable table;
    private final FileLayer layer;
    private final Set<String> readOnly;
    private final Map<String, Object> absent;

    /**
     * @param layer    the importer's layer of the collection: the fields a feature's properties are checked by
     * @param readOnly properties a feature shows but a client cannot set (QGIS sends them back with every save: they are let go)
     * @param absent   what an optional property left out means, where the row holds a value for it
     */
    EditRules(EditableTable table, String layer, Set<String> readOnly, Map<String, Object> absent) {
        this.table = table;
        this.layer = FileLayers.get(layer);
        this.readOnly = readOnly;
        this.absent = absent;
    }

    /** Where the collection's rows are and how they are read and written. */
    final EditableTable table() {
        return table;
    }

    final FileLayer layer() {
        return layer;
    }

    final Set<String> readOnly() {
        return readOnly;
    }

    /** Refuses a writer the collection does not take, beyond the officer's role every write needs. */
    void requireWriter(Viewer viewer) {
    }

    /** Where a row with these properties belongs: its commune (the scope of the officer who writes it) and the columns naming it. */
    record Place(int communeId, Map<String, Object> columns) {
    }

    /**
     * The row's place from its checked properties, refused (400, naming the property) when it names no place: by
     * default the commune its {@code commune_code} names, set as {@code commune_id}.
     */
    Place place(Connection c, CheckedRow row) throws SQLException {
        int commune = Places.commune(c, row.text("commune_code"));
        return new Place(commune, Map.of("commune_id", commune));
    }

    /**
     * The columns of {@link EditableTable#columns()} a write sets: those naming its place, then each the property of its
     * name (or what leaving it out means).
     */
    final Map<String, Object> columns(CheckedRow row, Place place) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String name : table.columns()) {
            Object value = place.columns().containsKey(name) ? place.columns().get(name) : row.value(name);
            columns.put(name, value != null ? value : absent.get(name));
        }
        return columns;
    }

    /** Refuses a write the collection's rules forbid; {@code now} is null for a new feature. */
    void checkWrite(Connection c, FeatureRowStore.Current now, Map<String, Object> columns) throws SQLException {
    }

    /** Refuses a delete that would leave something depending on the row without it. */
    void checkDelete(Connection c, FeatureRowStore.Current now) throws SQLException {
    }
}
