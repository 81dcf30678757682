package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.core.Messages;
import org.communeatlas.db.Idempotency;
import org.communeatlas.floods.events.FloodEvent;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.impact.FloodAnalysis.Reason;
import org.communeatlas.floods.impact.NeedsProfile;
import org.communeatlas.gdal.Conversions;
import org.communeatlas.web.Body;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * Evacuation plans over HTTP: {@code POST /api/floods/{id}/plan} (officers) makes one; the newest plan of a flood
 * is read as JSON, CSV, Excel, GeoJSON, GeoPackage, route trees and the printable sheet of a commune (personal
 * fields only for those allowed to see them, decided in the store's SQL).
 */
public final class PlanController {

    private static final Set<String> OPTIONS = Set.of("move", "overnight", "intersperse", "radius_m", "wade_m", "keep", "mode", "levels");

    private final PlanService plans;
    private final PlanExports exports;
    private final PlanSheet sheet;
    private final FloodEvents events;
    private final NeedsProfile needs;

    public PlanController(PlanService plans, FloodEvents events, NeedsProfile needs) {
        this.plans = plans;
        this.exports = plans.exports();
        this.sheet = new PlanSheet(plans.store(), plans.mapStore());
        this.events = events;
        this.needs = needs;
    }

    public void plan(Context ctx) throws Exception {
        int flood = floodId(ctx);
        PlanOptions options = ctx.bodyAsBytes().length == 0 ? PlanOptions.DEFAULT : options(Requests.jsonBody(ctx));
        Idempotency.Keyed<PlanService.NewPlan> made = plans.plan(flood, options, Requests.viewer(ctx), Requests.address(ctx),
                Requests.idempotency(ctx));
        // a key sent again answers with the plan it made then, read again (a plan is too big to keep with its key)
        int id = made.replayed() != null ? JsonCodec.tree(made.replayed().body()).get("plan").asInt() : made.result().id();
        if (made.replayed() != null) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/api/floods/" + flood + "/plan");
        sendPlan(ctx, id);
    }

    public void latest(Context ctx) throws Exception {
        Params.known(ctx);
        sendPlan(ctx, plans.latest(floodId(ctx)));
    }

    private void sendPlan(Context ctx, int id) throws Exception {
        noCache(ctx);
        ctx.contentType("application/json");
        exports.json(id, Requests.viewer(ctx), new BufferedOutputStream(ctx.outputStream(), 1 << 16));
    }

    /** The newest plan of the flood in the path, as its exports need it: the answer is not cached. */
    private record Export(int id, String fileName, Viewer viewer, boolean english) {
    }

    private Export newest(Context ctx) throws SQLException {
        Params.known(ctx, "lang");
        boolean english = Params.oneOf(ctx, "lang", java.util.Set.of("vi", "en"), "vi").equals("en");
        int flood = floodId(ctx);
        int id = plans.latest(flood);
        noCache(ctx);
        return new Export(id, (english ? "evacuation-plan-" : "ke-hoach-so-tan-") + flood + "-" + id, Requests.viewer(ctx), english);
    }

    private void writeCsv(Export p, OutputStream out) throws Exception {
        exports.csv(p.id(), p.viewer(), new OutputStreamWriter(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8), p.english());
    }

    private void writeGeoJson(Export p, OutputStream out) throws Exception {
        exports.geojson(p.id(), p.viewer(), new BufferedOutputStream(out, 1 << 16));
    }

    public void csv(Context ctx) throws Exception {
        Export p = newest(ctx);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + p.fileName() + ".csv\"");
        writeCsv(p, ctx.outputStream());
    }

    public void geojson(Context ctx) throws Exception {
        Export p = newest(ctx);
        ctx.contentType("application/geo+json");
        ctx.header("Content-Disposition", "inline; filename=\"" + p.fileName() + ".geojson\"");
        writeGeoJson(p, ctx.outputStream());
    }

    /** The plan's households as an Excel sheet (the CSV's rows and columns). */
    public void xlsx(Context ctx) throws Exception {
        Export p = newest(ctx);
        FileSender.send(ctx, Conversions.xlsx(p.fileName(), out -> writeCsv(p, out)));
    }

    /** The plan's households as a GeoPackage (the GeoJSON's features). */
    public void gpkg(Context ctx) throws Exception {
        Export p = newest(ctx);
        FileSender.send(ctx, Conversions.gpkg(p.fileName(), out -> writeGeoJson(p, out)));
    }

    public void routes(Context ctx) throws Exception {
        Export p = newest(ctx);
        Json.sendBytes(ctx, exports.routes(p.id()), "application/geo+json");
    }

    public void sheet(Context ctx) throws Exception {
        Params.known(ctx, "commune", "lang");
        boolean english = PlanSheet.english(Params.oneOf(ctx, "lang", Set.of("vi", "en"), "vi"));
        int flood = floodId(ctx);
        FloodEvent e = events.find(flood);
        int id = plans.latest(flood);
        String commune = Params.single(ctx, "commune").orElse(null);
        String html = commune == null ? sheet.index(id, e.name(), english)
                : sheet.commune(id, e.name(), communeCode(commune), Requests.viewer(ctx), needs.items(), english);
        noCache(ctx);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html);
    }

    /** The sheet's page style: commune, flood and page numbers on every printed page. */
    public void sheetStyle(Context ctx) throws Exception {
        Params.known(ctx, "commune", "lang");
        boolean english = PlanSheet.english(Params.oneOf(ctx, "lang", Set.of("vi", "en"), "vi"));
        int flood = floodId(ctx);
        FloodEvent e = events.find(flood);
        String commune = communeCode(Params.single(ctx, "commune")
                .orElseThrow(() -> ProblemException.badParameter("commune", "a commune code such as 20380")));
        String css = sheet.pageStyle(plans.latest(flood), e.name(), commune, english);
        noCache(ctx);
        ctx.contentType("text/css; charset=utf-8");
        ctx.result(css);
    }

    private static String communeCode(String commune) {
        if (!commune.matches("[0-9]{2,5}")) {
            throw ProblemException.badParameter("commune", "a commune code such as 20380");
        }
        return commune;
    }

    /** The options of a new plan from the request body. */
    static PlanOptions options(JsonNode object) {
        if (object == null || object.isEmpty()) {
            return PlanOptions.DEFAULT;
        }
        Body fields = Body.of(object, OPTIONS, "unknown option; a plan takes move, overnight, intersperse, radius_m, wade_m, keep, mode and levels");
        JsonNode body = fields.node();
        Set<Reason> move = EnumSet.noneOf(Reason.class);
        if (body.has("move")) {
            if (!body.get("move").isArray() || body.get("move").isEmpty()) {
                throw ProblemException.badParameter("move", "a non-empty array of flooded, isolated, weak_house");
            }
            for (JsonNode m : body.get("move")) {
                try {
                    move.add(Reason.valueOf(m.asText("").toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badParameter("move", "'" + Messages.shorten(m.asText()) + "' is not one of flooded, isolated, weak_house");
                }
            }
        } else {
            move = PlanOptions.DEFAULT.move();
        }
        boolean preemptive = fields.oneOf("mode", Set.of("during", "preemptive"),
                "during (the flood is here) or preemptive (a forecast: move people while roads are dry)").orElse("during").equals("preemptive");
        return new PlanOptions(move, fields.bool("overnight", "true or false").orElse(PlanOptions.DEFAULT.overnight()),
                fields.bool("intersperse", "true or false").orElse(PlanOptions.DEFAULT.intersperse()),
                metres(fields, "radius_m", 500, 200_000, PlanOptions.DEFAULT.radiusM()), metres(fields, "wade_m", 0, 5_000, PlanOptions.DEFAULT.wadeM()),
                fields.bool("keep", "true or false").orElse(PlanOptions.DEFAULT.keep()), preemptive, levels(body));
    }

    /** {@code "levels": {"1": time, "2": time, "3": time}}: when each alarm level is expected. */
    private static java.util.SortedMap<Integer, java.time.OffsetDateTime> levels(JsonNode body) {
        java.util.SortedMap<Integer, java.time.OffsetDateTime> out = new java.util.TreeMap<>();
        if (!body.has("levels")) {
            return out;
        }
        if (!body.get("levels").isObject()) {
            throw ProblemException.badParameter("levels", "an object from alarm level (1, 2, 3) to the time it is expected");
        }
        for (var it = body.get("levels").fields(); it.hasNext();) {
            var e = it.next();
            int level = switch (e.getKey()) {
                case "1", "I" -> 1;
                case "2", "II" -> 2;
                case "3", "III" -> 3;
                default -> throw ProblemException.badParameter("levels", "'" + Messages.shorten(e.getKey()) + "' is not an alarm level (1, 2, 3)");
            };
            try {
                out.put(level, java.time.OffsetDateTime.parse(e.getValue().asText("")));
            } catch (java.time.format.DateTimeParseException x) {
                throw ProblemException.badParameter("levels", "a time with its offset for level " + level + ", e.g. 2025-10-29T06:00:00+07:00");
            }
        }
        java.time.OffsetDateTime before = null;
        for (java.time.OffsetDateTime t : out.values()) {
            if (before != null && t.isBefore(before)) {
                throw ProblemException.badParameter("levels", "a higher alarm level cannot come before a lower one");
            }
            before = t;
        }
        return out;
    }

    private static double metres(Body body, String field, double min, double max, double dflt) {
        return body.number(field, min, max, String.format(Locale.ROOT, "a distance in metres from %.0f to %.0f", min, max)).orElse(dflt);
    }

    private static int floodId(Context ctx) {
        return Params.intPathId(ctx, "id", "flood event");
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "private, no-store");
    }
}
