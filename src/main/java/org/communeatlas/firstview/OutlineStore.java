package org.communeatlas.firstview;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.core.AdminUnits;

/** The SQL of the first view: the province's districts and communes (before the 2025 reform) as SVG paths. */
final class OutlineStore {

    /**
     * Simplified in PostGIS to {@code tolerance} metres and written relative with whole metres (ST_AsSVG flips y as
     * SVG wants it): the 17 districts and 234 communes come to about 18 kB, 6 kB compressed.
     */
    private static final String OUTLINES = "SELECT level, code, ST_AsSVG(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), ?), 1, 0) "
            + "FROM admin_unit WHERE geom IS NOT NULL AND (level = 'district' OR (level = 'commune' AND " + AdminUnits.beforeReform("")
            + ")) ORDER BY level = 'district', code";

    private final DataSource reader;

    OutlineStore(DataSource reader) {
        this.reader = reader;
    }

    /** Communes first, then districts: the district lines are drawn over the commune lines. */
    List<Outline> outlines(double toleranceMetres) throws SQLException {
        List<Outline> out = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(OUTLINES)) {
            ps.setDouble(1, toleranceMetres);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String path = rs.getString(3);
                    if (path != null && !path.isEmpty()) {
                        out.add(new Outline(rs.getString(1), rs.getString(2), path));
                    }
                }
            }
        }
        return out;
    }
}
