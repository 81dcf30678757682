package org.communeatlas.floods.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The SQL of a pre-emptive plan's schedule: the stored alarm-level scenarios, and what each of them floods. */
final class ScheduleStore {

    /** Per alarm level (1–3), the river scenario of that level: the flood's own river's first. */
    Map<Integer, Integer> levelScenarios(Connection c, int floodId) throws SQLException {
        Map<Integer, Integer> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (s.alarm_level) s.alarm_level, s.id FROM flood_scenario s "
                + "LEFT JOIN flood_event e ON e.id = ? LEFT JOIN flood_scenario own ON own.id = e.scenario_id "
                + "WHERE s.kind = 'river' AND s.alarm_level IS NOT NULL "
                + "ORDER BY s.alarm_level, (s.river IS NOT DISTINCT FROM own.river) DESC, s.id")) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /**
     * Per household, the lowest of the given levels whose scenario covers its place or its road node (the water reaches
     * its home or cuts its road there); households no scenario covers are left out.
     */
    Map<Long, Integer> householdLevels(Connection c, long[] households, Map<Integer, Integer> scenarios) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("WITH piece AS MATERIALIZED (SELECT l.level, ST_Subdivide(s.geom, 64) AS g "
                + "FROM unnest(?::int[], ?::int[]) AS l (level, scenario) JOIN flood_scenario s ON s.id = l.scenario) "
                + "SELECT h.id, min(p.level) FROM unnest(?::bigint[]) AS u (id) JOIN household h ON h.id = u.id "
                + "LEFT JOIN road_node n ON n.id = h.road_node_id "
                + "JOIN piece p ON (h.geom && p.g AND ST_Intersects(h.geom, p.g)) OR (n.geom && p.g AND ST_Intersects(n.geom, p.g)) "
                + "GROUP BY h.id")) {
            ps.setArray(1, c.createArrayOf("integer", scenarios.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("integer", scenarios.values().toArray()));
            Long[] ids = new Long[households.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = households[i];
            }
            ps.setArray(3, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** The road ids a scenario floods. */
    Set<Long> floodedRoads(Connection c, int scenarioId) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("WITH piece AS MATERIALIZED (SELECT ST_Subdivide(geom, 64) AS g FROM flood_scenario "
                + "WHERE id = ?) SELECT DISTINCT r.id FROM piece p JOIN road r ON r.geom && p.g AND ST_Intersects(r.geom, p.g)")) {
            ps.setInt(1, scenarioId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
