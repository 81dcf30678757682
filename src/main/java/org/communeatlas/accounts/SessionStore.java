package org.communeatlas.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Server-side sessions: an opaque random id in the cookie, only its SHA-256 in the database; an idle
 * timeout and an absolute one; a fresh id at every sign-in (the old one is dropped); a CSRF token per
 * session for state-changing requests.
 */
public final class SessionStore {

    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);

    /** A live session and who it belongs to. */
    public record Session(String id, User user, String csrf) {
    }

    private final DataSource db;
    private final UserStore users;

    public SessionStore(DataSource db, UserStore users) {
        this.db = db;
        this.users = users;
    }

    /** Starts a session for a user; returns its id (for the cookie) and CSRF token. */
    public Session create(User user, String address) {
        String id = Secrets.random();
        String csrf = Secrets.random();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO app_session (id_hash, user_id, csrf_token, expires_at, address) VALUES (?, ?, ?, ?, ?)")) {
            ps.setBytes(1, Secrets.sha256(id));
            ps.setInt(2, user.id());
            ps.setString(3, csrf);
            ps.setTimestamp(4, Timestamp.from(Instant.now().plus(IDLE)));
            ps.setString(5, address);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("session: " + e.getMessage(), e);
        }
        return new Session(id, user, csrf);
    }

    /** The session of a cookie value, if it is live; each use extends the idle timeout, never past the absolute one. */
    public Optional<Session> resolve(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        String sql = "UPDATE app_session SET last_seen_at = now(), "
                + "expires_at = least(now() + make_interval(secs => ?), created_at + make_interval(secs => ?)) "
                + "WHERE id_hash = ? AND expires_at > now() AND created_at + make_interval(secs => ?) > now() "
                + "RETURNING user_id, csrf_token";
        int userId;
        String csrf;
        // the connection goes back to the pool before the user is read with another one: a request never holds
        // one connection while waiting for a second (under load that starves the pool: 64 concurrent check-ins did)
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, IDLE.toSeconds());
            ps.setLong(2, ABSOLUTE.toSeconds());
            ps.setBytes(3, Secrets.sha256(id));
            ps.setLong(4, ABSOLUTE.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                userId = rs.getInt(1);
                csrf = rs.getString(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session: " + e.getMessage(), e);
        }
        return users.byId(userId).filter(u -> !u.disabled()).map(u -> new Session(id, u, csrf));
    }

    public void delete(String id) {
        if (id == null) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM app_session WHERE id_hash = ?")) {
            ps.setBytes(1, Secrets.sha256(id));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("session: " + e.getMessage(), e);
        }
    }

    /** Removes sessions past their time (called now and then; expired ones are refused anyway). */
    public int deleteExpired() {
        try (Connection c = db.getConnection(); var s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM app_session WHERE expires_at <= now() OR created_at + interval '"
                    + ABSOLUTE.toHours() + " hours' <= now()");
        } catch (SQLException e) {
            throw new IllegalStateException("session: " + e.getMessage(), e);
        }
    }
}
