package org.communeatlas.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.core.Messages;
import org.communeatlas.db.Idempotency;

/** What every handler needs to know about a request: who asks, where the server is, what format is wanted. */
public final class Requests {

    public static final String VIEWER = "atlas.viewer";

    private Requests() {
    }

    public static Viewer viewer(Context ctx) {
        Viewer v = ctx.attribute(VIEWER);
        return v == null ? Viewer.ANONYMOUS : v;
    }

    /**
     * The server's root URL as the client sees it: behind a trusted proxy ({@link TrustedProxies}) from its
     * X-Forwarded-Proto and -Host, otherwise from the request itself.
     */
    public static String base(Context ctx) {
        boolean proxied = TrustedProxies.trusted(ctx);
        String proto = proxied ? header(ctx, "X-Forwarded-Proto", ctx.scheme()) : ctx.scheme();
        String host = proxied ? header(ctx, "X-Forwarded-Host", ctx.host()) : ctx.host();
        return proto + "://" + host;
    }

    /** The client's address: behind trusted proxies the last X-Forwarded-For hop they did not add, otherwise the peer's. */
    public static String address(Context ctx) {
        return TrustedProxies.client(ctx);
    }

    /** The format asked for: the {@code f} parameter, else HTML for browsers, else the default. */
    public static String format(Context ctx, java.util.Set<String> allowed, String dflt) {
        var f = Params.single(ctx, "f");
        if (f.isPresent()) {
            String value = f.get().toLowerCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw ProblemException.badParameter("f", "'" + Messages.shorten(f.get()) + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            return value;
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html") && allowed.contains("html")) {
            return "html";
        }
        return dflt;
    }

    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /** True for the methods that change state (POST, PUT, PATCH, DELETE). */
    public static boolean changesState(Context ctx) {
        return STATE_CHANGING.contains(ctx.method());
    }

    /** Adds a cookie for the whole site: HttpOnly, with its SameSite rule, Secure when the client reached us over TLS. */
    public static void addCookie(Context ctx, String name, String value, long maxAgeSeconds, String sameSite) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=" + sameSite
                + (base(ctx).startsWith("https:") ? "; Secure" : ""));
    }

    /** The request body as JSON; a 415 when it is not JSON, a 400 when it does not parse. */
    public static com.fasterxml.jackson.databind.JsonNode jsonBody(Context ctx) {
        return jsonBody(ctx, "Send the body as application/json", "application/json");
    }

    /**
     * The request body as a JSON object sent as one of {@code mediaTypes} (application/geo+json, a merge patch); a 415
     * saying {@code hint} for any other, a 400 when it does not parse.
     */
    public static com.fasterxml.jackson.databind.JsonNode jsonBody(Context ctx, String hint, String... mediaTypes) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (java.util.Arrays.stream(mediaTypes).noneMatch(type::startsWith)) {
            throw ProblemException.unsupportedMediaType(hint);
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = JsonCodec.MAPPER.readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw ProblemException.badBody("expected a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw ProblemException.badBody("not valid JSON");
        }
    }

    /**
     * The request's {@code Idempotency-Key} with its fingerprint (method, path, body's SHA-256), or null when it has none;
     * a 400 naming the header for a key that is not 8–200 visible characters, or from no signed-in user.
     */
    public static Idempotency.Request idempotency(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return null;
        }
        key = key.strip();
        if (key.startsWith("\"") && key.endsWith("\"") && key.length() > 1) {
            key = key.substring(1, key.length() - 1); // the draft writes it as a structured-field string
        }
        if (!key.matches("[\\x21-\\x7e]{8,200}") || viewer(ctx).userId() == null) {
            throw ProblemException.badParameter("Idempotency-Key", "8 to 200 visible characters (a UUID), from a signed-in user");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((ctx.method() + " " + ctx.path() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(ctx.bodyAsBytes());
            return new Idempotency.Request(key, HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses (400, naming it) the first member of a JSON body that is not one of {@code allowed}; {@code hint} says what the body takes. */
    public static void onlyFields(com.fasterxml.jackson.databind.JsonNode body, Set<String> allowed, String hint) {
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ProblemException.badParameter(f, hint);
            }
        }
    }

    private static String header(Context ctx, String name, String dflt) {
        String v = ctx.header(name);
        return v == null || v.isBlank() ? dflt : v.split(",")[0].trim();
    }
}
