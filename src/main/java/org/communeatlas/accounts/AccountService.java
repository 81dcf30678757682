package org.communeatlas.accounts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.core.ThrottledException;

/**
 * Signing in and out: the throttle counts the attempt before the password is checked, an unknown user costs the
 * same time as a wrong password, every attempt goes to the audit log, and a session is made only for a right one.
 */
public final class AccountService {

    private final DataSource db;
    private final UserStore users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final Counter passwordChecks;

    public AccountService(DataSource db, UserStore users, SessionStore sessions, LoginThrottle throttle, MeterRegistry metrics) {
        this.db = db;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.passwordChecks = Counter.builder("atlas_sign_in_password_checks").description("passwords checked at sign-in").register(metrics);
    }

    /** A new session for the right password; empty for a wrong one (or an unknown or disabled user). */
    public Optional<SessionStore.Session> signIn(String username, String password, String address, SessionStore.Session old) throws SQLException {
        Optional<Long> wait = throttle.attempt(username, address);
        if (wait.isPresent()) {
            throw new ThrottledException("Too many failed sign-ins; try again in " + wait.get() + " s", wait.get());
        }
        Optional<User> user = users.find(username);
        boolean ok;
        passwordChecks.increment();
        if (user.isPresent() && !user.get().disabled()) {
            ok = Passwords.verify(password, user.get().passwordHash());
        } else {
            Passwords.verifyDecoy(password); // the same time for an unknown user as for a wrong password
            ok = false;
        }
        try (Connection c = db.getConnection()) {
            if (!ok) {
                AuditLog.write(c, user.map(User::id).orElse(null), username, "sign_in_failed", "session", null, null, null, address);
                return Optional.empty();
            }
            AuditLog.write(c, user.get().viewer(), "sign_in", "session", null, null, null, address);
        }
        throttle.succeeded(username, address);
        // a new id at every sign-in: a session id known before signing in is worth nothing after
        if (old != null) {
            sessions.delete(old.id());
        }
        return Optional.of(sessions.create(user.get(), address));
    }

    public void signOut(SessionStore.Session session, String address) throws SQLException {
        sessions.delete(session.id());
        try (Connection c = db.getConnection()) {
            AuditLog.write(c, session.user().viewer(), "sign_out", "session", null, null, null, address);
        }
    }
}
