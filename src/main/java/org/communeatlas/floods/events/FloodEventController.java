package org.communeatlas.floods.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.core.Messages;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Idempotency;
import org.communeatlas.web.Body;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * Flood events over HTTP ({@code /api/floods}, {@code /api/floods/{id}}, its extent): reading is open to everyone,
 * creating one takes an officer (the route table says so). Their impact, needs and plans have controllers of their own.
 */
public final class FloodEventController {

    private static final Set<String> FIELDS = Set.of("scenario", "name", "geometry", "type", "coordinates", "features", "properties",
            "river_level_m", "water_level_m", "alarm_level", "occurred_at", "source", "bbox", "crs");

    private final FloodEvents events;
    private final ChangeFeed changes;

    public FloodEventController(FloodEvents events, ChangeFeed changes) {
        this.events = events;
        this.changes = changes;
    }

    public void list(Context ctx) throws Exception {
        Params.known(ctx, "limit");
        int limit = Params.intParam(ctx, "limit", 50, 1, 500);
        noCache(ctx);
        Json.send(ctx, Map.of("floods", events.list(limit)));
    }

    public void create(Context ctx) throws Exception {
        Idempotency.Keyed<FloodEvent> keyed = events.create(newFlood(Requests.jsonBody(ctx)), Requests.viewer(ctx), Requests.address(ctx),
                Requests.idempotency(ctx));
        if (keyed.replayed() != null) {
            Json.sendReplay(ctx, keyed.replayed());
            return;
        }
        FloodEvent e = keyed.result();
        changes.publish(new ChangeFeed.Change("flood_event", "INSERT", null));
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/api/floods/" + e.id());
        noCache(ctx);
        Json.send(ctx, e);
    }

    public void get(Context ctx) throws Exception {
        Params.known(ctx);
        noCache(ctx);
        Json.send(ctx, events.find(floodId(ctx)));
    }

    public void extent(Context ctx) throws Exception {
        Params.known(ctx);
        events.requireVisible(floodId(ctx), Requests.viewer(ctx));
        noCache(ctx);
        Json.sendBytes(ctx, events.geometry(floodId(ctx)), "application/geo+json");
    }

    /** A new flood from {@code POST /api/floods}: a scenario, or a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection. */
    private static NewFlood newFlood(JsonNode object) {
        Body fields = Body.of(object, FIELDS, "unknown field; give a scenario, or a GeoJSON Polygon or MultiPolygon");
        String name = fields.text("name", 200).orElse(null);
        BigDecimal water = level(fields, "water_level_m");
        BigDecimal river = level(fields, "river_level_m");
        Integer alarm = fields.whole("alarm_level", 1, 3, "1, 2 or 3").map(Long::intValue).orElse(null);
        OffsetDateTime occurred = fields.time("occurred_at", "a date and time with offset, e.g. 2020-10-28T14:00:00+07:00").orElse(null);
        JsonNode body = fields.node();
        if (body.hasNonNull("scenario")) {
            if (body.has("geometry") || body.has("coordinates") || body.has("features")) {
                throw ProblemException.badParameter("scenario", "give a scenario or a geometry, not both");
            }
            JsonNode s = body.get("scenario");
            Object scenario = s.canConvertToInt() && s.isNumber() ? (Object) s.asInt() : s.asText();
            return new NewFlood(scenario, List.of(), name, "scenario", null, null, null, occurred);
        }
        String source = body.path("source").asText("upload").equals("drawn") ? "drawn" : "upload";
        List<String> polygons = geometryOf(body).stream().map(JsonCodec::text).toList();
        return new NewFlood(null, polygons, name, source, river, alarm, water, occurred);
    }

    /** The polygons of a body that is a GeoJSON geometry, a Feature, a FeatureCollection or {"geometry": ...}. */
    static List<JsonNode> geometryOf(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        collect(body.has("geometry") && !body.has("type") ? body.get("geometry") : body, out);
        if (out.isEmpty()) {
            throw ProblemException.badParameter("geometry", "give a scenario, or a GeoJSON Polygon or MultiPolygon");
        }
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        String type = node == null ? "" : node.path("type").asText("");
        switch (type) {
            case "Polygon", "MultiPolygon" -> out.add(node);
            case "Feature" -> collect(node.get("geometry"), out);
            case "FeatureCollection" -> {
                JsonNode features = node.get("features");
                if (!(features instanceof ArrayNode a)) {
                    throw ProblemException.badParameter("geometry", "a FeatureCollection needs a features array");
                }
                a.forEach(f -> collect(f, out));
            }
            default -> throw ProblemException.badParameter("geometry", "expected a GeoJSON Polygon or MultiPolygon, got "
                    + (type.isEmpty() ? "no type" : "'" + Messages.shorten(type) + "'"));
        }
    }

    private static BigDecimal level(Body body, String field) {
        return body.number(field, -10, 100, "a level in metres between -10 and 100")
                .map(m -> BigDecimal.valueOf(m).setScale(2, RoundingMode.HALF_UP)).orElse(null);
    }

    private static int floodId(Context ctx) {
        return Params.intPathId(ctx, "id", "flood event");
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "private, no-store");
    }
}
