package org.communeatlas.floods.closures;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.communeatlas.core.AdminUnits;

/** The SQL of road closures. */
final class RoadClosureStore {

    private static final String ROAD = "SELECT r.id, r.name, r.road_class, r.is_open, r.closed_reason, r.closed_at, r.closed_by, "
            + "ARRAY(SELECT a.id FROM admin_unit a WHERE a.level = 'commune' AND " + AdminUnits.beforeReform("a")
            + " AND a.geom && r.geom AND ST_Intersects(a.geom, r.geom) ORDER BY a.id), "
            + "ST_XMin(r.geom), ST_YMin(r.geom), ST_XMax(r.geom), ST_YMax(r.geom) FROM road r";

    /** The road, locked until the transaction ends: two officers closing and opening it are served one after the other. */
    Optional<RoadRow> lock(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROAD + " WHERE r.id = ? FOR UPDATE OF r")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(road(rs)) : Optional.empty();
            }
        }
    }

    /** The road nearest a point (where an officer tapped the map), with its course as GeoJSON; empty beyond {@code maxM}. */
    Optional<NearestRoad> nearest(Connection c, double lon, double lat, double maxM) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH p AS (SELECT ST_SetSRID(ST_MakePoint(?, ?), 4326) AS g) "
                + "SELECT r.id, r.name, r.road_class, r.is_open, r.closed_reason, ST_Distance(r.geom::geography, p.g::geography), "
                + "ST_AsGeoJSON(r.geom, 6) FROM road r, p ORDER BY r.geom <-> p.g LIMIT 1")) {
            ps.setDouble(1, lon);
            ps.setDouble(2, lat);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getDouble(6) > maxM) {
                    return Optional.empty();
                }
                return Optional.of(new NearestRoad(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                        Math.round(rs.getDouble(6) * 10) / 10.0, org.communeatlas.core.JsonCodec.tree(rs.getString(7))));
            }
        }
    }

    /** Every closed road, newest closure first. */
    List<RoadRow> closed(Connection c) throws SQLException {
        List<RoadRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ROAD + " WHERE NOT r.is_open ORDER BY r.closed_at DESC NULLS LAST, r.id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(road(rs));
            }
        }
        return out;
    }

    void set(Connection c, long id, boolean open, String reason, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE road SET is_open = ?, closed_reason = ?, "
                + "closed_at = CASE WHEN ? THEN NULL ELSE now() END, closed_by = ? WHERE id = ?")) {
            ps.setBoolean(1, open);
            ps.setString(2, open ? null : reason);
            ps.setBoolean(3, open);
            ps.setString(4, open ? null : by);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    private static RoadRow road(ResultSet rs) throws SQLException {
        Array communes = rs.getArray(8);
        List<Integer> ids = Arrays.stream((Integer[]) communes.getArray()).toList();
        return new RoadRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class), rs.getString(7), ids,
                new double[] {rs.getDouble(9), rs.getDouble(10), rs.getDouble(11), rs.getDouble(12)});
    }
}
