package org.communeatlas.households;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Set;
import org.communeatlas.web.Body;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code PATCH /api/sites/{id}}: a site's report from the field, {@code {"is_open", "occupancy", "note"}} (any of them),
 * with {@code If-Match} (the site's ETag from the commune pack or a previous report) and {@code Idempotency-Key}.
 */
public final class SiteController {

    private final SiteService sites;

    public SiteController(SiteService sites) {
        this.sites = sites;
    }

    public void patch(Context ctx) throws SQLException {
        SiteReport report = report(Params.pathId(ctx, "id"),
                Body.of(ctx, Set.of("is_open", "occupancy", "note"), "unknown field; a site report takes is_open, occupancy and note"));
        SiteService.Outcome outcome = sites.report(report, Requests.viewer(ctx), Requests.address(ctx), ctx.header("If-Match"),
                Requests.idempotency(ctx));
        ctx.header("Cache-Control", "no-store");
        Json.sendChange(ctx, outcome.replayed(), outcome.site(), outcome.etag());
    }

    private static SiteReport report(long id, Body body) {
        Boolean open = body.bool("is_open", "true or false").orElse(null);
        Integer occupancy = body.whole("occupancy", 0, Integer.MAX_VALUE, "the people at the site now, a whole number from 0")
                .map(Long::intValue).orElse(null);
        String note = body.text("note", SiteReport.NOTE_MAX).orElse(null);
        if (open == null && occupancy == null && note == null) {
            throw ProblemException.badParameter("body", "give is_open, occupancy or note");
        }
        if (id > Integer.MAX_VALUE) {
            throw ProblemException.badParameter("id", "no such site");
        }
        return new SiteReport((int) id, open, occupancy, note);
    }
}
