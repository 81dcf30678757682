package org.communeatlas.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.db.Transactions;

/**
 * Slows down password guessing: after 5 failed sign-ins for an account (or 20 from one address), each further
 * attempt must wait, 2 s doubling up to 15 min. Counts by the name typed, so an unknown user and a known one are
 * throttled alike. An attempt is counted <em>before</em> its password is checked, atomically under the row's lock
 * in the database — twelve guesses sent at once get at most five checks, on one server or several — and a success
 * gives the attempt back and clears the account's count.
 */
public final class LoginThrottle {

    static final int ACCOUNT_FREE_FAILURES = 5;
    static final int ADDRESS_FREE_FAILURES = 20;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);

    /**
     * Counts an attempt unless the key is locked; locks it (2 s × 2^(n − free), at most 15 min) from the free-th
     * attempt on. No row comes back when the key was locked: the attempt is refused and not counted.
     */
    private static final String COUNT = """
            INSERT INTO sign_in_throttle AS t (key, failures, locked_until) VALUES (?, 1, CASE WHEN 1 >= ? THEN now() + interval '2 seconds' END)
            ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1, updated_at = now(),
                locked_until = CASE WHEN t.failures + 1 >= ? THEN now() + least(interval '2 seconds' * power(2, t.failures + 1 - ?), ?::interval)
                               ELSE t.locked_until END
            WHERE t.locked_until IS NULL OR t.locked_until <= now()
            RETURNING failures""";

    private final DataSource db;

    public LoginThrottle(DataSource db) {
        this.db = db;
    }

    /** Counts this attempt; empty when it may go on to its password check, else the seconds to wait (nothing counted). */
    public Optional<Long> attempt(String username, String address) throws SQLException {
        Long wait = Transactions.decide(db, c -> {
            if (count(c, userKey(username), ACCOUNT_FREE_FAILURES) && count(c, addressKey(address), ADDRESS_FREE_FAILURES)) {
                return Transactions.Outcome.commit(null);
            }
            return Transactions.Outcome.rollback(waitSeconds(c, username, address));
        });
        return Optional.ofNullable(wait);
    }

    /** The password was right: the account starts afresh, and the address gets its attempt back. */
    public void succeeded(String username, String address) throws SQLException {
        Transactions.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sign_in_throttle WHERE key = ?")) {
                ps.setString(1, userKey(username));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sign_in_throttle SET failures = greatest(failures - 1, 0) WHERE key = ?")) {
                ps.setString(1, addressKey(address));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The way out of a lock-out: anyone may lock a named account by guessing at it (the right password then waits too),
     * so an admin clears the account's count ({@code commune-atlas user unlock NAME}); a new password clears it as well.
     * Returns whether there was a count to clear.
     */
    public static boolean clear(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sign_in_throttle WHERE key = ?")) {
            ps.setString(1, userKey(username));
            return ps.executeUpdate() > 0;
        }
    }

    private static boolean count(Connection c, String key, int free) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setString(1, key);
            ps.setInt(2, free);
            ps.setInt(3, free);
            ps.setInt(4, free);
            ps.setString(5, MAX_WAIT.toSeconds() + " seconds");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long waitSeconds(Connection c, String username, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ceil(extract(epoch FROM max(locked_until) - now())) FROM sign_in_throttle "
                + "WHERE key IN (?, ?)")) {
            ps.setString(1, userKey(username));
            ps.setString(2, addressKey(address));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Math.max(1, rs.getLong(1));
            }
        }
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
