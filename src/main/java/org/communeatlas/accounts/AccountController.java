package org.communeatlas.accounts;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.communeatlas.web.Auth;
import org.communeatlas.web.Body;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/** {@code POST /api/session} (sign in), {@code DELETE /api/session} (sign out), {@code GET /api/session} (who am I). */
public final class AccountController {

    private final AccountService accounts;
    private final Consumer<String> sessionEnded;

    /** {@code sessionEnded} hears the id of every session signed out (live streams close what belonged to it). */
    public AccountController(AccountService accounts, Consumer<String> sessionEnded) {
        this.accounts = accounts;
        this.sessionEnded = sessionEnded;
    }

    public void signIn(Context ctx) throws SQLException {
        Body body = Body.of(ctx, Set.of("username", "password"), "unknown field; signing in takes username and password");
        String username = body.requiredText("username", 64);
        String password = body.exactText("password", 200);
        SessionStore.Session session = accounts.signIn(username, password, Requests.address(ctx), Auth.session(ctx))
                .orElseThrow(() -> ProblemException.unauthorized("Wrong username or password"));
        Auth.setCookie(ctx, session.id(), SessionStore.ABSOLUTE.toSeconds());
        ctx.header("Cache-Control", "private, no-store");
        ctx.json(describe(session.user(), session.csrf()));
    }

    public void signOut(Context ctx) throws SQLException {
        SessionStore.Session session = Auth.session(ctx);
        if (session != null) {
            accounts.signOut(session, Requests.address(ctx));
            sessionEnded.accept(StreamCredentials.ofSession(session.id()));
        }
        Auth.setCookie(ctx, "", 0);
        ctx.status(204);
    }

    public void current(Context ctx) {
        SessionStore.Session session = Auth.session(ctx);
        User user = Auth.user(ctx);
        ctx.header("Cache-Control", "private, no-store");
        // a bearer token's client has no session and needs no CSRF token
        ctx.json(user == null ? Map.of("authenticated", false) : describe(user, session == null ? null : session.csrf()));
    }

    private static Map<String, Object> describe(User user, String csrf) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authenticated", true);
        out.put("username", user.username());
        out.put("display_name", user.displayName());
        out.put("role", user.role().name().toLowerCase());
        out.put("communes", user.communeCodes());
        if (csrf != null) {
            out.put("csrf", csrf);
        }
        return out;
    }
}
