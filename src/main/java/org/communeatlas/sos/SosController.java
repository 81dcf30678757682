package org.communeatlas.sos;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Set;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.Idempotency;
import org.communeatlas.web.Body;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code POST /api/sos} (anyone; the public rate-limited), {@code GET /api/sos?flood=&state=&commune=&limit=},
 * {@code GET /api/sos/{id}}, {@code PATCH /api/sos/{id}} (officers: state, team, household_id, duplicate_of).
 */
public final class SosController {

    private static final Set<String> FIELDS = Set.of("flood", "lon", "lat", "address", "name", "phone", "people", "needs", "note", "reported_at");
    private static final Set<String> CHANGES = Set.of("state", "team", "household_id", "duplicate_of");

    private final SosService sos;
    private final PublicSosLimit limit;

    public SosController(SosService sos, PublicSosLimit limit) {
        this.sos = sos;
        this.limit = limit;
    }

    public void create(Context ctx) throws SQLException {
        Viewer viewer = Requests.viewer(ctx);
        boolean staff = viewer.isAdmin() || viewer.role() == Viewer.Role.OFFICER;
        if (!staff) {
            limit.acquire(Requests.address(ctx));
        }
        NewSos s = parse(Requests.jsonBody(ctx));
        Idempotency.Keyed<SosRequest> keyed = sos.create(s, staff ? "officer" : "public", viewer, Requests.address(ctx), Requests.idempotency(ctx));
        ctx.header("Cache-Control", "private, no-store");
        if (keyed.replayed() != null) {
            Json.sendReplay(ctx, keyed.replayed());
            return;
        }
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/sos/" + keyed.result().reference());
        Json.send(ctx, keyed.result());
    }

    public void list(Context ctx) throws SQLException {
        Params.known(ctx, "flood", "state", "commune", "limit", "order");
        Integer flood = Params.optionalInt(ctx, "flood", 1, Integer.MAX_VALUE).orElse(null);
        String state = Params.single(ctx, "state").orElse(null);
        if (state != null && !SosChange.STATES.contains(state)) {
            throw ProblemException.badParameter("state", "one of " + String.join(", ", SosChange.STATES));
        }
        String commune = Params.single(ctx, "commune").orElse(null);
        if (commune != null && !commune.matches("[0-9]{2,5}")) {
            throw ProblemException.badParameter("commune", "a commune code such as 20362");
        }
        int max = Params.intParam(ctx, "limit", 1000, 1, 10_000);
        boolean byTriage = Params.oneOf(ctx, "order", Set.of("time", "triage"), "time").equals("triage");
        ctx.header("Cache-Control", "private, no-store");
        Json.send(ctx, sos.list(new SosStore.Filter(flood, state, commune, max, byTriage), Requests.viewer(ctx)));
    }

    public void get(Context ctx) throws SQLException {
        Params.known(ctx);
        ctx.header("Cache-Control", "private, no-store");
        Json.send(ctx, sos.get(Params.pathId(ctx, "id"), Requests.viewer(ctx)));
    }

    /**
     * {@code GET /sos/{reference}}: the page a caller follows their call on — its state, when it was received, what happens
     * next and the hotlines; JSON with {@code f=json}. Only what the caller sent and what anyone may see.
     */
    public void follow(Context ctx) throws SQLException {
        Params.known(ctx, "f");
        String given = ctx.pathParam("reference").strip().toUpperCase(java.util.Locale.ROOT);
        // as Crockford's base 32 reads what people type: I and L are 1, O is 0
        String reference = given.replace('I', '1').replace('L', '1').replace('O', '0').replace("-", "");
        if (!reference.matches("[0-9A-HJKMNP-TV-Z]{8}")) {
            throw ProblemException.badParameter("reference", "mã theo dõi gồm 8 chữ và số, như khi gửi yêu cầu đã nhận được");
        }
        SosRequest r = sos.byReference(reference);
        ctx.header("Cache-Control", "private, no-store");
        if (Requests.format(ctx, Set.of("html", "json"), "html").equals("json")) {
            Json.send(ctx, r);
            return;
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(SosFollowPage.html(r));
    }

    public void patch(Context ctx) throws SQLException {
        Body body = Body.of(ctx, CHANGES, "unknown field; a call for help takes state, team, household_id and duplicate_of");
        SosChange change = new SosChange(body.oneOf("state", SosChange.STATES, "one of " + String.join(", ", SosChange.STATES)).orElse(null),
                body.text("team", 200).orElse(null), body.whole("household_id", 1, Long.MAX_VALUE).orElse(null),
                body.whole("duplicate_of", 1, Long.MAX_VALUE).orElse(null));
        if (change.equals(new SosChange(null, null, null, null))) {
            throw ProblemException.badBody("nothing to change: give state, team, household_id or duplicate_of");
        }
        ctx.header("Cache-Control", "private, no-store");
        Idempotency.Keyed<SosRequest> keyed = sos.change(Params.pathId(ctx, "id"), change, Requests.viewer(ctx), Requests.address(ctx),
                Requests.idempotency(ctx));
        Json.sendChange(ctx, keyed);
    }

    /** A call for help from a JSON body: coordinates or an address (or a phone that finds the family). */
    static NewSos parse(JsonNode object) {
        Body body = Body.of(object, FIELDS, "unknown field; a call for help takes lon, lat, address, name, phone, people, needs, note, reported_at, flood");
        Double lon = body.number("lon", 102, 110, "a number from 102 to 110 (degrees, WGS 84, in Việt Nam)").orElse(null);
        Double lat = body.number("lat", 8, 24, "a number from 8 to 24 (degrees, WGS 84, in Việt Nam)").orElse(null);
        if ((lon == null) != (lat == null)) {
            throw ProblemException.badParameter(lon == null ? "lon" : "lat", "a place takes both lon and lat");
        }
        String address = body.text("address", 500).orElse(null);
        String phone = Phones.normalise(body.text("phone", 40).orElse(null));
        if (lon == null && address == null && phone == null) {
            throw ProblemException.badParameter("lon", "say where: lon and lat, or an address (or a phone number the commune knows)");
        }
        Integer people = body.whole("people", 1, 1000).map(Long::intValue).orElse(null);
        Integer flood = body.whole("flood", 1, Integer.MAX_VALUE).map(Long::intValue).orElse(null);
        OffsetDateTime at = body.time("reported_at", "a time with its offset, e.g. 2025-10-29T14:30:00+07:00").orElse(null);
        if (at != null && at.isAfter(OffsetDateTime.now().plusMinutes(10))) {
            throw ProblemException.badParameter("reported_at", "in the future");
        }
        return new NewSos(flood, lon, lat, address, body.text("name", 200).orElse(null), phone, people, body.text("needs", 500).orElse(null),
                body.text("note", 1000).orElse(null), at);
    }
}
