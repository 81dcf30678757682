package org.communeatlas.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.web.Json;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/** {@code POST /api/session} (sign in), {@code DELETE /api/session} (sign out), {@code GET /api/session} (who am I). */
public final class AccountController {

    private final DataSource db;
    private final UserStore users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;

    public AccountController(DataSource db, UserStore users, SessionStore sessions, LoginThrottle throttle) {
        this.db = db;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    public void signIn(Context ctx) throws SQLException {
        JsonNode body = Requests.jsonBody(ctx);
        String username = text(body, "username", 64);
        String password = text(body, "password", 200);
        String address = ctx.ip();
        long wait = throttle.waitSeconds(username, address);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ProblemException(429, "urn:commune-atlas:problem:throttled", "Too Many Requests",
                    "Too many failed sign-ins; try again in " + wait + " s", null);
        }
        Optional<User> user = users.find(username);
        boolean ok;
        if (user.isPresent() && !user.get().disabled()) {
            ok = Passwords.verify(password, user.get().passwordHash());
        } else {
            Passwords.verifyDecoy(password); // the same time for an unknown user as for a wrong password
            ok = false;
        }
        try (Connection c = db.getConnection()) {
            if (!ok) {
                throttle.failed(username, address);
                AuditLog.write(c, user.map(User::id).orElse(null), username, "sign_in_failed", "session", null, null, null, address);
                throw ProblemException.unauthorized("Wrong username or password");
            }
            throttle.succeeded(username);
            AuditLog.write(c, user.get().viewer(), "sign_in", "session", null, null, null, address);
        }
        // a new id at every sign-in: a session id known before signing in is worth nothing after
        SessionStore.Session old = Auth.session(ctx);
        if (old != null) {
            sessions.delete(old.id());
        }
        SessionStore.Session session = sessions.create(user.get(), address);
        Auth.setCookie(ctx, session.id(), SessionStore.ABSOLUTE.toSeconds());
        ctx.header("Cache-Control", "no-store");
        ctx.json(describe(session.user(), session.csrf()));
    }

    public void signOut(Context ctx) throws SQLException {
        SessionStore.Session session = Auth.session(ctx);
        if (session != null) {
            sessions.delete(session.id());
            try (Connection c = db.getConnection()) {
                AuditLog.write(c, session.user().viewer(), "sign_out", "session", null, null, null, ctx.ip());
            }
        }
        Auth.setCookie(ctx, "", 0);
        ctx.status(204);
    }

    public void current(Context ctx) {
        SessionStore.Session session = Auth.session(ctx);
        ctx.header("Cache-Control", "no-store");
        ctx.json(session == null ? Map.of("authenticated", false) : describe(session.user(), session.csrf()));
    }

    private static Map<String, Object> describe(User user, String csrf) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authenticated", true);
        out.put("username", user.username());
        out.put("display_name", user.displayName());
        out.put("role", user.role().name().toLowerCase());
        out.put("communes", user.communeCodes());
        out.put("csrf", csrf);
        return out;
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw ProblemException.badParameter(field, "required text");
        }
        if (v.asText().length() > max) {
            throw ProblemException.badParameter(field, "longer than " + max + " characters");
        }
        return v.asText();
    }
}
