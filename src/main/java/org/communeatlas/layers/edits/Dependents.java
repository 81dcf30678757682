package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** What depends on a row a client would change or delete: the SQL behind the collections' own refusals. */
final class Dependents {

    private Dependents() {
    }

    /** Households checked in at the site or assigned to it: a site they depend on is not deleted under them. */
    static boolean siteInUse(Connection c, long id) throws SQLException {
        return exists(c, "SELECT EXISTS (SELECT 1 FROM household WHERE site_id = ? OR assigned_site_id = ?)", id);
    }

    /** Households, sites, adoptions or models belong to the village: it is not deleted under them (nor their history). */
    static boolean villageInUse(Connection c, long id) throws SQLException {
        return exists(c, "SELECT EXISTS (SELECT 1 FROM household WHERE village_id = ?) OR EXISTS (SELECT 1 FROM evacuation_point WHERE village_id = ?) "
                + "OR EXISTS (SELECT 1 FROM adoption WHERE village_id = ?) OR EXISTS (SELECT 1 FROM model WHERE origin_village_id = ?)", id);
    }

    static boolean villageNameTaken(Connection c, int communeId, String name, long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM village WHERE commune_id = ? AND name = ? AND id <> ?")) {
            ps.setInt(1, communeId);
            ps.setString(2, name);
            ps.setLong(3, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The newest plan of a flood that sends households to a site, and how many. */
    record PlanUse(int planId, String flood, int households) {
    }

    /** Of each flood's newest plan, the first that sends households to the site (the plan people act on). */
    static Optional<PlanUse> newestPlanUsing(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.id, f.name, (SELECT count(*) FROM unnest(ph.site_id) s WHERE s = ?)
                FROM flood_event f
                JOIN LATERAL (SELECT id FROM evacuation_plan WHERE flood_id = f.id ORDER BY id DESC LIMIT 1) p ON true
                JOIN evacuation_plan_household ph ON ph.plan_id = p.id
                WHERE ? = ANY (ph.site_id)
                ORDER BY p.id DESC LIMIT 1""")) {
            ps.setInt(1, Math.toIntExact(id));
            ps.setInt(2, Math.toIntExact(id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new PlanUse(rs.getInt(1), rs.getString(2), rs.getInt(3))) : Optional.empty();
            }
        }
    }

    /** A yes-or-no statement whose every parameter is the row's id. */
    private static boolean exists(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= sql.chars().filter(ch -> ch == '?').count(); i++) {
                ps.setLong(i, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
