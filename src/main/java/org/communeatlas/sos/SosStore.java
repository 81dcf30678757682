package org.communeatlas.sos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The SQL of calls for help. Matching and linking are the database's ({@code atlas_sos_link}). */
final class SosStore {

    private static final String ROW = "SELECT s.id, s.flood_id, s.source, s.state, s.reported_at, s.people, v.code, v.name, a.code, a.name, "
            + "ST_X(s.geom), ST_Y(s.geom), s.located_by, s.duplicate_of, s.team, s.household_id, s.matched_by, s.name, s.phone, s.address, "
            + "s.needs, s.note, s.reference, s.commune_id, "
            + "(s.located_by = 'coordinates' AND v.geom IS NOT NULL AND ST_Intersects(v.geom, s.geom)), atlas_sos_triage(s, now()) "
            + "FROM sos_request s LEFT JOIN village v ON v.id = s.village_id "
            + "LEFT JOIN admin_unit a ON a.id = s.commune_id";

    /**
     * Which requests to list: each filter null for any; by triage score (highest first) or newest first; {@code communeIds}
     * null for every commune.
     */
    record Filter(Integer floodId, String state, String communeCode, int limit, boolean byTriage, Set<Integer> communeIds) {

        Filter(Integer floodId, String state, String communeCode, int limit, boolean byTriage) {
            this(floodId, state, communeCode, limit, byTriage, null);
        }
    }

    /** Inserts a request and links it (household, village, the open request it repeats); returns its id. */
    long insert(Connection c, NewSos s, String source, String by) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sos_request (flood_id, source, reported_at, created_by, name, phone, address, "
                + "people, needs, note, located_by, geom) VALUES (?, ?, coalesce(?, now()), ?, ?, ?, ?, ?, ?, ?, ?, "
                + "CASE WHEN ?::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(?, ?), 4326) END) RETURNING id")) {
            ps.setObject(1, s.floodId(), Types.INTEGER);
            ps.setString(2, source);
            ps.setObject(3, s.reportedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(4, by);
            ps.setString(5, s.name());
            ps.setString(6, s.phone());
            ps.setString(7, s.address());
            ps.setObject(8, s.people(), Types.INTEGER);
            ps.setString(9, s.needs());
            ps.setString(10, s.note());
            ps.setString(11, s.lon() == null ? "none" : "coordinates");
            ps.setObject(12, s.lon(), Types.DOUBLE);
            ps.setObject(13, s.lon(), Types.DOUBLE);
            ps.setObject(14, s.lat(), Types.DOUBLE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        link(c, List.of(id));
        return id;
    }

    /** Matches and links requests in the order given (the earlier of two repeats is the one counted). */
    void link(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT atlas_sos_link(i) FROM unnest(?::bigint[]) WITH ORDINALITY AS u (i, n) ORDER BY n")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.execute();
        }
    }

    Optional<SosRequest> find(Connection c, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROW + " WHERE s.id = ?" + (lock ? " FOR UPDATE OF s" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    List<SosRequest> list(Connection c, Filter f) throws SQLException {
        List<SosRequest> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ROW + " WHERE (?::int IS NULL OR s.flood_id = ?) AND (?::text IS NULL OR s.state = ?) "
                + "AND (?::text IS NULL OR a.code = ?) AND (?::int[] IS NULL OR s.commune_id = ANY (?)) ORDER BY CASE WHEN ? THEN atlas_sos_triage(s, now()) END DESC NULLS LAST, "
                + "s.reported_at DESC, s.id DESC LIMIT ?")) {
            ps.setObject(1, f.floodId(), Types.INTEGER);
            ps.setObject(2, f.floodId(), Types.INTEGER);
            ps.setString(3, f.state());
            ps.setString(4, f.state());
            ps.setString(5, f.communeCode());
            ps.setString(6, f.communeCode());
            java.sql.Array communes = f.communeIds() == null ? null : c.createArrayOf("integer", f.communeIds().toArray());
            ps.setArray(7, communes);
            ps.setArray(8, communes);
            ps.setBoolean(9, f.byTriage());
            ps.setInt(10, f.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    void update(Connection c, long id, SosChange change) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sos_request SET state = coalesce(?, state), team = coalesce(?, team), "
                + "household_id = coalesce(?, household_id), matched_by = CASE WHEN ?::bigint IS NULL THEN matched_by ELSE 'officer' END, "
                + "duplicate_of = CASE WHEN coalesce(?, state) = 'duplicate' THEN coalesce(?, duplicate_of) END, updated_at = now() WHERE id = ?")) {
            ps.setString(1, change.state());
            ps.setString(2, change.team());
            ps.setObject(3, change.householdId(), Types.BIGINT);
            ps.setObject(4, change.householdId(), Types.BIGINT);
            ps.setString(5, change.state());
            ps.setObject(6, change.duplicateOf(), Types.BIGINT);
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    /** The commune a household lives in, if there is such a household. */
    Optional<Integer> householdCommune(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.commune_id FROM household h JOIN village v ON v.id = h.village_id WHERE h.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** A call by the reference its caller quotes. */
    Optional<SosRequest> byReference(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROW + " WHERE s.reference = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static SosRequest row(ResultSet rs) throws SQLException {
        double lon = rs.getDouble(11);
        boolean located = !rs.wasNull();
        return new SosRequest(rs.getLong(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
                (Integer) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), located ? lon : null,
                located ? rs.getDouble(12) : null, rs.getString(13), (Long) rs.getObject(14), rs.getString(15), (Long) rs.getObject(16),
                rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22),
                rs.getString(23), rs.getInt(26), (Integer) rs.getObject(24), rs.getBoolean(25));
    }
}
