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
 * {@code GET /api/households/{id}}: a household's card (personal fields and the sites to check it in at only for
 * those who may see its commune); {@code PATCH /api/households/{id}}: its new status, {@code {"status", "site_id"}}.
 */
public final class HouseholdController {

    private final HouseholdService households;

    public HouseholdController(HouseholdService households) {
        this.households = households;
    }

    public void get(Context ctx) throws SQLException {
        Params.known(ctx);
        HouseholdCard card = households.card(Params.pathId(ctx, "id"), Requests.viewer(ctx));
        ctx.header("Cache-Control", card.personal() != null ? "private, no-store" : "no-cache");
        Json.send(ctx, card);
    }

    public void patch(Context ctx) throws SQLException {
        StatusResult result = households.change(statusChange(Params.pathId(ctx, "id"), Requests.jsonBody(ctx)), Requests.viewer(ctx), Requests.address(ctx));
        ctx.header("Cache-Control", "private, no-store");
        Json.send(ctx, result);
    }

    private static StatusChange statusChange(long id, JsonNode body) {
        Requests.onlyFields(body, Set.of("status", "site_id"), "unknown field; a household change takes status and site_id");
        JsonNode status = body.get("status");
        if (status == null || !status.isTextual()) {
            throw ProblemException.badParameter("status", "one of " + String.join(", ", StatusChange.statusesSorted()));
        }
        Integer siteId = null;
        JsonNode site = body.get("site_id");
        if (site != null && !site.isNull()) {
            if (!site.canConvertToInt() || site.asInt() < 1) {
                throw ProblemException.badParameter("site_id", "a site id (a positive whole number)");
            }
            siteId = site.asInt();
        }
        return new StatusChange(id, status.asText(), siteId);
    }
}
