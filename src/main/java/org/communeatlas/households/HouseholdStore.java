package org.communeatlas.households;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The SQL of household status changes and site occupancy; every method runs on the caller's transaction. */
final class HouseholdStore {

    /** The household, locked until the transaction ends; empty when there is none. */
    Optional<HouseholdRow> lockHousehold(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.status, h.site_id, h.members, v.commune_id, v.code, cm.code, "
                + "ST_X(h.geom), ST_Y(h.geom) FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit cm ON cm.id = v.commune_id WHERE h.id = ? FOR UPDATE OF h")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HouseholdRow(id, rs.getString(1), (Integer) rs.getObject(2), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getDouble(8)));
            }
        }
    }

    /** The site, locked until the transaction ends, so that concurrent check-ins see each other's people. */
    Optional<SiteRow> lockSite(Connection c, int siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT occupancy, reserved, capacity_day, is_open, commune_id "
                + "FROM evacuation_point WHERE id = ? FOR UPDATE")) {
            ps.setInt(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SiteRow(siteId, rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4), rs.getInt(5)));
            }
        }
    }

    /** Adds people to a site's occupancy (negative: removes them), and keeps the change in the site's status history. */
    void addPeople(Connection c, int siteId, int people, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE evacuation_point SET occupancy = greatest(occupancy + ?, 0), updated_at = now() "
                + "WHERE id = ?")) {
            ps.setInt(1, people);
            ps.setInt(2, siteId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_point_status (point_id, is_open, occupancy, reserved, changed_by, note) "
                + "SELECT id, is_open, occupancy, reserved, ?, ? FROM evacuation_point WHERE id = ?")) {
            ps.setString(1, username);
            ps.setString(2, people > 0 ? "check-in " + people : "check-out " + (-people));
            ps.setInt(3, siteId);
            ps.executeUpdate();
        }
    }

    void setStatus(Connection c, long householdId, String status, Integer siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE household SET status = ?, site_id = ?, updated_at = now() WHERE id = ?")) {
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
