package org.communeatlas.floods.situation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the situation board: sites as they are now, and the flood's calls for help. */
final class SituationStore {

    /** A site's row. */
    record SiteRow(int id, String code, String name, String kind, String communeCode, String communeName, boolean open, int capacityDay,
                   int capacityNight, int occupancy, int reserved) {
    }

    /** Sites with people in them, or in the given communes. */
    List<SiteRow> sites(Connection c, Integer[] communeIds) throws SQLException {
        List<SiteRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.code, p.name, p.kind, a.code, a.name, p.is_open, p.capacity_day, "
                + "p.capacity_night, p.occupancy, p.reserved FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id "
                + "WHERE p.occupancy > 0 OR (p.commune_id = ANY (?) AND p.kind <> 'solid_house') ORDER BY a.code, p.occupancy DESC, p.code")) {
            ps.setArray(1, c.createArrayOf("integer", communeIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SiteRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getBoolean(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11)));
                }
            }
        }
        return out;
    }

    /** A "Dân vận khéo" model active in a village that can act on the spot in a flood. */
    record ForceRow(int villageId, int modelId, String code, String name, String sector, String host, Integer members) {
    }

    /**
     * On-the-spot forces ("4 tại chỗ") in the villages given: models active today in the defence and security sector, or
     * whose name or host says they are a self-management, security, patrol, youth or disaster-response group.
     */
    List<ForceRow> forces(Connection c, Integer[] villageIds) throws SQLException {
        List<ForceRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.village_id, m.id, m.code, m.name, m.sector, m.host, "
                + "coalesce(a.members, m.members) FROM adoption a JOIN model m ON m.id = a.model_id "
                + "WHERE a.village_id = ANY (?) AND a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on > current_date) "
                + "AND (m.sector = 'defence_security' OR atlas_fold(m.name || ' ' || m.host) ~ ?) ORDER BY a.village_id, m.name, m.id")) {
            ps.setArray(1, c.createArrayOf("integer", villageIds));
            ps.setString(2, FORCE_WORDS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForceRow(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            (Integer) rs.getObject(7)));
                }
            }
        }
        return out;
    }

    /** Words (folded: no diacritics, lower case) naming groups that act on the spot. */
    static final String FORCE_WORDS = "tu quan|an ninh|xung kich|thanh nien|tuan tra|thien tai|cuu ho|phong chay";

    /** The flood's calls for help by state. */
    Map<String, Integer> sosByState(Connection c, int floodId) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM sos_request WHERE flood_id = ? GROUP BY state")) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Open calls (duplicates apart) of the flood per commune id. */
    Map<Integer, Integer> openSosByCommune(Connection c, int floodId) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT commune_id, count(*) FROM sos_request WHERE flood_id = ? "
                + "AND state IN ('new', 'verified', 'assigned') AND commune_id IS NOT NULL GROUP BY commune_id")) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return out;
    }
}
