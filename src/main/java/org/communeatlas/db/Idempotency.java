package org.communeatlas.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.communeatlas.content.Etags;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.JsonCodec;

/**
 * Idempotency keys (the IETF draft's {@code Idempotency-Key}), on the caller's transaction ({@link #once} wraps a change in
 * one): {@link #claim} takes the key before the change — a second request with the key waits for the first to commit,
 * then gets its answer — and {@link #record} keeps the answer with the change. A change that fails rolls its key back with it: sending it again
 * tries again.
 */
public final class Idempotency {

    /** How long a key is remembered. */
    public static final String KEPT = "1 day";

    /** A request's key and what it was: a key sent again with another request is refused. */
    public record Request(String key, String fingerprint) {
    }

    /** The answer given the first time (its ETag, if it had one). */
    public record Answer(int status, String body, String etag) {

        public Answer(int status, String body) {
            this(status, body, null);
        }

        /** A change's answer: 200 with its value as JSON and the ETag of the version it made. */
        public static Answer ok(Object value, String etag) {
            return new Answer(200, JsonCodec.text(value), etag);
        }

        /** A JSON answer as the server sends one: the value's bytes, tagged with their hash. */
        public static Answer json(int status, Object value) {
            byte[] body = JsonCodec.bytes(value);
            return new Answer(status, new String(body, StandardCharsets.UTF_8), Etags.of(body));
        }

    }

    /** A change's result, or (with the result null) the first answer to its key sent again. */
    public record Keyed<R>(R result, Answer replayed) {
    }

    private Idempotency() {
    }

    /**
     * A change made once under {@code key} (null: no key), in a transaction run again on a deadlock: the key claimed
     * first (a key sent before gets its first answer, and the change does not run), the change's {@code answer} kept
     * with the key in the same transaction.
     */
    public static <R> Keyed<R> once(DataSource db, Integer userId, Request key, Transactions.Work<R> change, Function<R, Answer> answer)
            throws SQLException {
        return Transactions.retrying(db, c -> {
            if (key != null) {
                Optional<Answer> first = claim(c, userId, key);
                if (first.isPresent()) {
                    return new Keyed<>(null, first.get());
                }
            }
            R result = change.run(c);
            if (key != null) {
                record(c, userId, key, answer.apply(result));
            }
            return new Keyed<>(result, null);
        });
    }

    /**
     * The first answer to a key, when it has one already: a change that takes long before its transaction (a plan's
     * solve) looks first, and does no work for a request sent again. {@link #once} still decides.
     */
    public static Optional<Answer> answered(DataSource db, Integer userId, Request key) throws SQLException {
        if (key == null) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection()) {
            return kept(c, userId, key);
        }
    }

    /** Empty when the key is new (the change goes ahead), else the first answer. */
    public static Optional<Answer> claim(Connection c, int userId, Request r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE created_at < now() - interval '" + KEPT + "'")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_key (user_id, key, fingerprint) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            ps.setInt(1, userId);
            ps.setString(2, r.key());
            ps.setString(3, r.fingerprint());
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        // the key was there: its change committed with its answer (a key is kept in the change's own transaction)
        return Optional.of(kept(c, userId, r).orElseThrow(() -> new IllegalStateException("an Idempotency-Key kept without its answer")));
    }

    /** The answer kept with a key within {@link #KEPT}; a key sent before with another request is refused (400). */
    private static Optional<Answer> kept(Connection c, int userId, Request r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, status, body, etag FROM idempotency_key WHERE user_id = ? AND key = ? "
                + "AND status IS NOT NULL AND created_at >= now() - interval '" + KEPT + "'")) {
            ps.setInt(1, userId);
            ps.setString(2, r.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!rs.getString(1).equals(r.fingerprint())) {
                    throw InvalidInputException.field("Idempotency-Key", "this key was sent before with another request; use a new key per change");
                }
                return Optional.of(new Answer(rs.getInt(2), rs.getString(3), rs.getString(4)));
            }
        }
    }

    public static void record(Connection c, int userId, Request r, Answer answer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE idempotency_key SET status = ?, body = ?, etag = ? WHERE user_id = ? AND key = ?")) {
            ps.setInt(1, answer.status());
            ps.setString(2, answer.body());
            ps.setString(3, answer.etag());
            ps.setInt(4, userId);
            ps.setString(5, r.key());
            ps.executeUpdate();
        }
    }
}
