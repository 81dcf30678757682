package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.geo.Crs;

/**
 * A geometry a client sent, read by PostGIS in the body's CRS and brought to CRS84: refused (400, {@code geometry})
 * when it is not the collection's shape, not valid, or not inside the box of Vietnam and its waters — naming swapped
 * coordinates when swapping them would put it inside, as the importer does.
 */
final class GeometryStore {

    private static final String VIETNAM = "ST_MakeEnvelope(102, 6, 118, 24, 4326)";

    private GeometryStore() {
    }

    /** The geometry as EWKB in CRS84 (areas as MultiPolygons). Read in a savepoint: what PostGIS cannot parse must not end the transaction. */
    static byte[] read(Connection c, JsonNode geometry, Crs crs, EditableTable.Shape shape) throws SQLException {
        if (!shapeOf(geometry, shape)) {
            throw InvalidInputException.field("geometry", shape.expected);
        }
        String read = "ST_SetSRID(ST_GeomFromGeoJSON(?), " + crs.srid() + ")";
        String lonLat = "ST_Transform(" + (crs.latFirst() ? "ST_FlipCoordinates(" + read + ")" : read) + ", 4326)";
        Savepoint savepoint = c.setSavepoint();
        String problem;
        byte[] ewkb;
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN NOT ST_IsValid(g) THEN 'không hợp lệ: ' || ST_IsValidReason(g) "
                + "WHEN ST_CoveredBy(g, " + VIETNAM + ") THEN NULL "
                + "WHEN ST_CoveredBy(ST_FlipCoordinates(g), " + VIETNAM + ") "
                + "THEN 'nằm ngoài Việt Nam; đổi chỗ hai tọa độ thì vào trong — kinh độ và vĩ độ bị đảo cho nhau?' "
                + "ELSE 'nằm ngoài Việt Nam' END, ST_AsEWKB(" + (shape == EditableTable.Shape.AREA ? "ST_Multi(g)" : "g") + ") "
                + "FROM (SELECT " + lonLat + " AS g) x")) {
            ps.setString(1, geometry.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                problem = rs.getString(1);
                ewkb = rs.getBytes(2);
            }
            c.releaseSavepoint(savepoint);
        } catch (SQLException unreadable) {
            c.rollback(savepoint);
            problem = "PostGIS không đọc được hình này";
            ewkb = null;
        }
        if (problem != null) {
            throw InvalidInputException.field("geometry", problem);
        }
        return ewkb;
    }

    /** The GeoJSON type the collection takes, a point's two coordinates numbers (PostGIS reads the rest). */
    private static boolean shapeOf(JsonNode g, EditableTable.Shape shape) {
        if (g == null || !g.isObject()) {
            return false;
        }
        String type = g.path("type").asText();
        if (shape == EditableTable.Shape.AREA) {
            return type.equals("Polygon") || type.equals("MultiPolygon");
        }
        JsonNode xy = g.path("coordinates");
        return type.equals("Point") && xy.isArray() && xy.size() >= 2 && xy.get(0).isNumber() && xy.get(1).isNumber();
    }
}
