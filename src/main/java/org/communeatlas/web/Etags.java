package org.communeatlas.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags and conditional GETs. A tag is derived from the bytes sent (for bodies built in
 * memory) or from the data version plus the canonical request (for bodies streamed from the database,
 * whose bytes are deterministic for a given data version because every query has a total order).
 */
public final class Etags {

    private Etags() {
    }

    public static String of(byte[] body) {
        return quote(digest(body));
    }

    public static String of(String... parts) {
        return quote(digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sets the ETag header and answers 304 when the client already has this representation.
     *
     * @return true when a 304 was sent and the handler must stop
     */
    public static boolean notModified(Context ctx, String etag) {
        ctx.header("ETag", etag);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    /** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
    static boolean matches(String header, String etag) {
        String bare = stripWeak(etag);
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || stripWeak(c).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static String quote(byte[] digest) {
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18)) + "\"";
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
