package org.communeatlas.households;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Set;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.web.Body;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code GET /api/households/{id}}: a household's card (personal fields and the sites to check it in at only for
 * those who may see its commune); {@code PATCH /api/households/{id}}: its new status, {@code {"status", "site_id"}}, or its
 * note, {@code {"note"}} (personal: shown only to those who see the family's name).
 */
public final class HouseholdController {

    private final HouseholdService households;
    private final PackService packs;

    public HouseholdController(HouseholdService households, PackService packs) {
        this.households = households;
        this.packs = packs;
    }

    public void get(Context ctx) throws SQLException {
        Params.known(ctx);
        long id = Params.pathId(ctx, "id");
        HouseholdCard card = households.card(id, Requests.viewer(ctx));
        ctx.header("Cache-Control", card.personal() != null ? "private, no-store" : "no-cache");
        if (card.etag() != null) {
            // those who may change it: tagged with the household's row version, what a change made on this card names in
            // If-Match (everyone else's card is another representation, tagged by its content: no 304 crosses between them)
            Json.sendBytes(ctx, JsonCodec.bytes(card), "application/json", card.etag());
        } else {
            Json.send(ctx, card);
        }
    }

    /**
     * {@code GET /api/pack?commune=CODE[&size=true][&since=VERSION]}: a commune's pack for the field app, what it holds and
     * weighs, or what changed since the pack of that version.
     */
    public void pack(Context ctx) throws SQLException {
        Params.known(ctx, "commune", "size", "since");
        String commune = Params.single(ctx, "commune").filter(c -> c.matches("[0-9]{2,5}"))
                .orElseThrow(() -> ProblemException.badParameter("commune", "a commune code such as 20362"));
        ctx.header("Cache-Control", "private, no-store");
        if (Params.bool(ctx, "size", false)) {
            Json.send(ctx, packs.packSize(commune, Requests.viewer(ctx)));
        } else {
            Json.send(ctx, packs.pack(commune, Requests.viewer(ctx), Params.single(ctx, "since").orElse(null)));
        }
    }

    /**
     * A status change; {@code If-Match} names the version it was made on (a 412 when the household changed meanwhile),
     * {@code Idempotency-Key} makes sending it again safe (the first answer comes back, marked {@code Idempotent-Replayed}).
     */
    public void patch(Context ctx) throws SQLException {
        StatusChange change = statusChange(Params.pathId(ctx, "id"),
                Body.of(ctx, Set.of("status", "site_id", "note"), "unknown field; a household change takes status, site_id and note"));
        HouseholdService.Outcome outcome = households.change(change, Requests.viewer(ctx), Requests.address(ctx), ctx.header("If-Match"),
                Requests.idempotency(ctx));
        ctx.header("Cache-Control", "private, no-store");
        Json.sendChange(ctx, outcome.replayed(), outcome.result(), outcome.etag());
    }

    private static StatusChange statusChange(long id, Body body) {
        String statuses = "one of " + String.join(", ", StatusChange.statusesSorted());
        if (!body.has("status") && body.has("note")) {
            String note = body.clearableText("note", StatusChange.NOTE_MAX).orElseThrow();
            if (body.node().has("site_id")) {
                throw ProblemException.badParameter("site_id", "a note is sent on its own, not with a site");
            }
            return new StatusChange(id, null, null, note);
        }
        // the status is checked against the rules by the service (which says which change is allowed from which)
        if (!body.has("status") || !body.node().get("status").isTextual()) {
            throw ProblemException.badParameter("status", statuses);
        }
        if (body.node().has("note")) {
            throw ProblemException.badParameter("note", "sent on its own, not with a status change");
        }
        Integer siteId = body.whole("site_id", 1, Integer.MAX_VALUE, "a site id (a positive whole number)").map(Long::intValue).orElse(null);
        return new StatusChange(id, body.node().get("status").asText(), siteId);
    }
}
