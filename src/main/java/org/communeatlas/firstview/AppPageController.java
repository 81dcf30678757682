package org.communeatlas.firstview;

import io.javalin.http.Context;
import org.communeatlas.web.Compression;
import org.communeatlas.web.Conditional;
import org.communeatlas.web.SecurityHeaders;

/** {@code GET /} (and {@code /index.html}): the map application's page, revalidated on every visit. */
public final class AppPageController {

    private final AppPage pages;

    public AppPageController(AppPage pages) {
        this.pages = pages;
    }

    public void page(Context ctx) {
        AppPage.Page page = pages.current();
        ctx.header("Content-Security-Policy", SecurityHeaders.allowingStyle(page.styleSha256()));
        // the service worker keeps the page for offline starts; browsers ask again each visit (a 304 when unchanged)
        ctx.header("Cache-Control", "no-cache");
        if (Conditional.notModified(ctx, page.etag())) {
            return;
        }
        ctx.contentType("text/html; charset=utf-8").header("Vary", "Accept-Encoding");
        ctx.disableCompression(); // compressed once when built
        if (Compression.acceptsGzip(ctx)) {
            ctx.header("Content-Encoding", "gzip").result(page.gzipped());
        } else {
            ctx.result(page.html());
        }
    }
}
