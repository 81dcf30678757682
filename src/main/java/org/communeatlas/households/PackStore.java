package org.communeatlas.households;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.core.AdminUnits;

/** The SQL of a commune pack: one commune's villages, households (with their row versions) and sites. */
final class PackStore {

    /** The commune (before the 2025 reform) of a code: its id, name and extent. */
    record Commune(int id, String code, String name, double[] bbox) {
    }

    Optional<Commune> commune(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.code, a.name, ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), "
                + "ST_YMax(a.geom) FROM admin_unit a WHERE a.level = 'commune' AND a.code = ? AND " + AdminUnits.beforeReform("a"))) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Commune(rs.getInt(1), rs.getString(2), rs.getString(3),
                        new double[] {rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)})) : Optional.empty();
            }
        }
    }

    List<CommunePack.Village> villages(Connection c, int communeId) throws SQLException {
        List<CommunePack.Village> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.code, v.name, (SELECT count(*) FROM household h WHERE h.village_id = v.id) "
                + "FROM village v WHERE v.commune_id = ? ORDER BY v.code")) {
            ps.setInt(1, communeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CommunePack.Village(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        return out;
    }

    /** What the current flood does to a household (from the flood analysis) and where its newest plan sends it. */
    record FloodMark(String impact, Double depthM, Integer planSiteId, String planUnassigned) {
        static final FloodMark NONE = new FloodMark(null, null, null, null);
    }

    /** The commune's households; with {@code changedAfter}, only those changed after that time. */
    List<CommunePack.Household> households(Connection c, int communeId, Map<Long, FloodMark> marks, OffsetDateTime changedAfter)
            throws SQLException {
        List<CommunePack.Household> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT h.id, h.code, h.village_code, h.head_name, h.phone, h.members, "
                + "CASE WHEN h.elderly + h.young_children + h.disabled + h.pregnant > 0 THEN 1 ELSE 2 END, h.status, h.site_id, md5(h::text), "
                + "ST_X(h.geom), ST_Y(h.geom), h.note FROM household h WHERE h.commune_id = ? AND (?::timestamptz IS NULL OR h.updated_at > ?) "
                + "ORDER BY h.village_code, h.id")) {
            ps.setInt(1, communeId);
            ps.setObject(2, changedAfter);
            ps.setObject(3, changedAfter);
            ps.setFetchSize(5_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    FloodMark m = marks.getOrDefault(rs.getLong(1), FloodMark.NONE);
                    out.add(new CommunePack.Household(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), rs.getString(8), (Integer) rs.getObject(9), HouseholdService.etag(rs.getString(10)),
                            rs.getDouble(11), rs.getDouble(12), rs.getString(13), m.impact(), m.depthM(), m.planSiteId(), m.planUnassigned()));
                }
            }
        }
        return out;
    }

    /** Where a plan sends each household of a commune (a site), or why it could not (the reason's code). */
    Map<Long, FloodMark> planned(Connection c, int planId, int communeId) throws SQLException {
        Map<Long, FloodMark> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.household_id, a.site_id, a.unassigned FROM evacuation_assignment a "
                + "JOIN household h ON h.id = a.household_id WHERE a.plan_id = ? AND h.commune_id = ?")) {
            ps.setInt(1, planId);
            ps.setInt(2, communeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new FloodMark(null, null, (Integer) rs.getObject(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    List<CommunePack.Site> sites(Connection c, int communeId) throws SQLException {
        List<CommunePack.Site> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.code, p.name, p.kind, v.code, p.is_open, p.capacity_day, p.occupancy, "
                + "p.reserved, ST_X(p.geom), ST_Y(p.geom), md5(p::text) FROM evacuation_point p LEFT JOIN village v ON v.id = p.village_id "
                + "WHERE p.commune_id = ? ORDER BY p.kind = 'solid_house', p.code")) {
            ps.setInt(1, communeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CommunePack.Site(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                            rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getDouble(10), rs.getDouble(11), SiteService.etag(rs.getString(12))));
                }
            }
        }
        return out;
    }

    OffsetDateTime now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT now()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }
}
