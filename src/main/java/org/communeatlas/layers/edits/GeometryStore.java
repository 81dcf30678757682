package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostGIS's answers about a point a client sent: where it is in CRS84, whether it lies in Vietnam. */
final class GeometryStore {

    private GeometryStore() {
    }

    /** The importer's test: a point inside the box of Vietnam and its waters. */
    static boolean insideVietnam(Connection c, double lon, double lat) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ST_CoveredBy(ST_SetSRID(ST_MakePoint(?, ?), 4326), "
                + "ST_MakeEnvelope(102, 6, 118, 24, 4326))")) {
            ps.setDouble(1, lon);
            ps.setDouble(2, lat);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static double[] toCrs84(Connection c, double x, double y, int srid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), ?), 4326) p")) {
            ps.setDouble(1, x);
            ps.setDouble(2, y);
            ps.setInt(3, srid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }
}
