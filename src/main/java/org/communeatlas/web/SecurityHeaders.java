package org.communeatlas.web;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Headers on every response: a Content-Security-Policy the map application fits without inline scripts
 * or styles (the optional OpenStreetMap basemap is the only outside host, for images), no MIME sniffing,
 * no framing, referrers only to ourselves.
 */
public final class SecurityHeaders {

    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** The headers, by name. */
    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Opener-Policy", "same-origin");

    /** The policy with one inline stylesheet allowed, by its SHA-256 (base64): the map page carries its styles. */
    public static String allowingStyle(String sha256) {
        return CSP.replace("style-src 'self';", "style-src 'self' 'sha256-" + sha256 + "';");
    }

    public static void apply(Context ctx) {
        ALL.forEach(ctx::header);
    }
}
