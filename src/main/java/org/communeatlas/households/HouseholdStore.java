package org.communeatlas.households;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.communeatlas.db.Jdbc;

/** The SQL of household status changes and site occupancy; every method runs on the caller's transaction. */
final class HouseholdStore {

    /** The household, locked until the transaction ends; empty when there is none. */
    Optional<HouseholdRow> lockHousehold(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.status, h.site_id, h.members, v.commune_id, v.code, cm.code, "
                + "ST_X(h.geom), ST_Y(h.geom), md5(h::text) FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit cm ON cm.id = v.commune_id WHERE h.id = ? FOR UPDATE OF h")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HouseholdRow(id, rs.getString(1), (Integer) rs.getObject(2), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getDouble(8), rs.getString(9)));
            }
        }
    }

    /** The household's row version: it changes whenever any of its columns does (its status, its site, an edit). */
    String version(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT md5(h::text) FROM household h WHERE h.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The site, locked until the transaction ends, so that concurrent check-ins see each other's people. */
    Optional<SiteRow> lockSite(Connection c, int siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT occupancy, reserved, capacity_day, capacity_night, is_open, commune_id, md5(p::text) "
                + "FROM evacuation_point p WHERE id = ? FOR UPDATE")) {
            ps.setInt(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SiteRow(siteId, rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getBoolean(5), rs.getInt(6),
                        rs.getString(7)));
            }
        }
    }

    /** The household as its card shows it (personal fields left to the service), or empty. */
    Optional<CardRow> card(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.status, h.members, v.code, v.name, v.kind, cm.code, cm.name, v.commune_id, "
                + "ST_X(h.geom), ST_Y(h.geom), h.code, h.head_name, h.phone, h.elderly, h.young_children, h.disabled, h.pregnant, h.site_id, p.name, "
                + "md5(h::text), h.note FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit cm ON cm.id = v.commune_id "
                + "LEFT JOIN evacuation_point p ON p.id = h.site_id WHERE h.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CardRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getInt(8), rs.getDouble(9), rs.getDouble(10), new HouseholdCard.Personal(rs.getString(11),
                        rs.getString(12), rs.getString(13), rs.getInt(14), rs.getInt(15), rs.getInt(16), rs.getInt(17), (Integer) rs.getObject(18),
                        rs.getString(19), rs.getString(21)), rs.getString(20)));
            }
        }
    }

    /** A household's row for its card; {@code personal} is read always and shown only where allowed; {@code version} is the row's. */
    record CardRow(String status, int members, String villageCode, String villageName, String villageKind, String communeCode,
                   String communeName, int communeId, double lon, double lat, HouseholdCard.Personal personal, String version) {
    }

    /** The household in the newest plan that has it, if any. */
    Optional<HouseholdCard.Planned> planned(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.flood_id, a.plan_id, a.site_id, s.name, a.distance_m, a.water_m, a.unassigned "
                + "FROM evacuation_assignment a JOIN evacuation_plan p ON p.id = a.plan_id LEFT JOIN evacuation_point s ON s.id = a.site_id "
                + "WHERE a.household_id = ? ORDER BY a.plan_id DESC LIMIT 1")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HouseholdCard.Planned(rs.getInt(1), rs.getInt(2), (Integer) rs.getObject(3), rs.getString(4),
                        rs.getObject(5) == null ? null : rs.getDouble(5), rs.getObject(6) == null ? null : rs.getDouble(6), rs.getString(7)));
            }
        }
    }

    /**
     * Open sites with room for {@code people} within reach of a point, for the communes the viewer acts in: the
     * household's own commune first, then by distance; a family's solid house only for its own village.
     */
    List<HouseholdCard.Site> sitesWithRoom(Connection c, double lon, double lat, int people, int communeId, String villageCode,
                                           Integer[] communes, boolean everywhere, int limit) throws SQLException {
        String sql = "SELECT p.id, p.code, p.name, p.kind, cm.code, p.commune_id = ?, greatest(p.capacity_day - p.occupancy - p.reserved, 0), "
                + "ST_Distance(p.geom::geography, ST_SetSRID(ST_Point(?, ?), 4326)::geography) "
                + "FROM evacuation_point p JOIN admin_unit cm ON cm.id = p.commune_id LEFT JOIN village v ON v.id = p.village_id "
                + "WHERE p.is_open AND p.capacity_day - p.occupancy - p.reserved >= ? AND (? OR p.commune_id = ANY (?)) "
                + "AND (p.kind <> 'solid_house' OR v.code = ?) "
                + "ORDER BY p.commune_id = ? DESC, p.geom <-> ST_SetSRID(ST_Point(?, ?), 4326) LIMIT ?";
        List<HouseholdCard.Site> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, java.util.Arrays.asList(communeId, lon, lat, people, everywhere, communes, villageCode, communeId, lon, lat, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HouseholdCard.Site(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                            rs.getInt(7), Math.round(rs.getDouble(8))));
                }
            }
        }
        return out;
    }

    /** Adds people to a site's occupancy (negative: removes them), and keeps the change in the site's status history. */
    void addPeople(Connection c, int siteId, int people, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE evacuation_point SET occupancy = greatest(occupancy + ?, 0) "
                + "WHERE id = ?")) {
            ps.setInt(1, people);
            ps.setInt(2, siteId);
            ps.executeUpdate();
        }
        keepStatus(c, siteId, username, people > 0 ? "check-in " + people : "check-out " + (-people));
    }

    /** A site's report from the field: open or closed, the people counted there, with a note kept in its status history. */
    void reportSite(Connection c, int siteId, boolean open, int occupancy, String note, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE evacuation_point SET is_open = ?, occupancy = ? WHERE id = ?")) {
            ps.setBoolean(1, open);
            ps.setInt(2, occupancy);
            ps.setInt(3, siteId);
            ps.executeUpdate();
        }
        keepStatus(c, siteId, username, note);
    }

    /** The site's state as it is now, kept in its status history with who changed it and why. */
    private static void keepStatus(Connection c, int siteId, String username, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_point_status (point_id, is_open, occupancy, reserved, changed_by, note) "
                + "SELECT id, is_open, occupancy, reserved, ?, ? FROM evacuation_point WHERE id = ?")) {
            ps.setString(1, username);
            ps.setString(2, note);
            ps.setInt(3, siteId);
            ps.executeUpdate();
        }
    }

    /** A site's row version (what its report's If-Match names): it moves with every check-in and report. */
    String siteVersion(Connection c, int siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT md5(p::text) FROM evacuation_point p WHERE p.id = ?")) {
            ps.setInt(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    void setNote(Connection c, long householdId, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE household SET note = ? WHERE id = ?")) {
            ps.setString(1, note);
            ps.setLong(2, householdId);
            ps.executeUpdate();
        }
    }

    void setStatus(Connection c, long householdId, String status, Integer siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE household SET status = ?, site_id = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, siteId);
            ps.setLong(3, householdId);
            ps.executeUpdate();
        }
    }

    /** A site as the live maps show it, with the version of its newest status row. */
    SiteState site(Connection c, int siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.code, p.occupancy, p.reserved, p.capacity_day, p.capacity_night, p.is_open, "
                + "greatest(p.capacity_day - p.occupancy - p.reserved, 0), "
                + "(SELECT max(s.id) FROM evacuation_point_status s WHERE s.point_id = p.id) FROM evacuation_point p WHERE p.id = ?")) {
            ps.setInt(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SiteState(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getBoolean(7),
                        rs.getInt(8), rs.getObject(9) == null ? null : rs.getLong(9));
            }
        }
    }
}
