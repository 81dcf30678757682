package org.communeatlas.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.communeatlas.accounts.SessionStore;
import org.communeatlas.accounts.StreamCredentials;
import org.communeatlas.accounts.TokenStore;
import org.communeatlas.accounts.User;

/**
 * Runs before every request: finds who is asking — a personal API token ({@code Authorization: Bearer}, for scripts;
 * or {@code Basic} with any username and the token as password, which is what QGIS's and GDAL's basic authentication
 * send, as code hosts take tokens) or the session of the cookie — and refuses cross-site state changes: a request that changes state must
 * come from our own origin (the Origin header, when the browser sends one) and, within a cookie session, carry the
 * session's CSRF token. The cookie is SameSite=Strict as well: three locks on the same door. A bearer token needs none
 * of them: no browser sends it by itself, so no other site can make one send it.
 */
public final class Auth {

    public static final String COOKIE = "atlas_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION = "atlas.session";
    static final String USER = "atlas.user";
    /** The API token the request was made with, when it was: what a live stream checks again. */
    private static final String TOKEN = "atlas.token";

    private final SessionStore sessions;
    private final TokenStore tokens;

    public Auth(SessionStore sessions, TokenStore tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    public void before(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            User user = token(ctx, authorization);
            if (user != null) {
                ctx.attribute(Requests.VIEWER, user.viewer());
                ctx.attribute(USER, user);
                return;
            }
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
        requireOwnOrigin(ctx);
        if (session != null && !same(ctx.header(CSRF_HEADER), session.csrf())) {
            throw ProblemException.forbidden("Missing or wrong " + CSRF_HEADER + " header");
        }
    }

    /** A request that changes state comes from our own origin, when the client says where it comes from (browsers do). */
    private static void requireOwnOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (Requests.changesState(ctx) && origin != null && !origin.equals(Requests.base(ctx))) {
            throw ProblemException.forbidden("Cross-site requests may not change anything");
        }
    }

    /**
     * The user of a bearer token, or of a Basic one (the token as the password; the username is not read); a 401 that
     * says why (RFC 6750, RFC 7617) for anything else — except a Basic token that names no one on a read: that read
     * is answered as the public's (null), as a layer QGIS keeps with stale credentials still shows what anyone sees.
     */
    private User token(Context ctx, String authorization) {
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            User user = tokens.resolve(token).orElseThrow(() -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"commune-atlas\", error=\"invalid_token\"");
                return ProblemException.unauthorized("Mã API không có, đã bị thu hồi, hoặc tài khoản đã bị khóa");
            });
            ctx.attribute(TOKEN, token);
            return user;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String token = basicPassword(authorization.substring(6).strip()).orElse(null);
            User user = token == null ? null : tokens.resolve(token).orElse(null);
            if (user != null) {
                ctx.attribute(TOKEN, token);
                // a browser may keep Basic credentials and send them by itself: from another site, they change nothing
                requireOwnOrigin(ctx);
            }
            if (user == null && Requests.changesState(ctx)) {
                ctx.header("WWW-Authenticate", "Basic realm=\"commune-atlas\", charset=\"UTF-8\"");
                throw ProblemException.unauthorized("Mật khẩu phải là mã API cá nhân còn hiệu lực (commune-atlas user token); tên đăng nhập tùy ý");
            }
            return user;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"commune-atlas\"");
        throw ProblemException.unauthorized("Dùng Authorization: Bearer <mã API cá nhân>, hoặc Basic với mã API làm mật khẩu");
    }

    /** The password of Basic credentials ({@code base64(user:password)}); empty when they do not decode. */
    private static Optional<String> basicPassword(String encoded) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(pair.substring(colon + 1)).filter(p -> !p.isEmpty());
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
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
        String token = ctx.attribute(TOKEN);
        return token != null ? StreamCredentials.ofToken(token) : null;
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Secure when the client reached us over TLS. */
    public static void setCookie(Context ctx, String value, long maxAgeSeconds) {
        Requests.addCookie(ctx, COOKIE, value, maxAgeSeconds, "Strict");
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
