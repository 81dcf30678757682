package org.communeatlas.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.events.EventBus;

/**
 * The credentials of live streams, checked again while the streams are open: a session (not signed out, expired or
 * dropped by a password change or a disabled account) or an API token (not revoked), of a user still enabled, with the
 * rights that user has now. A stream holds its credential only as a hash, as the database does.
 */
public final class StreamCredentials implements EventBus.Credentials {

    private static final String SESSION = "session:";
    private static final String TOKEN = "token:";

    private final DataSource db;
    private final UserStore users;

    public StreamCredentials(DataSource db, UserStore users) {
        this.db = db;
        this.users = users;
    }

    /** The credential a stream opened with a session cookie holds. */
    public static String ofSession(String sessionId) {
        return SESSION + HexFormat.of().formatHex(Secrets.sha256(sessionId));
    }

    /** The credential a stream opened with an API token holds. */
    public static String ofToken(String token) {
        return TOKEN + HexFormat.of().formatHex(Secrets.sha256(token));
    }

    @Override
    public Map<String, Viewer> live(Set<String> credentials) throws SQLException {
        List<byte[]> sessions = new ArrayList<>();
        List<byte[]> tokens = new ArrayList<>();
        for (String c : credentials) {
            if (c.startsWith(SESSION)) {
                sessions.add(HexFormat.of().parseHex(c.substring(SESSION.length())));
            } else if (c.startsWith(TOKEN)) {
                tokens.add(HexFormat.of().parseHex(c.substring(TOKEN.length())));
            }
        }
        Map<String, Integer> owners = new HashMap<>();
        try (Connection c = db.getConnection()) {
            owners(c, "SELECT id_hash, user_id FROM app_session WHERE id_hash = ANY (?) AND expires_at > now() "
                    + "AND created_at + make_interval(secs => " + SessionStore.ABSOLUTE.toSeconds() + ") > now()", sessions, SESSION, owners);
            owners(c, "SELECT token_hash, user_id FROM api_token WHERE token_hash = ANY (?) AND revoked_at IS NULL", tokens, TOKEN, owners);
        }
        Map<Integer, Viewer> viewers = new HashMap<>();
        Map<String, Viewer> live = new HashMap<>();
        owners.forEach((credential, userId) -> {
            Viewer v = viewers.computeIfAbsent(userId, id -> users.byId(id).filter(u -> !u.disabled()).map(User::viewer).orElse(Viewer.ANONYMOUS));
            if (v.isSignedIn()) {
                live.put(credential, v);
            }
        });
        return live;
    }

    private static void owners(Connection c, String sql, List<byte[]> hashes, String kind, Map<String, Integer> into) throws SQLException {
        if (hashes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, hashes.toArray(new byte[0][]));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.put(kind + HexFormat.of().formatHex(rs.getBytes(1)), rs.getInt(2));
                }
            }
        }
    }
}
