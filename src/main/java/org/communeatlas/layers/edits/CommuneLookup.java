package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.communeatlas.core.AdminUnits;

/** The commune (before the 2025 reform, which villages and sites belong to) of a code a client sent. */
final class CommuneLookup {

    private CommuneLookup() {
    }

    /** How far outside its commune's outline an officer may place a point (outlines are drawn coarser than houses stand). */
    static final double TOLERANCE_M = 50;

    /**
     * Refuses (400, naming {@code field}) an officer's point outside the commune it is placed in: an officer works in
     * their own communes, and a site of 9,000 places set down in a neighbouring commune would send its families astray.
     * Admins place anywhere (they correct the data). PostGIS decides, within {@link #TOLERANCE_M} of the outline.
     */
    static void requireInside(Connection c, int communeId, double lon, double lat, org.communeatlas.accounts.Viewer viewer, String field)
            throws SQLException {
        if (viewer.isAdmin()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?) "
                + "FROM admin_unit a WHERE a.id = ?")) {
            ps.setDouble(1, lon);
            ps.setDouble(2, lat);
            ps.setDouble(3, TOLERANCE_M);
            ps.setInt(4, communeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean(1)) {
                    throw org.communeatlas.core.InvalidInputException.field(field, "điểm nằm ngoài xã của nó: đặt điểm trong xã (sai lệch tối đa "
                            + (int) TOLERANCE_M + " m)");
                }
            }
        }
    }

    static Optional<Integer> commune(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id FROM admin_unit a WHERE a.level = 'commune' AND a.code = ? AND "
                + AdminUnits.beforeReform("a"))) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }
}
