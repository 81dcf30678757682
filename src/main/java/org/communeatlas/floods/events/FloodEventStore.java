package org.communeatlas.floods.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The SQL of flood events. PostGIS parses, repairs and measures the polygons; nothing geometric is done here. */
public final class FloodEventStore {

    /** The union of the GeoJSON polygons {@code j}, made valid, as one 2D MultiPolygon (an aggregate). */
    private static final String POLYGONS =
            "ST_Multi(ST_Union(ST_CollectionExtract(ST_MakeValid(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(j), 4326))), 3)))";

    private static final String EVENT = "SELECT e.id, e.name, e.source, s.code, e.river_level_m, e.alarm_level, e.water_level_m, "
            + "e.occurred_at, ST_Area(e.geom::geography) / 1e6, (SELECT max(p.id) FROM evacuation_plan p WHERE p.flood_id = e.id) "
            + "FROM flood_event e LEFT JOIN flood_scenario s ON s.id = e.scenario_id ";

    /** What PostGIS makes of the polygons: their bounds, area and whether anything is left of them. */
    record Extent(double west, double south, double east, double north, double areaKm2, boolean empty) {
    }

    private final DataSource db;

    FloodEventStore(DataSource db) {
        this.db = db;
    }

    /** A new event from a stored scenario ({@code scenario} its id or code); empty when there is no such scenario. */
    Optional<Integer> insertFromScenario(Connection c, Object scenario, String name, OffsetDateTime occurred, String username)
            throws SQLException {
        String where = scenario instanceof Integer ? "id = ?" : "code = ?";
        String sql = "INSERT INTO flood_event (name, source, scenario_id, river_level_m, alarm_level, water_level_m, occurred_at, created_by, geom) "
                + "SELECT coalesce(?, name), 'scenario', id, river_level_m, alarm_level, water_level_m, coalesce(?, now()), ?, geom "
                + "FROM flood_scenario WHERE " + where + " RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setObject(2, occurred);
            ps.setString(3, username);
            ps.setObject(4, scenario);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** The extent the GeoJSON polygons make; PostGIS's parse errors come out as SQLExceptions. */
    Extent extent(Connection c, String[] polygons) throws SQLException {
        String sql = "SELECT ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g), ST_Area(g::geography) / 1e6, coalesce(ST_IsEmpty(g), true) "
                + "FROM (SELECT " + POLYGONS + " AS g FROM unnest(?::text[]) AS j) x";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", polygons));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Extent(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getBoolean(6));
            }
        }
    }

    int insertFromPolygons(Connection c, String[] polygons, String name, String source, BigDecimal river, Integer alarm, BigDecimal water,
                           OffsetDateTime occurred, String username) throws SQLException {
        String insert = "INSERT INTO flood_event (name, source, river_level_m, alarm_level, water_level_m, occurred_at, created_by, geom) "
                + "SELECT ?, ?, ?, ?, ?, coalesce(?, now()), ?, " + POLYGONS + " FROM unnest(?::text[]) AS j RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, name);
            ps.setString(2, source);
            ps.setBigDecimal(3, river);
            ps.setObject(4, alarm);
            ps.setBigDecimal(5, water);
            ps.setObject(6, occurred);
            ps.setString(7, username);
            ps.setArray(8, c.createArrayOf("text", polygons));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    Optional<FloodEvent> find(int id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, id);
        }
    }

    public static Optional<FloodEvent> find(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EVENT + "WHERE e.id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(event(rs)) : Optional.empty();
            }
        }
    }

    /** The newest events first. */
    List<FloodEvent> list(int limit) throws SQLException {
        List<FloodEvent> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(EVENT + "ORDER BY e.id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(event(rs));
                }
            }
        }
        return out;
    }

    /** The event's extent as a GeoJSON Feature; empty when there is no such event. */
    /**
     * Whether an event is one only officers may look into: drawn or uploaded (a scenario is the river's, not anyone's
     * pick) and smaller than the smallest village it touches, or holding fewer than {@code households} households.
     */
    boolean singlesOut(int id, int households) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT f.source <> 'scenario' AND (
                       ST_Area(f.geom::geography) < coalesce((SELECT min(ST_Area(v.geom::geography)) FROM village v
                                                              WHERE v.geom && f.geom AND ST_Intersects(v.geom, f.geom)), 0)
                    OR (SELECT count(*) FROM (SELECT 1 FROM household h WHERE h.geom && f.geom AND ST_Intersects(h.geom, f.geom) LIMIT ?) x) < ?)
                FROM flood_event f WHERE f.id = ?""")) {
            ps.setInt(1, households);
            ps.setInt(2, households);
            ps.setInt(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    Optional<byte[]> extentGeoJson(int id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT json_build_object('type', 'Feature', 'id', id, 'properties', json_build_object('name', name, 'water_level_m', water_level_m), "
                        + "'geometry', ST_AsGeoJSON(geom, 6)::json)::text FROM flood_event WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).getBytes(StandardCharsets.UTF_8)) : Optional.empty();
            }
        }
    }

    private static FloodEvent event(ResultSet rs) throws SQLException {
        return new FloodEvent(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5), (Integer) rs.getObject(6),
                rs.getBigDecimal(7), rs.getObject(8, OffsetDateTime.class), Math.round(rs.getDouble(9) * 100) / 100.0, (Integer) rs.getObject(10));
    }
}
