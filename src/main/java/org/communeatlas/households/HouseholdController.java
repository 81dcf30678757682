package org.communeatlas.households;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Set;
import org.communeatlas.core.JsonCodec;
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
        StatusChange change = statusChange(Params.pathId(ctx, "id"), Requests.jsonBody(ctx));
        HouseholdService.Outcome outcome = households.change(change, Requests.viewer(ctx), Requests.address(ctx), ctx.header("If-Match"),
                Requests.idempotency(ctx));
        ctx.header("Cache-Control", "private, no-store");
        Json.sendChange(ctx, outcome.replayed(), outcome.result(), outcome.etag());
    }

    private static StatusChange statusChange(long id, JsonNode body) {
        Requests.onlyFields(body, Set.of("status", "site_id", "note"), "unknown field; a household change takes status, site_id and note");
        JsonNode status = body.get("status");
        JsonNode note = body.get("note");
        if (status == null && note != null) {
            if (!note.isTextual() || note.asText().length() > StatusChange.NOTE_MAX) {
                throw ProblemException.badParameter("note", "text of up to " + StatusChange.NOTE_MAX + " characters (\"\" clears it)");
            }
            if (body.has("site_id")) {
                throw ProblemException.badParameter("site_id", "a note is sent on its own, not with a site");
            }
            return new StatusChange(id, null, null, note.asText().strip());
        }
        if (status == null || !status.isTextual()) {
            throw ProblemException.badParameter("status", "one of " + String.join(", ", StatusChange.statusesSorted()));
        }
        if (note != null) {
            throw ProblemException.badParameter("note", "sent on its own, not with a status change");
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
