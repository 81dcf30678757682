package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/** The SQL of household edits. The village, commune and cell copies, the road node and the change NOTIFY follow by trigger. */
final class HouseholdEditStore implements RowVersions<Long> {

    /** A household as it is now, locked for the edit. {@code version} changes whenever any of its columns does. */
    record Current(long id, String code, String version, int communeId, Integer siteId, String status, String json) {
    }

    /** Where a village is. */
    record Village(int id, int communeId) {
    }

    /** The properties a client may write, with the point: what a merge patch is applied to. */
    private static final String WRITABLE_JSON = "json_build_object('code', h.code, 'village_code', v.code, 'head_name', h.head_name, "
            + "'phone', h.phone, 'members', h.members, 'elderly', h.elderly, 'young_children', h.young_children, 'disabled', h.disabled, "
            + "'pregnant', h.pregnant, 'house_class', h.house_class, 'ground_elevation_m', h.ground_elevation_m, 'status', h.status, "
            + "'lon', ST_X(h.geom), 'lat', ST_Y(h.geom))::text";

    Optional<Current> lock(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.id, h.code, md5(h::text), v.commune_id, h.site_id, h.status, " + WRITABLE_JSON
                + " FROM household h JOIN village v ON v.id = h.village_id WHERE h.id = ? FOR UPDATE OF h")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Current(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), (Integer) rs.getObject(5),
                        rs.getString(6), rs.getString(7)));
            }
        }
    }

    /** The row version of a household, for the ETag of its feature. */
    @Override
    public Optional<String> version(Connection c, Long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT md5(h::text) FROM household h WHERE h.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    Optional<Village> village(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, commune_id FROM village WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Village(rs.getInt(1), rs.getInt(2))) : Optional.empty();
            }
        }
    }

    boolean codeTaken(Connection c, String code, long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM household WHERE code = ? AND id <> ?")) {
            ps.setString(1, code);
            ps.setLong(2, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    long insert(Connection c, HouseholdValues v, int villageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO household (code, village_id, head_name, phone, members, elderly, "
                + "young_children, disabled, pregnant, house_class, ground_elevation_m, status, geom) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326)) RETURNING id")) {
            bind(ps, v, villageId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void update(Connection c, long id, HouseholdValues v, int villageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE household SET code = ?, village_id = ?, head_name = ?, phone = ?, members = ?, "
                + "elderly = ?, young_children = ?, disabled = ?, pregnant = ?, house_class = ?, ground_elevation_m = ?, status = ?, "
                + "geom = ST_SetSRID(ST_MakePoint(?, ?), 4326) WHERE id = ?")) {
            bind(ps, v, villageId);
            ps.setLong(15, id);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM household WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, HouseholdValues v, int villageId) throws SQLException {
        ps.setString(1, v.code());
        ps.setInt(2, villageId);
        ps.setString(3, v.headName());
        ps.setString(4, v.phone());
        ps.setLong(5, v.members());
        ps.setLong(6, v.elderly());
        ps.setLong(7, v.youngChildren());
        ps.setLong(8, v.disabled());
        ps.setLong(9, v.pregnant());
        ps.setObject(10, v.houseClass(), Types.SMALLINT);
        ps.setObject(11, v.groundElevationM(), Types.REAL);
        ps.setString(12, v.status());
        ps.setDouble(13, v.lon());
        ps.setDouble(14, v.lat());
    }
}
