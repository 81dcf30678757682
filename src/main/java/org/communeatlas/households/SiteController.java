package org.communeatlas.households;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Set;
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
        SiteReport report = report(Params.pathId(ctx, "id"), Requests.jsonBody(ctx));
        SiteService.Outcome outcome = sites.report(report, Requests.viewer(ctx), Requests.address(ctx), ctx.header("If-Match"),
                Requests.idempotency(ctx));
        ctx.header("Cache-Control", "no-store");
        Json.sendChange(ctx, outcome.replayed(), outcome.site(), outcome.etag());
    }

    private static SiteReport report(long id, JsonNode body) {
        Requests.onlyFields(body, Set.of("is_open", "occupancy", "note"), "unknown field; a site report takes is_open, occupancy and note");
        if (body.size() == 0) {
            throw ProblemException.badParameter("body", "give is_open, occupancy or note");
        }
        Boolean open = null;
        JsonNode o = body.get("is_open");
        if (o != null && !o.isNull()) {
            if (!o.isBoolean()) {
                throw ProblemException.badParameter("is_open", "true or false");
            }
            open = o.asBoolean();
        }
        Integer occupancy = null;
        JsonNode n = body.get("occupancy");
        if (n != null && !n.isNull()) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                throw ProblemException.badParameter("occupancy", "the people at the site now, a whole number from 0");
            }
            occupancy = n.asInt();
        }
        String note = null;
        JsonNode t = body.get("note");
        if (t != null && !t.isNull()) {
            if (!t.isTextual() || t.asText().isBlank() || t.asText().length() > SiteReport.NOTE_MAX) {
                throw ProblemException.badParameter("note", "text of 1 to " + SiteReport.NOTE_MAX + " characters");
            }
            note = t.asText().strip();
        }
        if (id > Integer.MAX_VALUE) {
            throw ProblemException.badParameter("id", "no such site");
        }
        return new SiteReport((int) id, open, occupancy, note);
    }
}
