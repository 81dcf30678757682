package org.communeatlas.floods.impact;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.Requests;

/**
 * What a flood does, over HTTP: {@code /api/floods/{id}/impact} (counts, needs) and {@code /api/floods/{id}/households.geojson}
 * (the households it concerns, with what the viewer may see of them). Open to everyone, figures refused for an event so
 * small they would be one family's.
 */
public final class ImpactController {

    private final FloodEvents events;
    private final FloodAnalyzer analyzer;
    private final NeedsProfile needs;

    public ImpactController(FloodEvents events, FloodAnalyzer analyzer, NeedsProfile needs) {
        this.events = events;
        this.analyzer = analyzer;
        this.needs = needs;
    }

    public void impact(Context ctx) throws Exception {
        Params.known(ctx);
        Viewer viewer = Requests.viewer(ctx);
        events.requireVisible(floodId(ctx), viewer);
        FloodAnalysis a = analyzer.analyse(floodId(ctx));
        noCache(ctx);
        Json.send(ctx, ImpactReport.build(a, needs.items(), !viewer.seesPersonalData()));
    }

    /** The households the flood concerns, as points with what anyone may see of them. */
    public void households(Context ctx) throws Exception {
        Params.known(ctx);
        boolean personal = Requests.viewer(ctx).seesPersonalData();
        events.requireVisible(floodId(ctx), Requests.viewer(ctx));
        FloodAnalysis a = analyzer.analyse(floodId(ctx));
        noCache(ctx);
        ctx.contentType("application/geo+json");
        try (JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(new BufferedOutputStream(ctx.outputStream(), 1 << 16), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (Household h : a.households()) {
                if (!personal && h.reason().code().equals("weak_house")) {
                    continue; // a house's class is its family's: the public sees the households the water reaches
                }
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeNumberField("id", h.id());
                g.writeObjectFieldStart("properties");
                g.writeStringField("impact", h.reason().code());
                g.writeStringField("status", h.status());
                g.writeNumberField("members", h.members());
                g.writeStringField("village_code", a.villages().get(h.villageId()).code());
                g.writeBooleanField("dry_route", a.connected(h.node()));
                if (personal && h.depthM() != null) {
                    g.writeNumberField("depth_m", h.depthM()); // the water at one house tells its ground: personal
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

    private static int floodId(Context ctx) {
        return Params.intPathId(ctx, "id", "flood event");
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "private, no-store");
    }
}
