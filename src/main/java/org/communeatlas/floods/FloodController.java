package org.communeatlas.floods;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.floods.FloodAnalysis.Household;
import org.communeatlas.floods.plan.PlanReader;
import org.communeatlas.floods.plan.PlanService;
import org.communeatlas.floods.plan.PlanSheet;
import org.communeatlas.imports.Spreadsheets;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * Flood events, their impact and their evacuation plans over HTTP ({@code /api/floods/...}). Reading is
 * open to everyone (personal fields only for those allowed to see them); creating events and plans takes an
 * officer, editing the needs profile an admin — as declared in the route table.
 */
public final class FloodController {

    private final FloodEvents events;
    private final FloodAnalyzer analyzer;
    private final NeedsProfile needs;
    private final PlanService plans;
    private final PlanReader reader;
    private final PlanSheet sheet;
    private final ChangeFeed changes;

    public FloodController(FloodEvents events, FloodAnalyzer analyzer, NeedsProfile needs, PlanService plans, PlanReader reader,
                           ChangeFeed changes) {
        this.events = events;
        this.analyzer = analyzer;
        this.needs = needs;
        this.plans = plans;
        this.reader = reader;
        this.sheet = new PlanSheet(reader);
        this.changes = changes;
    }

    public void list(Context ctx) throws Exception {
        known(ctx, "limit");
        int limit = Params.intParam(ctx, "limit", 50, 1, 500);
        noCache(ctx);
        Json.send(ctx, Map.of("floods", events.list(limit)));
    }

    public void create(Context ctx) throws Exception {
        Viewer viewer = Requests.viewer(ctx);
        FloodEvents.Event e = events.create(Requests.jsonBody(ctx), viewer, ctx.ip());
        changes.publish(new ChangeFeed.Change("flood_event", "INSERT", null));
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/api/floods/" + e.id());
        noCache(ctx);
        Json.send(ctx, e.toMap());
    }

    public void get(Context ctx) throws Exception {
        known(ctx);
        noCache(ctx);
        Json.send(ctx, events.find(floodId(ctx)).toMap());
    }

    public void extent(Context ctx) throws Exception {
        known(ctx);
        noCache(ctx);
        Json.sendBytes(ctx, events.geometry(floodId(ctx)), "application/geo+json");
    }

    public void impact(Context ctx) throws Exception {
        known(ctx);
        FloodAnalysis a = analyzer.analyse(floodId(ctx));
        noCache(ctx);
        Json.send(ctx, ImpactReport.build(a, needs.items()));
    }

    /** The households the flood concerns, as points with what anyone may see of them. */
    public void households(Context ctx) throws Exception {
        known(ctx);
        FloodAnalysis a = analyzer.analyse(floodId(ctx));
        noCache(ctx);
        ctx.contentType("application/geo+json");
        try (JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(new BufferedOutputStream(ctx.outputStream(), 1 << 16), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (Household h : a.households()) {
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeNumberField("id", h.id());
                g.writeObjectFieldStart("properties");
                g.writeStringField("impact", h.reason().code());
                g.writeStringField("status", h.status());
                g.writeNumberField("members", h.members());
                g.writeStringField("village_code", a.villages().get(h.villageId()).code());
                g.writeBooleanField("dry_route", a.connected(h.node()));
                if (h.depthM() != null) {
                    g.writeNumberField("depth_m", h.depthM());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("geometry");
                g.writeStringField("type", "Point");
                g.writeArrayFieldStart("coordinates");
                g.writeNumber(h.lon());
                g.writeNumber(h.lat());
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    public void plan(Context ctx) throws Exception {
        int flood = floodId(ctx);
        byte[] raw = ctx.bodyAsBytes();
        PlanService.Options options = raw.length == 0 ? PlanService.Options.DEFAULT : PlanService.Options.from(Requests.jsonBody(ctx));
        events.find(flood);
        int id = plans.plan(flood, options, Requests.viewer(ctx), ctx.ip());
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/api/floods/" + flood + "/plan");
        sendPlan(ctx, id);
    }

    public void latestPlan(Context ctx) throws Exception {
        known(ctx);
        sendPlan(ctx, plans.latest(floodId(ctx)));
    }

    private void sendPlan(Context ctx, int id) throws Exception {
        noCache(ctx);
        ctx.contentType("application/json");
        reader.writeJson(id, Requests.viewer(ctx), new BufferedOutputStream(ctx.outputStream(), 1 << 16));
    }

    /** The newest plan of the flood in the path, as its exports need it: the answer is not cached. */
    private record PlanExport(int id, String fileName, Viewer viewer) {
    }

    private PlanExport newestPlan(Context ctx) throws SQLException {
        known(ctx);
        int flood = floodId(ctx);
        int id = plans.latest(flood);
        noCache(ctx);
        return new PlanExport(id, "evacuation-plan-" + flood + "-" + id, Requests.viewer(ctx));
    }

    private void writeCsv(PlanExport p, OutputStream out) throws Exception {
        reader.csv(p.id(), p.viewer(), new OutputStreamWriter(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8));
    }

    private void writeGeoJson(PlanExport p, OutputStream out) throws Exception {
        reader.geojson(p.id(), p.viewer(), new BufferedOutputStream(out, 1 << 16));
    }

    public void planCsv(Context ctx) throws Exception {
        PlanExport p = newestPlan(ctx);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + p.fileName() + ".csv\"");
        writeCsv(p, ctx.outputStream());
    }

    public void planGeoJson(Context ctx) throws Exception {
        PlanExport p = newestPlan(ctx);
        ctx.contentType("application/geo+json");
        ctx.header("Content-Disposition", "inline; filename=\"" + p.fileName() + ".geojson\"");
        writeGeoJson(p, ctx.outputStream());
    }

    /** The plan's households as an Excel sheet (the CSV's rows and columns). */
    public void planXlsx(Context ctx) throws Exception {
        PlanExport p = newestPlan(ctx);
        Spreadsheets.sendXlsx(ctx, p.fileName(), out -> writeCsv(p, out));
    }

    /** The plan's households as a GeoPackage (the GeoJSON's features). */
    public void planGpkg(Context ctx) throws Exception {
        PlanExport p = newestPlan(ctx);
        Spreadsheets.sendGpkg(ctx, p.fileName(), out -> writeGeoJson(p, out));
    }

    public void planRoutes(Context ctx) throws Exception {
        PlanExport p = newestPlan(ctx);
        Json.sendBytes(ctx, reader.routes(p.id()), "application/geo+json");
    }

    public void planSheet(Context ctx) throws Exception {
        known(ctx, "commune");
        int flood = floodId(ctx);
        FloodEvents.Event e = events.find(flood);
        int id = plans.latest(flood);
        String commune = Params.single(ctx, "commune").orElse(null);
        String html;
        if (commune == null) {
            html = sheet.index(id, e.name());
        } else {
            if (!commune.matches("[0-9]{2,5}")) {
                throw ProblemException.badParameter("commune", "a commune code such as 20380");
            }
            html = sheet.commune(id, e.name(), commune, Requests.viewer(ctx), needs.items());
        }
        noCache(ctx);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html);
    }

    public void needsProfile(Context ctx) throws Exception {
        known(ctx);
        noCache(ctx);
        Json.send(ctx, Map.of("items", NeedsProfile.describe(needs.items())));
    }

    public void updateNeedsProfile(Context ctx) throws Exception {
        var items = needs.update(Requests.jsonBody(ctx), Requests.viewer(ctx), ctx.ip());
        noCache(ctx);
        Json.send(ctx, Map.of("items", NeedsProfile.describe(items)));
    }

    private static int floodId(Context ctx) {
        long id = Params.pathId(ctx, "id");
        if (id > Integer.MAX_VALUE) {
            throw ProblemException.notFound("No flood event " + id);
        }
        return (int) id;
    }

    private static void known(Context ctx, String... names) {
        Params.known(ctx, names);
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
