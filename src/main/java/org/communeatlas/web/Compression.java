package org.communeatlas.web;

import io.javalin.http.Context;

/** Content coding: whether a client takes gzip (bodies are compressed by {@code content/Gzip}). */
public final class Compression {

    private Compression() {
    }

    public static boolean acceptsGzip(Context ctx) {
        String accept = ctx.header("Accept-Encoding");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }
}
