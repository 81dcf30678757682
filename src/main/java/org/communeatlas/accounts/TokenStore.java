package org.communeatlas.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Personal API tokens ({@code Authorization: Bearer atl_…}): 32 random bytes shown once when issued, only their SHA-256
 * kept. A token acts as its user — same role, same communes — until revoked, or while its user is disabled not at all.
 */
public final class TokenStore {

    static final String PREFIX = "atl_";

    /** A token as its owner sees it listed: never the token itself. */
    public record Listed(String name, java.time.OffsetDateTime created, java.time.OffsetDateTime lastUsed) {
    }

    private final DataSource db;
    private final UserStore users;

    public TokenStore(DataSource db, UserStore users) {
        this.db = db;
        this.users = users;
    }

    /** Issues a token named {@code name} for a user on the caller's transaction; returns the token, to be shown once. */
    public static String issue(Connection c, int userId, String name) throws SQLException {
        String token = PREFIX + Secrets.random();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_token (user_id, name, token_hash) VALUES (?, ?, ?)")) {
            ps.setInt(1, userId);
            ps.setString(2, name);
            ps.setBytes(3, Secrets.sha256(token));
            ps.executeUpdate();
        }
        return token;
    }

    /** Revokes a user's live token of this name; false when there is none. */
    public static boolean revoke(Connection c, int userId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE api_token SET revoked_at = now() WHERE user_id = ? AND name = ? AND revoked_at IS NULL")) {
            ps.setInt(1, userId);
            ps.setString(2, name);
            return ps.executeUpdate() > 0;
        }
    }

    /** A user's live tokens. */
    public static List<Listed> live(Connection c, int userId) throws SQLException {
        List<Listed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, created_at, last_used_at FROM api_token "
                + "WHERE user_id = ? AND revoked_at IS NULL ORDER BY name")) {
            ps.setInt(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Listed(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class),
                            rs.getObject(3, java.time.OffsetDateTime.class)));
                }
            }
        }
        return out;
    }

    /** The user a bearer token acts as, if it is live and its user enabled; its last use is recorded. */
    public Optional<User> resolve(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 43) {
            return Optional.empty();
        }
        int userId;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE api_token SET last_used_at = now() WHERE token_hash = ? AND revoked_at IS NULL RETURNING user_id")) {
            ps.setBytes(1, Secrets.sha256(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                userId = rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("token: " + e.getMessage(), e);
        }
        return users.byId(userId).filter(u -> !u.disabled());
    }
}
