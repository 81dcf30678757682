package org.communeatlas.exports;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.db.Identifiers;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;
import org.communeatlas.geo.Srs;

/**
 * The SQL of an export: the layer's export query with the output's column names (Vietnamese headers for sheets)
 * and its coordinates in the chosen CRS, reprojected by PostGIS. GDAL runs the query itself.
 */
final class ExportStore {

    private final String jdbcUrl;

    ExportStore(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The layer's export query with the output's column names and coordinates. */
    String select(FileLayer layer, ExportFormat format, int srid, boolean personal) throws SQLException {
        List<String> columns = new ArrayList<>();
        java.util.Set<String> texts = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM (" + layer.exportSql(personal) + ") e LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (!md.getColumnName(i).equals("geom")) {
                    columns.add(md.getColumnName(i));
                    if (md.getColumnType(i) == java.sql.Types.VARCHAR) {
                        texts.add(md.getColumnName(i));
                    }
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String column : columns) {
            Field field = layer.fields().stream().filter(f -> f.name().equals(column)).findFirst().orElseThrow();
            String header = format.sheet() && !field.headers().isEmpty() ? field.headers().get(0) : field.name();
            // a sheet's text that a spreadsheet would take for a formula stays text (OWASP's CSV-injection rule, as data.Csv)
            String value = format.sheet() && texts.contains(column) ? "atlas_sheet_text(e." + column + ")" : "e." + column;
            sql.append(value).append(" AS ").append(Identifiers.quote(header)).append(", ");
        }
        String geom = "ST_Transform(e.geom, " + srid + ")";
        boolean geographic = srid == Srs.WGS84;
        if (layer.shape() == FileLayer.Shape.NONE) {
            sql.setLength(sql.length() - 2);        // no geometry: drop the last ", "
        } else if (!format.sheet()) {
            sql.append(geom).append(" AS geom");
        } else if (layer.shape() == FileLayer.Shape.POINT) {
            int digits = geographic ? 7 : 3;        // 1 cm in degrees, 1 mm in metres
            sql.append("round(ST_X(").append(geom).append(")::numeric, ").append(digits).append(") AS ").append(geographic ? "\"Kinh độ\"" : "\"X\"")
                    .append(", round(ST_Y(").append(geom).append(")::numeric, ").append(digits).append(") AS ").append(geographic ? "\"Vĩ độ\"" : "\"Y\"");
        } else {
            sql.append("ST_AsText(").append(geom).append(", ").append(geographic ? 7 : 3).append(") AS \"WKT\"");
        }
        return sql.append(" FROM (").append(layer.exportSql(personal)).append(") e").toString();
    }

    /** How many features the layer exports. */
    long count(FileLayer layer, boolean personal) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + layer.exportSql(personal) + ") e")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
