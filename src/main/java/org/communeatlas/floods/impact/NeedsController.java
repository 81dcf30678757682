package org.communeatlas.floods.impact;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communeatlas.core.Messages;
import org.communeatlas.db.Idempotency;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/** {@code GET /api/needs-profile} (everyone) and {@code PUT /api/needs-profile} (an admin): what a person needs a day. */
public final class NeedsController {

    private final NeedsProfile needs;

    public NeedsController(NeedsProfile needs) {
        this.needs = needs;
    }

    public void needsProfile(Context ctx) throws Exception {
        Params.known(ctx);
        noCache(ctx);
        Json.send(ctx, Map.of("items", needs.items()));
    }

    public void updateNeedsProfile(Context ctx) throws Exception {
        Idempotency.Keyed<NeedsProfile.Profile> profile = needs.update(needsChanges(Requests.jsonBody(ctx)), Requests.viewer(ctx),
                Requests.address(ctx), Requests.idempotency(ctx));
        noCache(ctx);
        Json.sendChange(ctx, profile);
    }

    /** {@code {"items": [{"code": ..., "per_person": ...}]}}. */
    private static List<NeedsProfile.Change> needsChanges(JsonNode body) {
        JsonNode list = body.get("items");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 50) {
            throw ProblemException.badParameter("items", "an array of {code, per_person}");
        }
        List<NeedsProfile.Change> changes = new ArrayList<>();
        for (JsonNode item : list) {
            String code = item.path("code").asText("");
            JsonNode per = item.get("per_person");
            if (per == null || !per.isNumber() || per.asDouble() < 0 || per.asDouble() > 1000) {
                throw ProblemException.badParameter("per_person", "item '" + Messages.shorten(code) + "': an amount per person from 0 to 1000");
            }
            changes.add(new NeedsProfile.Change(code, per.decimalValue()));
        }
        return changes;
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "private, no-store");
    }
}
