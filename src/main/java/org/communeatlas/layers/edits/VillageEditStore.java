package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.communeatlas.geo.Crs;

/** The SQL of village edits: PostGIS reads, reprojects and checks the boundary a client sent. */
final class VillageEditStore implements RowVersions<String> {

    /** A village as it is now, locked for the edit; {@code json} holds its writable properties and its boundary as GeoJSON. */
    record Current(long id, String code, String version, String json) {
    }

    /** A boundary as PostGIS read it: the geometry's EWKB in CRS84, or why it cannot be used. */
    record Boundary(byte[] ewkb, String problem) {
    }

    private static final String WRITABLE_JSON = "json_build_object('code', t.code, 'name', t.name, 'kind', t.kind, 'commune_code', a.code, "
            + "'population', t.population, 'geometry', ST_AsGeoJSON(t.geom, 9)::json)::text";

    /** The village of a code (its feature id), locked. */
    Optional<Current> lockByCode(Connection c, String code) throws SQLException {
        return lock(c, "t.code = ?", code);
    }

    Optional<Current> lock(Connection c, long id) throws SQLException {
        return lock(c, "t.id = ?", id);
    }

    private Optional<Current> lock(Connection c, String condition, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.code, md5(t::text), " + WRITABLE_JSON
                + " FROM village t JOIN admin_unit a ON a.id = t.commune_id WHERE " + condition + " FOR UPDATE OF t")) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Current(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<String> version(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT md5(t::text) FROM village t WHERE t.code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * A GeoJSON (Multi)Polygon in the body's CRS as a MultiPolygon in CRS84, or the reason it is refused: not readable,
     * not valid, or outside Vietnam. Read in a savepoint: a geometry PostGIS cannot parse must not end the transaction.
     */
    Boundary boundary(Connection c, String geoJson, Crs crs) throws SQLException {
        String read = "ST_SetSRID(ST_GeomFromGeoJSON(?), " + crs.srid() + ")";
        String lonLat = "ST_Transform(" + (crs.latFirst() ? "ST_FlipCoordinates(" + read + ")" : read) + ", 4326)";
        var savepoint = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN NOT ST_IsValid(g) THEN 'không hợp lệ: ' || ST_IsValidReason(g) "
                + "WHEN NOT ST_CoveredBy(g, ST_MakeEnvelope(102, 6, 118, 24, 4326)) THEN 'nằm ngoài Việt Nam' END, ST_AsEWKB(ST_Multi(g)) "
                + "FROM (SELECT " + lonLat + " AS g) x")) {
            ps.setString(1, geoJson);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                c.releaseSavepoint(savepoint);
                return new Boundary(rs.getBytes(2), rs.getString(1));
            }
        } catch (SQLException unreadable) {
            c.rollback(savepoint);
            return new Boundary(null, "PostGIS không đọc được hình này");
        }
    }

    boolean codeTaken(Connection c, String code, long except) throws SQLException {
        return exists(c, "SELECT 1 FROM village WHERE code = ? AND id <> ?", code, except);
    }

    boolean nameTaken(Connection c, int communeId, String name, long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM village WHERE commune_id = ? AND name = ? AND id <> ?")) {
            ps.setInt(1, communeId);
            ps.setString(2, name);
            ps.setLong(3, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Households, sites, adoptions or models belong to the village: it is not deleted under them (nor their history). */
    boolean inUse(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM household WHERE village_id = ?) "
                + "OR EXISTS (SELECT 1 FROM evacuation_point WHERE village_id = ?) OR EXISTS (SELECT 1 FROM adoption WHERE village_id = ?) "
                + "OR EXISTS (SELECT 1 FROM model WHERE origin_village_id = ?)")) {
            for (int i = 1; i <= 4; i++) {
                ps.setLong(i, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    long insert(Connection c, String code, String name, String kind, int communeId, Long population, byte[] geom) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO village (code, name, kind, commune_id, unit_2025_id, population, centre, geom) "
                + "SELECT ?, ?, ?, ?, " + unit2025() + ", ?, ST_PointOnSurface(g), g FROM (SELECT ST_GeomFromEWKB(?) AS g) x RETURNING id")) {
            bind(ps, code, name, kind, communeId, population, geom);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void update(Connection c, long id, String code, String name, String kind, int communeId, Long population, byte[] geom) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE village t SET code = ?, name = ?, kind = ?, commune_id = ?, unit_2025_id = "
                + unit2025() + ", population = ?, centre = CASE WHEN t.centre IS NOT NULL AND ST_Intersects(t.centre, x.g) THEN t.centre "
                + "ELSE ST_PointOnSurface(x.g) END, geom = x.g FROM (SELECT ST_GeomFromEWKB(?) AS g) x WHERE t.id = ?")) {
            bind(ps, code, name, kind, communeId, population, geom);
            ps.setLong(8, id);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM village WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Parameters 1–7 of an insert or update: the commune twice, for itself and for its post-reform unit. */
    private static void bind(PreparedStatement ps, String code, String name, String kind, int communeId, Long population, byte[] geom)
            throws SQLException {
        ps.setString(1, code);
        ps.setString(2, name);
        ps.setString(3, kind);
        ps.setInt(4, communeId);
        ps.setInt(5, communeId);
        ps.setObject(6, population, Types.INTEGER);
        ps.setBytes(7, geom);
    }

    /** The post-reform unit the commune (the next parameter) went into; of several, the one holding the boundary x.g. */
    private static String unit2025() {
        return "(SELECT s.new_unit_id FROM admin_unit_succession s JOIN admin_unit n ON n.id = s.new_unit_id WHERE s.old_unit_id = ? "
                + "ORDER BY ST_Intersects(n.geom, ST_PointOnSurface(x.g)) DESC, n.code LIMIT 1)";
    }

    private static boolean exists(Connection c, String sql, String text, long number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, text);
            ps.setLong(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
