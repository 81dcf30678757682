package org.communeatlas.imports;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.db.Database;
import org.communeatlas.db.Identifiers;
import org.communeatlas.db.Transactions;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;
import org.communeatlas.gdal.GdalStaging;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The SQL of an import, on the caller's transaction: the checked rows go through COPY into a temporary table
 * ({@code import_ready}), PostGIS checks geometry, codes and references there, and the layer's own SQL writes
 * them. Every identifier here is ours (the layer's fields, the staging table's generated name).
 */
final class ImportStore {

    /** Where Vietnam's mainland and islands lie, with a margin (CRS84): the swapped-axes and wrong-CRS check. */
    private static final String VIETNAM = "ST_Segmentize(ST_MakeEnvelope(102, 6, 118, 24, 4326), 0.25)";

    /** A row that failed a check: the file's row, our field, the value, why; a null reason is a pass. */
    record Failure(long row, String field, String value, String reason) {
    }

    /** Receives the staged rows: the file's row number and its cells as text, in the order asked for. */
    @FunctionalInterface
    interface StagedRows {
        void accept(long row, String[] cells) throws SQLException;
    }

    /** The temporary table the checked rows go to, with the layer's typed columns, gone at the end of the transaction. */
    void prepare(Connection c, FileLayer layer) throws SQLException {
        Database.allowLongStatements(c, 15);
        // one import of a layer at a time, whichever server runs it: the next one's checks see what this one wrote
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('atlas-import'), hashtext(?))")) {
            lock.setString(1, layer.name());
            lock.execute();
        }
        try (Statement s = c.createStatement()) {
            StringBuilder ready = new StringBuilder("CREATE TEMP TABLE import_ready (import_row bigint PRIMARY KEY");
            for (Field f : layer.fields()) {
                ready.append(", ").append(f.name()).append(' ').append(f.sqlType());
            }
            s.execute(ready.append(", cx double precision, cy double precision, src geometry, geom geometry) ON COMMIT DROP").toString());
        }
    }

    boolean knowsSrid(Connection c, int srid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM spatial_ref_sys WHERE srid = ?")) {
            ps.setInt(1, srid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** Reads the staged file's {@code columns} as text, row by row, over the staging's own connection (a cursor). */
    void stagedRows(GdalStaging staging, List<String> columns, StagedRows sink) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT import_row");
        for (String column : columns) {
            select.append(", ").append(Identifiers.quote(column)).append("::text");
        }
        select.append(" FROM ").append(staging.qualified()).append(" ORDER BY import_row");
        try (Connection reader = staging.connect()) {
            Transactions.streaming(reader, r -> {
                try (Statement s = r.createStatement()) {
                    s.setFetchSize(5_000);
                    try (ResultSet rs = s.executeQuery(select.toString())) {
                        String[] cells = new String[columns.size()];
                        while (rs.next()) {
                            for (int i = 0; i < cells.length; i++) {
                                cells[i] = rs.getString(i + 2);
                            }
                            sink.accept(rs.getLong(1), cells);
                        }
                    }
                }
                return null;
            });
        }
    }

    /** A COPY into {@code import_ready}: a row's number, its fields in the layer's order, then its coordinate columns. */
    static final class ReadyCopy implements AutoCloseable {
        private final CopyIn copy;
        private final StringBuilder line = new StringBuilder();

        private ReadyCopy(CopyIn copy) {
            this.copy = copy;
        }

        void write(long row, List<Object> values) throws SQLException {
            line.setLength(0);
            line.append(row);
            for (Object v : values) {
                line.append('\t').append(copyText(v));
            }
            line.append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
        }

        @Override
        public void close() throws SQLException {
            if (copy.isActive()) {
                copy.endCopy();
            }
        }

        private static String copyText(Object v) {
            if (v == null) {
                return "\\N";
            }
            return v.toString().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
        }
    }

    ReadyCopy copyReady(Connection c, FileLayer layer) throws SQLException {
        List<String> names = new ArrayList<>(layer.fields().stream().map(Field::name).toList());
        names.add("cx");
        names.add("cy");
        return new ReadyCopy(c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_ready (import_row, " + String.join(", ", names)
                + ") FROM STDIN"));
    }

    /** The rows' geometry in the file's CRS: from the coordinate columns, or from the staged geometry. */
    void sourceGeometry(Connection c, GdalStaging staging, boolean pointColumns, int srid) throws SQLException {
        String sql = pointColumns
                ? "UPDATE import_ready SET src = ST_SetSRID(ST_MakePoint(cx, cy), ?) WHERE cx IS NOT NULL AND cy IS NOT NULL"
                : "UPDATE import_ready r SET src = ST_SetSRID(s.geom, ?) FROM " + staging.qualified() + " s WHERE s.import_row = r.import_row";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, srid);
            ps.executeUpdate();
        }
    }

    /**
     * The geometry check: missing, of the wrong kind, or outside Vietnam in the declared CRS — and then whether
     * swapping the two coordinates would put it inside (the axes are swapped) or not (a wrong CRS).
     */
    List<Failure> geometryFailures(Connection c, FileLayer layer, int srid, String column, boolean xy) throws SQLException {
        String wrongShape = layer.shape() == FileLayer.Shape.POINT
                ? "ST_NumGeometries(r.src) <> 1 OR ST_Dimension(r.src) <> 0" : "ST_Dimension(r.src) <> 2";
        String shapeReason = layer.shape() == FileLayer.Shape.POINT ? "không phải một điểm" : "không phải vùng (polygon)";
        String axes = xy ? "X và Y" : "kinh độ và vĩ độ";
        return failures(c, "SELECT r.import_row, '" + column + "', "
                + "CASE WHEN r.src IS NULL THEN NULL ELSE round(ST_X(ST_PointOnSurface(r.src))::numeric, 6) || ' ' "
                + "|| round(ST_Y(ST_PointOnSurface(r.src))::numeric, 6) END, "
                + "CASE WHEN r.src IS NULL OR ST_IsEmpty(r.src) THEN " + (layer.geometryRequired() ? "'thiếu tọa độ'" : "NULL") + " "
                + "WHEN " + wrongShape + " THEN '" + shapeReason + "' "
                + "WHEN ST_CoveredBy(r.src, box.b) THEN NULL "
                + "WHEN ST_CoveredBy(ST_FlipCoordinates(r.src), box.b) THEN 'nằm ngoài Việt Nam; đổi chỗ hai tọa độ thì vào trong — " + axes
                + " bị đảo cho nhau?' "
                + "ELSE 'nằm ngoài Việt Nam khi đọc theo EPSG:" + srid + " — sai hệ tọa độ? Chỉ rõ bằng --srs' END "
                + "FROM import_ready r, (SELECT ST_Transform(" + VIETNAM + ", " + srid + ") AS b) box");
    }

    /** Rows of the file whose key repeats an earlier row's ({@code shift}: the header line of a sheet). */
    List<Failure> repeatedKeys(Connection c, FileLayer layer, int shift) throws SQLException {
        String key = String.join(", ", layer.key());
        return failures(c, "SELECT import_row, '" + layer.key().get(0) + "', key, 'trùng với dòng ' || (first + " + shift + ") FROM "
                + "(SELECT import_row, " + keyText(layer, "") + " AS key, min(import_row) OVER (PARTITION BY " + key + ") AS first "
                + "FROM import_ready) d WHERE import_row <> first");
    }

    /** Rows whose record the table holds already (an append refuses them; a replace updates them). */
    List<Failure> existingRecords(Connection c, FileLayer layer) throws SQLException {
        return failures(c, "SELECT r.import_row, '" + layer.key().get(0) + "', " + keyText(layer, "r.")
                + ", 'đã có trong cơ sở dữ liệu (dùng --replace để cập nhật)' FROM import_ready r JOIN " + layer.table() + " t ON "
                + layer.sameRecord() + " AND " + layer.scope());
    }

    private static String keyText(FileLayer layer, String alias) {
        return layer.key().stream().map(k -> alias + k + "::text").reduce((a, b) -> a + " || ' · ' || " + b).orElseThrow();
    }

    /** Runs a check of the layer's (import_row, field, value, reason); the rows with a reason are failures. */
    List<Failure> failures(Connection c, String sql) throws SQLException {
        List<Failure> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (rs.getString(4) != null) {
                    out.add(new Failure(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** The checked geometry in WGS 84: a point, or polygons made valid. */
    void finishGeometry(Connection c, FileLayer.Shape shape) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (shape == FileLayer.Shape.POINT) {
                s.execute("UPDATE import_ready SET geom = ST_Transform(ST_GeometryN(src, 1), 4326)");
            } else if (shape == FileLayer.Shape.POLYGON) {
                s.execute("UPDATE import_ready SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(src, 4326)), 3))");
            }
        }
    }

    /** Runs a statement of the layer's that answers rows rather than a count (its after-insert matching). */
    void run(Connection c, String layerSql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(layerSql);
        }
    }

    /** Runs one of the layer's writes (its update or insert SQL); returns the rows written. */
    long write(Connection c, String layerSql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(layerSql);
        }
    }
}
