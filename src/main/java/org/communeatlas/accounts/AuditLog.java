package org.communeatlas.accounts;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

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
