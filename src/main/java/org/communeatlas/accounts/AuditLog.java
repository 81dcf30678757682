package org.communeatlas.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.db.Jdbc;

/**
 * The append-only audit log: who, when, what, before → after, from which address. Written in the same
 * transaction as the change it records, so a change without its entry cannot be committed.
 */
public final class AuditLog {

    private AuditLog() {
    }

    public static void write(Connection c, Viewer who, String action, String entity, Object entityId, Object before, Object after,
                             String address) throws SQLException {
        write(c, who.userId(), who.username(), action, entity, entityId, before, after, address);
    }

    public static void write(Connection c, Integer userId, String username, String action, String entity, Object entityId,
                             Object before, Object after, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (user_id, username, action, entity, entity_id, before, after, address) "
                + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)")) {
            ps.setObject(1, userId);
            ps.setString(2, username);
            ps.setString(3, action);
            ps.setString(4, entity);
            ps.setString(5, entityId == null ? null : entityId.toString());
            ps.setString(6, json(before));
            ps.setString(7, json(after));
            ps.setString(8, address);
            ps.executeUpdate();
        }
    }

    /** Which entries to read: each filter null for any; dates as instants, {@code to} excluded. */
    public record Query(String username, String action, String entity, String entityId, LocalDateTime from,
                        LocalDateTime to, int limit, int offset) {
    }

    /** The entries matching the query, newest first. */
    public static List<AuditEntry> entries(DataSource db, Query q) throws SQLException {
        List<String> where = new ArrayList<>(List.of("true"));
        List<Object> params = new ArrayList<>();
        for (Object[] f : new Object[][] {{"username = ?", q.username()}, {"action = ?", q.action()}, {"entity = ?", q.entity()},
            {"entity_id = ?", q.entityId()}, {"at >= ?", q.from()}, {"at < ?", q.to()}}) {
            if (f[1] != null) {
                where.add((String) f[0]);
                params.add(f[1]);
            }
        }
        params.add(q.limit());
        params.add(q.offset());
        String sql = "SELECT id, at, user_id, username, action, entity, entity_id, before::text, after::text, address "
                + "FROM audit_log WHERE " + String.join(" AND ", where) + " ORDER BY id DESC LIMIT ? OFFSET ?";
        List<AuditEntry> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // before and after are JSON documents: sent as JSON, not as strings holding JSON
                    out.add(new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), (Integer) rs.getObject(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), tree(rs.getString(8)), tree(rs.getString(9)),
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

    private static JsonNode tree(String json) {
        return json == null ? null : JsonCodec.tree(json);
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonCodec.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
