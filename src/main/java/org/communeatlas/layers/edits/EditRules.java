package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
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
    private final Map<String, Object> absent;
    private final Map<String, String> kept;

    /**
     * @param layer    the importer's layer of the collection: the fields a feature's properties are checked by
     * @param absent   what an optional property left out means, where the row holds a value for it
     * @param kept     read-only properties the row holds and other actions change (a site's occupancy moves with
     *                 check-ins), each with where it is changed: sent as they are, they are let go; sent changed, refused
     *                 (400) rather than silently ignored. Their values are among the table's facts.
     */
    EditRules(EditableTable table, String layer, Map<String, Object> absent, Map<String, String> kept) {
        this.table = table;
        this.layer = FileLayers.get(layer);
        this.absent = absent;
        this.kept = kept;
    }

    /** Where the collection's rows are and how they are read and written. */
    final EditableTable table() {
        return table;
    }

    final FileLayer layer() {
        return layer;
    }

    /**
     * Refuses (400, naming it) a kept property sent with another value than the row's ({@code now} null: a new row,
     * whose value is none or 0).
     */
    final void requireKept(JsonNode properties, FeatureRowStore.Current now) {
        if (properties == null || !properties.isObject()) {
            return;
        }
        kept.forEach((name, where) -> {
            JsonNode sent = properties.get(name);
            if (sent == null || sent.isNull()) {
                return;
            }
            JsonNode current = now == null ? null : now.facts().get(name);
            boolean same = current == null || current.isNull() ? sent.isNumber() && sent.asDouble() == 0 : sent.equals(current)
                    || sent.isNumber() && current.isNumber() && sent.asDouble() == current.asDouble();
            if (!same) {
                throw InvalidInputException.field(name, "chỉ đọc ở đây: " + where);
            }
        });
    }

    /** Whether the collection takes writes from {@code viewer}, beyond the officer's role every write needs. */
    boolean writableBy(Viewer viewer) {
        return true;
    }

    /** Who may write the collection, said to one who may not. */
    String writers() {
        return "Chỉ cán bộ xã và quản trị viên sửa lớp này";
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
