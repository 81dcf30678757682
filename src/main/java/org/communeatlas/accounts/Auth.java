package org.communeatlas.accounts;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * Runs before every request: finds the session of the cookie and who it belongs to, and refuses
 * cross-site state changes: a request that changes state must come from our own origin (the Origin
 * header, when the browser sends one) and, within a session, carry the session's CSRF token. The cookie
 * is SameSite=Strict as well: three locks on the same door.
 */
public final class Auth {

    public static final String COOKIE = "atlas_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION = "atlas.session";
    private static final Set<HandlerType> CHANGES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final SessionStore sessions;

    public Auth(SessionStore sessions) {
        this.sessions = sessions;
    }

    public void before(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        SessionStore.Session session = cookie == null ? null : sessions.resolve(cookie).orElse(null);
        if (session != null) {
            ctx.attribute(Requests.VIEWER, session.user().viewer());
            ctx.attribute(SESSION, session);
        }
        if (!CHANGES.contains(ctx.method())) {
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

    static SessionStore.Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    /** The id of the request's session, if it has one (to close what belongs to it when it ends). */
    public static String sessionId(Context ctx) {
        SessionStore.Session s = session(ctx);
        return s == null ? null : s.id();
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Secure when the client reached us over TLS. */
    static void setCookie(Context ctx, String value, long maxAgeSeconds) {
        boolean tls = Requests.base(ctx).startsWith("https:");
        ctx.header("Set-Cookie", COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
