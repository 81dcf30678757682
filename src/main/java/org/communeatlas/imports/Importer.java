package org.communeatlas.imports;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * All or nothing: GDAL stages the file ({@link OgrStaging}); every row is checked — types and ranges here,
 * geometry, codes and references in PostGIS — and only when no row fails are the rows written, in one
 * transaction with its audit entry. Tiles and caches follow through the tables' change notifications.
 */
public final class Importer {

    /** Where Vietnam's mainland and islands lie, with a margin (CRS84): the swapped-axes and wrong-CRS check. */
    private static final String VIETNAM = "ST_Segmentize(ST_MakeEnvelope(102, 6, 118, 24, 4326), 0.25)";

    private static final List<Field> COORDINATES = List.of(
            Field.decimal("lon", false, -1e12, 1e12, "Kinh độ", "lng", "longitude", "long"),
            Field.decimal("lat", false, -1e12, 1e12, "Vĩ độ", "latitude"),
            Field.decimal("x", false, -1e12, 1e12, "Toạ độ X", "Tọa độ X", "easting"),
            Field.decimal("y", false, -1e12, 1e12, "Toạ độ Y", "Tọa độ Y", "northing"));

    /** Who imports and how. {@code srs} 0 keeps the file's CRS; {@code columns} maps a file's header to our field. */
    public record Options(int srs, boolean dryRun, boolean replace, Map<String, String> columns,
                          Integer userId, String username, String address) {
    }

    private Importer() {
    }

    public static ImportReport run(DataSource db, String jdbcUrl, String layerName, Path file, Options options) {
        return run(db, jdbcUrl, layerName, file, file.getFileName().toString(), options);
    }

    /** {@code name} is the file's name as its owner knows it (an upload's), for the report and the audit log. */
    public static ImportReport run(DataSource db, String jdbcUrl, String layerName, Path file, String name, Options options) {
        long started = System.nanoTime();
        ImportLayer layer = Layers.get(layerName);
        ImportReport report = new ImportReport(layer.name(), name, options.dryRun(), options.replace());
        try (OgrStaging staging = OgrStaging.load(jdbcUrl, file, options.srs())) {
            Mapping mapping = map(layer, staging, options.columns());
            report.columns = mapping.used;
            report.ignoredColumns = mapping.ignored;
            int srid = options.srs() > 0 ? options.srs() : staging.srid > 0 ? staging.srid : 4326;
            if (mapping.xy && options.srs() == 0 && layer.shape() == ImportLayer.Shape.POINT) {
                throw new ImportException("srs", "cột X/Y là toạ độ phẳng: cho biết hệ toạ độ, ví dụ --srs EPSG:5899 (VN-2000 / TM-3 107-45)");
            }
            report.sourceSrid = srid;
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    write(c, layer, staging, mapping, srid, options, report);
                } finally {
                    c.rollback();               // a no-op after a commit; otherwise nothing stays
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("import: " + e.getMessage(), e);
        }
        report.elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return report;
    }

    private static void write(Connection c, ImportLayer layer, OgrStaging staging, Mapping mapping, int srid, Options options,
                              ImportReport report) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = '15min'");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM spatial_ref_sys WHERE srid = " + srid)) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw new ImportException("srs", "PostGIS không biết hệ toạ độ EPSG:" + srid);
                }
            }
            StringBuilder ready = new StringBuilder("CREATE TEMP TABLE import_ready (import_row bigint PRIMARY KEY");
            for (Field f : layer.fields()) {
                ready.append(", ").append(f.name()).append(' ').append(f.sqlType());
            }
            s.execute(ready.append(", cx double precision, cy double precision, src geometry, geom geometry) ON COMMIT DROP").toString());
        }
        report.rows = checkRows(c, layer, staging, mapping, report);
        if (layer.shape() != ImportLayer.Shape.NONE) {
            sourceGeometry(c, staging, mapping, srid);
            for (String check : geometryChecks(layer, srid, mapping)) {
                problems(c, check, staging.spreadsheet, mapping, report);
            }
        }
        String key = String.join(", ", layer.key());
        String keyText = layer.key().stream().map(k -> k + "::text").reduce((a, b) -> a + " || ' · ' || " + b).orElseThrow();
        problems(c, "SELECT import_row, '" + layer.key().get(0) + "', key, 'trùng với dòng ' || (first + " + (staging.spreadsheet ? 1 : 0) + ") FROM "
                + "(SELECT import_row, " + keyText + " AS key, min(import_row) OVER (PARTITION BY " + key + ") AS first FROM import_ready) d "
                + "WHERE import_row <> first", staging.spreadsheet, mapping, report);
        if (!options.replace()) {
            problems(c, "SELECT r.import_row, '" + layer.key().get(0) + "', " + keyText.replaceAll("(\\w+)::text", "r.$1::text")
                    + ", 'đã có trong cơ sở dữ liệu (dùng --replace để cập nhật)' FROM import_ready r JOIN " + layer.table() + " t ON "
                    + layer.sameRecord() + " AND " + layer.scope(), staging.spreadsheet, mapping, report);
        }
        for (String check : layer.referenceChecks()) {
            problems(c, check, staging.spreadsheet, mapping, report);
        }
        report.problems.sort((a, b) -> Long.compare(a.row(), b.row()));
        if (!report.ok() || options.dryRun()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            if (layer.shape() == ImportLayer.Shape.POINT) {
                s.execute("UPDATE import_ready SET geom = ST_Transform(ST_GeometryN(src, 1), 4326)");
            } else if (layer.shape() == ImportLayer.Shape.POLYGON) {
                s.execute("UPDATE import_ready SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(src, 4326)), 3))");
            }
            try {
                report.updated = options.replace() ? s.executeUpdate(layer.updateSql()) : 0;
                report.added = s.executeUpdate(layer.insertSql());
            } catch (SQLException refused) {
                // a rule of the schema the checks above did not foresee: nothing is written, the report says which
                String why = refused instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getMessage() : "ghi thất bại";
                report.problem(0, "", null, "cơ sở dữ liệu từ chối: " + why);
                report.added = 0;
                report.updated = 0;
                return;
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("file", report.file);
        after.put("rows", report.rows);
        after.put("added", report.added);
        after.put("updated", report.updated);
        after.put("mode", report.mode);
        after.put("source_srid", srid);
        AuditLog.write(c, options.userId(), options.username(), "import", layer.table(), layer.name(), null, after, options.address());
        c.commit();
        report.written = true;
    }

    /** Types and ranges of every cell, in Java; rows that pass go to {@code import_ready} through COPY. */
    private static long checkRows(Connection c, ImportLayer layer, OgrStaging staging, Mapping mapping, ImportReport report)
            throws SQLException, IOException {
        List<Field> fields = layer.fields();
        StringBuilder select = new StringBuilder("SELECT import_row");
        List<Field> read = new ArrayList<>();
        for (Map.Entry<String, Field> e : mapping.byColumn.entrySet()) {
            select.append(", ").append(OgrStaging.quote(e.getKey())).append("::text");
            read.add(e.getValue());
        }
        select.append(" FROM ").append(staging.qualified()).append(" ORDER BY import_row");
        long rows = 0;
        int shift = staging.spreadsheet ? 1 : 0;
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_ready (import_row, "
                + String.join(", ", fields.stream().map(Field::name).toList()) + ", cx, cy) FROM STDIN");
        // the staged rows are read over a connection of their own while this one is busy with the COPY
        try (Connection reader = staging.connect(); Statement s = reader.createStatement()) {
            reader.setAutoCommit(false);            // so that the fetch size streams
            s.setFetchSize(5_000);
            try (ResultSet rs = s.executeQuery(select.toString())) {
                StringBuilder line = new StringBuilder();
                while (rs.next()) {
                    rows++;
                    long row = rs.getLong(1);
                    Map<String, Object> values = new HashMap<>();
                    boolean good = true;
                    for (int i = 0; i < read.size(); i++) {
                        String raw = rs.getString(i + 2);
                        Field f = read.get(i);
                        try {
                            values.put(f.name(), f.parse(raw));
                        } catch (IllegalArgumentException | ArithmeticException bad) {
                            report.problem(row + shift, mapping.columnOf(f), raw, bad.getMessage());
                            good = false;
                        }
                    }
                    if (good) {
                        for (String[] failure : layer.rowChecks(values)) {
                            report.problem(row + shift, mapping.columnOf(failure[0]), String.valueOf(values.get(failure[0])), failure[1]);
                            good = false;
                        }
                    }
                    if (!good) {
                        continue;
                    }
                    line.setLength(0);
                    line.append(row);
                    for (Field f : fields) {
                        line.append('\t').append(copyText(values.get(f.name())));
                    }
                    Object x = mapping.xy ? values.get("x") : values.get("lon");
                    Object y = mapping.xy ? values.get("y") : values.get("lat");
                    line.append('\t').append(copyText(x)).append('\t').append(copyText(y)).append('\n');
                    byte[] bytes = line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                }
            }
        } finally {
            if (copy.isActive()) {
                copy.endCopy();
            }
        }
        return rows;
    }

    private static void sourceGeometry(Connection c, OgrStaging staging, Mapping mapping, int srid) throws SQLException {
        String sql = mapping.pointColumns
                ? "UPDATE import_ready SET src = ST_SetSRID(ST_MakePoint(cx, cy), ?) WHERE cx IS NOT NULL AND cy IS NOT NULL"
                : "UPDATE import_ready r SET src = ST_SetSRID(s.geom, ?) FROM " + staging.qualified() + " s WHERE s.import_row = r.import_row";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, srid);
            ps.executeUpdate();
        }
    }

    private static List<String> geometryChecks(ImportLayer layer, int srid, Mapping mapping) {
        String wrongShape = layer.shape() == ImportLayer.Shape.POINT
                ? "ST_NumGeometries(r.src) <> 1 OR ST_Dimension(r.src) <> 0" : "ST_Dimension(r.src) <> 2";
        String shapeReason = layer.shape() == ImportLayer.Shape.POINT ? "không phải một điểm" : "không phải vùng (polygon)";
        String column = mapping.pointColumns ? (mapping.xy ? "x, y" : "lon, lat") : "geometry";
        String axes = mapping.xy ? "X và Y" : "kinh độ và vĩ độ";
        return List.of("SELECT r.import_row, '" + column + "', "
                + "CASE WHEN r.src IS NULL THEN NULL ELSE round(ST_X(ST_PointOnSurface(r.src))::numeric, 6) || ' ' || round(ST_Y(ST_PointOnSurface(r.src))::numeric, 6) END, "
                + "CASE WHEN r.src IS NULL OR ST_IsEmpty(r.src) THEN 'thiếu toạ độ' "
                + "WHEN " + wrongShape + " THEN '" + shapeReason + "' "
                + "WHEN ST_CoveredBy(r.src, box.b) THEN NULL "
                + "WHEN ST_CoveredBy(ST_FlipCoordinates(r.src), box.b) THEN 'nằm ngoài Việt Nam; đổi chỗ hai toạ độ thì vào trong — " + axes
                + " bị đảo cho nhau?' "
                + "ELSE 'nằm ngoài Việt Nam khi đọc theo EPSG:" + srid + " — sai hệ toạ độ? Chỉ rõ bằng --srs' END "
                + "FROM import_ready r, (SELECT ST_Transform(" + VIETNAM + ", " + srid + ") AS b) box");
    }

    /** Runs a check returning (import_row, field, value, reason); a NULL reason is a pass. The report names the file's column. */
    private static void problems(Connection c, String sql, boolean spreadsheet, Mapping mapping, ImportReport report) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (rs.getString(4) != null) {
                    report.problem(rs.getLong(1) + (spreadsheet ? 1 : 0), mapping.columnOf(rs.getString(2)), rs.getString(3), rs.getString(4));
                }
            }
        }
    }

    private static String copyText(Object v) {
        if (v == null) {
            return "\\N";
        }
        String s = v.toString();
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Which column of the file feeds which field. */
    private static final class Mapping {
        final Map<String, Field> byColumn = new LinkedHashMap<>();
        final Map<String, String> used = new LinkedHashMap<>();
        final List<String> ignored = new ArrayList<>();
        boolean pointColumns;
        boolean xy;

        String columnOf(Field f) {
            return columnOf(f.name());
        }

        String columnOf(String field) {
            for (Map.Entry<String, Field> e : byColumn.entrySet()) {
                if (e.getValue().name().equals(field)) {
                    return e.getKey();
                }
            }
            return field;
        }
    }

    private static Mapping map(ImportLayer layer, OgrStaging staging, Map<String, String> explicit) {
        List<Field> candidates = new ArrayList<>(layer.fields());
        boolean points = layer.shape() == ImportLayer.Shape.POINT && !staging.hasGeometry;
        if (points) {
            candidates.addAll(COORDINATES);
        }
        Mapping m = new Mapping();
        for (String column : staging.columns) {
            Field field = null;
            String wanted = explicit.get(column);
            for (Field f : candidates) {
                if (wanted != null ? f.name().equals(wanted) : f.matches(column)) {
                    field = f;
                    break;
                }
            }
            if (wanted != null && field == null) {
                throw new ImportException("columns", "cột '" + column + "' được gán cho '" + wanted + "', không phải trường của lớp " + layer.name());
            }
            if (field == null) {
                m.ignored.add(column);
                continue;
            }
            if (m.byColumn.containsValue(field)) {
                throw new ImportException("columns", "hai cột cùng là '" + field.name() + "': '" + m.columnOf(field) + "' và '" + column
                        + "'; chọn một bằng --column");
            }
            m.byColumn.put(column, field);
            m.used.put(column, field.name());
        }
        for (String column : explicit.keySet()) {
            if (!staging.columns.contains(column)) {
                throw new ImportException("columns", "tệp không có cột '" + column + "'");
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
            if (!lonLat && !m.xy) {
                missing.add("Kinh độ và Vĩ độ (lon, lat) hoặc X và Y");
            }
            m.pointColumns = true;
        }
        if (!missing.isEmpty()) {
            throw new ImportException("columns", "thiếu cột: " + String.join(", ", missing) + ". Các cột của tệp: "
                    + String.join(", ", staging.columns));
        }
        return m;
    }

    /** The report's problems as CSV text. */
    public static String problemsCsv(ImportReport report) {
        StringWriter w = new StringWriter();
        try {
            report.writeCsv(w);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
