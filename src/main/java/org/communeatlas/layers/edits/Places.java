package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.AdminUnits;
import org.communeatlas.core.InvalidInputException;

/** The commune (before the 2025 reform, which villages and sites belong to) or village a code a client sent names, and whether a feature lies in its commune. */
final class Places {

    private Places() {
    }

    /** How far outside its commune's outline an officer may place a point (outlines are drawn coarser than houses stand). */
    static final double TOLERANCE_M = 50;

    /**
     * Refuses (400, {@code geometry}) an officer's feature outside the commune it is placed in: an officer works in
     * their own communes, and a site of 9,000 places set down in a neighbouring commune would send its families astray.
     * Admins place anywhere (they correct the data). PostGIS decides, within {@link #TOLERANCE_M} of the outline.
     */
    static void requireInside(Connection c, int communeId, byte[] geometry, Viewer viewer) throws SQLException {
        if (viewer.isAdmin()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ST_DWithin(a.geom::geography, ST_GeomFromEWKB(?)::geography, ?) "
                + "FROM admin_unit a WHERE a.id = ?")) {
            ps.setBytes(1, geometry);
            ps.setDouble(2, TOLERANCE_M);
            ps.setInt(3, communeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean(1)) {
                    throw InvalidInputException.field("geometry", "điểm nằm ngoài xã của nó: đặt điểm trong xã (sai lệch tối đa "
                            + (int) TOLERANCE_M + " m)");
                }
            }
        }
    }

    /** The commune of a code, refused (400, {@code commune_code}) when there is none. */
    static int commune(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id FROM admin_unit a WHERE a.level = 'commune' AND a.code = ? AND "
                + AdminUnits.beforeReform("a"))) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw InvalidInputException.field("commune_code", "không có xã (trước 1/7/2025) nào mang mã này");
                }
                return rs.getInt(1);
            }
        }
    }

    /** A village: where a household belongs. */
    record Village(int id, int communeId) {
    }

    /** The village of a code, refused (400, {@code village_code}) when there is none. */
    static Village village(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, commune_id FROM village WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw InvalidInputException.field("village_code", "không có thôn nào mang mã này");
                }
                return new Village(rs.getInt(1), rs.getInt(2));
            }
        }
    }
}
