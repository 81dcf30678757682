package org.communeatlas.floods.events;

import io.javalin.http.Context;
import java.util.Map;
import org.communeatlas.web.Json;

/** {@code GET /api/flood-scenarios} and {@code GET /api/flood-scenarios/{code}/roads}. */
public final class ScenarioController {

    private final Scenarios scenarios;

    public ScenarioController(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void list(Context ctx) throws Exception {
        var list = scenarios.list();
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, Map.of("scenarios", list));
    }

    public void floodedRoads(Context ctx) throws Exception {
        byte[] roads = scenarios.floodedRoads(ctx.pathParam("code"));
        ctx.header("Cache-Control", "no-cache");
        Json.sendBytes(ctx, roads, "application/geo+json");
    }
}
