package org.communeatlas.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;

/**
 * Which column of the file feeds which field of the layer: by the headers officials write (case and diacritics
 * ignored) or as the user said ({@code --column "Header=field"}). A point layer read from a sheet takes its
 * coordinates from lon/lat or X/Y columns.
 */
final class ColumnMapping {

    final Map<String, Field> byColumn = new LinkedHashMap<>();
    final Map<String, String> used = new LinkedHashMap<>();
    final List<String> ignored = new ArrayList<>();
    /** The geometry comes from coordinate columns, not from the file's geometry. */
    boolean pointColumns;
    /** The coordinate columns are projected X/Y (a CRS must be given), not lon/lat. */
    boolean xy;

    String columnOf(Field f) {
        return columnOf(f.name());
    }

    /** The file's column that feeds {@code field}, or the field's own name when none does. */
    String columnOf(String field) {
        for (Map.Entry<String, Field> e : byColumn.entrySet()) {
            if (e.getValue().name().equals(field)) {
                return e.getKey();
            }
        }
        return field;
    }

    /** Maps the file's columns to the layer's fields; a required field without a column is refused. */
    static ColumnMapping of(FileLayer layer, List<String> columns, boolean fileHasGeometry, Map<String, String> explicit) {
        List<Field> candidates = new ArrayList<>(layer.fields());
        boolean points = layer.shape() == FileLayer.Shape.POINT && !fileHasGeometry;
        if (points) {
            candidates.addAll(FileLayers.COORDINATES);
        }
        ColumnMapping m = new ColumnMapping();
        for (String column : columns) {
            Field field = null;
            String wanted = explicit.get(column);
            for (Field f : candidates) {
                if (wanted != null ? f.name().equals(wanted) : f.matches(column)) {
                    field = f;
                    break;
                }
            }
            if (wanted != null && field == null) {
                throw InvalidInputException.field("columns", "cột '" + column + "' được gán cho '" + wanted + "', không phải trường của lớp "
                        + layer.name());
            }
            if (field == null) {
                m.ignored.add(column);
                continue;
            }
            if (m.byColumn.containsValue(field)) {
                throw InvalidInputException.field("columns", "hai cột cùng là '" + field.name() + "': '" + m.columnOf(field) + "' và '" + column
                        + "'; chọn một bằng --column");
            }
            m.byColumn.put(column, field);
            m.used.put(column, field.name());
        }
        for (String column : explicit.keySet()) {
            if (!columns.contains(column)) {
                throw InvalidInputException.field("columns", "tệp không có cột '" + column + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        for (Field f : layer.fields()) {
            if (f.required() && !m.byColumn.containsValue(f)) {
                missing.add(f.headers().isEmpty() ? f.name() : f.headers().get(0) + " (" + f.name() + ")");
            }
        }
        if (points) {
            boolean lonLat = m.used.containsValue("lon") && m.used.containsValue("lat");
            m.xy = !lonLat && m.used.containsValue("x") && m.used.containsValue("y");
            if (!lonLat && !m.xy && layer.geometryRequired()) {
                missing.add("Kinh độ và Vĩ độ (lon, lat) hoặc X và Y");
            }
            m.pointColumns = lonLat || m.xy || layer.geometryRequired();
        }
        if (!missing.isEmpty()) {
            throw InvalidInputException.field("columns", "thiếu cột: " + String.join(", ", missing) + ". Các cột của tệp: "
                    + String.join(", ", columns));
        }
        return m;
    }
}
