package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/** The SQL of evacuation point edits. The road node and the change NOTIFY follow by trigger. */
final class EvacuationPointEditStore implements RowVersions<Long> {

    /** A site as it is now, locked for the edit; {@code people} are those sheltered or expected there. */
    record Current(long id, String code, String version, int communeId, int people, String json) {
    }

    /** A site as a feature writes it, in CRS84. */
    record Values(String code, String name, String kind, String communeCode, long capacityDay, long capacityNight, boolean open,
                  Double elevationM, double lon, double lat) {
    }

    private static final String WRITABLE_JSON = "json_build_object('code', p.code, 'name', p.name, 'kind', p.kind, 'commune_code', a.code, "
            + "'capacity_day', p.capacity_day, 'capacity_night', p.capacity_night, 'is_open', p.is_open, 'elevation_m', p.elevation_m, "
            + "'lon', ST_X(p.geom), 'lat', ST_Y(p.geom))::text";

    Optional<Current> lock(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.code, md5(p::text), p.commune_id, p.occupancy + p.reserved, "
                + WRITABLE_JSON + " FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id WHERE p.id = ? FOR UPDATE OF p")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Current(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getString(6)));
            }
        }
    }

    @Override
    public Optional<String> version(Connection c, Long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT md5(p::text) FROM evacuation_point p WHERE p.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    boolean codeTaken(Connection c, String code, long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM evacuation_point WHERE code = ? AND id <> ?")) {
            ps.setString(1, code);
            ps.setLong(2, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Households checked in at the site or assigned to it: a site they depend on is not deleted under them. */
    boolean inUse(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM household WHERE site_id = ? OR assigned_site_id = ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The newest plan of a flood that sends households to a site, and how many. */
    record PlanUse(int planId, String flood, int households) {
    }

    /** Of each flood's newest plan, the first that sends households to the site (the plan people act on). */
    Optional<PlanUse> newestPlanUsing(Connection c, long id) throws SQLException {
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

    long insert(Connection c, Values v, int communeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_point (code, name, kind, commune_id, capacity_day, "
                + "capacity_night, is_open, elevation_m, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326)) RETURNING id")) {
            bind(ps, v, communeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void update(Connection c, long id, Values v, int communeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE evacuation_point SET code = ?, name = ?, kind = ?, commune_id = ?, "
                + "capacity_day = ?, capacity_night = ?, is_open = ?, elevation_m = ?, geom = ST_SetSRID(ST_MakePoint(?, ?), 4326) "
                + "WHERE id = ?")) {
            bind(ps, v, communeId);
            ps.setLong(11, id);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM evacuation_point WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Values v, int communeId) throws SQLException {
        ps.setString(1, v.code());
        ps.setString(2, v.name());
        ps.setString(3, v.kind());
        ps.setInt(4, communeId);
        ps.setLong(5, v.capacityDay());
        ps.setLong(6, v.capacityNight());
        ps.setBoolean(7, v.open());
        ps.setObject(8, v.elevationM(), Types.REAL);
        ps.setDouble(9, v.lon());
        ps.setDouble(10, v.lat());
    }
}
