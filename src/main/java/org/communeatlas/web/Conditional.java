package org.communeatlas.web;

import io.javalin.http.Context;

/** Conditional GETs (RFC 9110 §13): the ETag header, and a 304 when the client already has the representation. */
public final class Conditional {

    private Conditional() {
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
}
