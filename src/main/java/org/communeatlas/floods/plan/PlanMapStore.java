package org.communeatlas.floods.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.core.AdminUnits;

/**
 * The SQL of a commune's plan map: what PostGIS draws as SVG paths in Web Mercator metres (y down, whole metres),
 * clipped to the frame — the commune, its villages, the flood's water, the main roads (dry and flooded) and the
 * plan's routes to the sites its families go to. Roads are read in Web Mercator as stored (road.geom_3857).
 */
final class PlanMapStore {

    /** The map's frame and what is drawn in it. */
    record Layers(double[] frame, String commune, List<String> villages, String flood, String roads, String floodedRoads, String routes) {
    }

    private static final String FRAME = "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Expand(ST_Extent(g), 400) AS b FROM ("
            + "SELECT ST_Transform(c.geom, 3857) AS g FROM admin_unit c WHERE c.code = ? AND c.level = 'commune' AND " + AdminUnits.beforeReform("c")
            + " UNION ALL SELECT ST_Transform(p.geom, 3857) FROM evacuation_point p WHERE p.id = ANY (?::integer[])) x) y";
    /** Simplified to about a printed pixel (a commune is ~6 km across ~700 px: ~8 m); routes and roads in the frame only. */
    private static final String LAYERS = """
            WITH f AS (SELECT ST_MakeEnvelope(?, ?, ?, ?, 3857) AS box),
            c AS (SELECT id, ST_Transform(geom, 3857) AS g FROM admin_unit WHERE code = ? AND level = 'commune' AND %s),
            w AS (SELECT ST_Transform(e.geom, 3857) AS g FROM flood_event e JOIN evacuation_plan p ON p.flood_id = e.id WHERE p.id = ?),
            r AS (SELECT r.geom_3857 AS g, EXISTS (SELECT 1 FROM flood_event e JOIN evacuation_plan p ON p.flood_id = e.id
                         WHERE p.id = ? AND ST_Intersects(e.geom, r.geom)) AS wet
                  FROM road r, f WHERE r.road_class IN ('national', 'provincial', 'district', 'commune') AND r.geom_3857 && f.box)
            SELECT (SELECT ST_AsSVG(ST_SimplifyPreserveTopology(g, 8), 1, 0) FROM c),
                   (SELECT ST_AsSVG(ST_SimplifyPreserveTopology(ST_Intersection(w.g, f.box), 8), 1, 0) FROM w, f),
                   (SELECT ST_AsSVG(ST_Simplify(ST_Collect(g), 8), 1, 0) FROM r WHERE NOT wet),
                   (SELECT ST_AsSVG(ST_Simplify(ST_Collect(g), 8), 1, 0) FROM r WHERE wet),
                   (SELECT ST_AsSVG(ST_Simplify(ST_Collect(rd.geom_3857), 8), 1, 0) FROM evacuation_route_step s
                      JOIN road rd ON rd.id = s.edge_id, f WHERE s.plan_id = ? AND s.site_id = ANY (?::integer[]) AND rd.geom_3857 && f.box)
            """.formatted(AdminUnits.beforeReform(""));
    private static final String VILLAGES = "SELECT ST_AsSVG(ST_SimplifyPreserveTopology(ST_Transform(v.geom, 3857), 8), 1, 0) FROM village v "
            + "JOIN admin_unit c ON c.id = v.commune_id WHERE c.code = ? AND c.level = 'commune' AND " + AdminUnits.beforeReform("c")
            + " AND v.geom IS NOT NULL ORDER BY v.code";

    private final DataSource db;

    PlanMapStore(DataSource db) {
        this.db = db;
    }

    Layers layers(int planId, String communeCode, Integer[] siteIds) throws SQLException {
        try (Connection c = db.getConnection()) {
            double[] frame = new double[4];
            try (PreparedStatement ps = c.prepareStatement(FRAME)) {
                ps.setString(1, communeCode);
                ps.setArray(2, c.createArrayOf("integer", siteIds));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getObject(1) == null) {
                        return null;
                    }
                    for (int i = 0; i < 4; i++) {
                        frame[i] = rs.getDouble(i + 1);
                    }
                }
            }
            List<String> villages = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(VILLAGES)) {
                ps.setString(1, communeCode);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        villages.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(LAYERS)) {
                for (int i = 0; i < 4; i++) {
                    ps.setDouble(i + 1, frame[i]);
                }
                ps.setString(5, communeCode);
                ps.setInt(6, planId);
                ps.setInt(7, planId);
                ps.setInt(8, planId);
                ps.setArray(9, c.createArrayOf("integer", siteIds));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Layers(frame, rs.getString(1), villages, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
                }
            }
        }
    }
}
