package org.communeatlas.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.communeatlas.accounts.SessionStore;
import org.communeatlas.accounts.StreamCredentials;
import org.communeatlas.accounts.TokenStore;
import org.communeatlas.accounts.User;

/**
 * Runs before every request: finds who is asking — a personal API token ({@code Authorization: Bearer}, for QGIS and
 * scripts) or the session of the cookie — and refuses cross-site state changes: a request that changes state must
 * come from our own origin (the Origin header, when the browser sends one) and, within a cookie session, carry the
 * session's CSRF token. The cookie is SameSite=Strict as well: three locks on the same door. A bearer token needs none
 * of them: no browser sends it by itself, so no other site can make one send it.
 */
public final class Auth {

    public static final String COOKIE = "atlas_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION = "atlas.session";
    static final String USER = "atlas.user";

    private final SessionStore sessions;
    private final TokenStore tokens;

    public Auth(SessionStore sessions, TokenStore tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    public void before(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            User user = bearer(ctx, authorization);
            ctx.attribute(Requests.VIEWER, user.viewer());
            ctx.attribute(USER, user);
            return;
        }
        String cookie = ctx.cookie(COOKIE);
        SessionStore.Session session = cookie == null ? null : sessions.resolve(cookie).orElse(null);
        if (session != null) {
            ctx.attribute(Requests.VIEWER, session.user().viewer());
            ctx.attribute(SESSION, session);
            ctx.attribute(USER, session.user());
        }
        if (!Requests.changesState(ctx)) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals(Requests.base(ctx))) {
            throw ProblemException.forbidden("Cross-site requests may not change anything");
        }
        if (session != null && !same(ctx.header(CSRF_HEADER), session.csrf())) {
            throw ProblemException.forbidden("Missing or wrong " + CSRF_HEADER + " header");
        }
    }

    /** The user of a bearer token; a 401 that says why (RFC 6750) for anything else. */
    private User bearer(Context ctx, String authorization) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"commune-atlas\"");
            throw ProblemException.unauthorized("Use Authorization: Bearer <personal API token> (commune-atlas user token)");
        }
        return tokens.resolve(authorization.substring(7).strip()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"commune-atlas\", error=\"invalid_token\"");
            return ProblemException.unauthorized("The API token is unknown, revoked, or its user is disabled");
        });
    }

    /** Who the request acts as: the cookie session's user or the bearer token's; null when anonymous. */
    public static User user(Context ctx) {
        return ctx.attribute(USER);
    }

    public static SessionStore.Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    /** What a live stream of this request holds to be checked again: its session or its API token, as a hash; null when anonymous. */
    public static String streamCredential(Context ctx) {
        SessionStore.Session s = session(ctx);
        if (s != null) {
            return StreamCredentials.ofSession(s.id());
        }
        String authorization = ctx.header("Authorization");
        return authorization != null && user(ctx) != null ? StreamCredentials.ofToken(authorization.substring(7).strip()) : null;
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Secure when the client reached us over TLS. */
    public static void setCookie(Context ctx, String value, long maxAgeSeconds) {
        Requests.addCookie(ctx, COOKIE, value, maxAgeSeconds, "Strict");
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
