package org.communeatlas.web;

import org.communeatlas.core.JsonCodec;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.db.DatabaseHealth;
import org.communeatlas.db.ReplicaWatch;

/**
 * {@code GET /health}: 200 while the database answers, 503 while it does not (the server keeps running); with a read
 * replica, its state and lag too.
 */
public final class HealthController {

    private final DatabaseHealth health;
    private final String version;
    private final Optional<ReplicaWatch> replica;

    public HealthController(DatabaseHealth health, Optional<ReplicaWatch> replica, String version) {
        this.health = health;
        this.replica = replica;
        this.version = version;
    }

    public void get(Context ctx) {
        boolean up = health.isUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "ok" : "degraded");
        body.put("database", up ? "up" : "down");
        body.put("postgis", health.postgisVersion());
        // a replica down or behind costs no availability: its reads go to the primary
        replica.ifPresent(r -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("status", r.isUp() ? "up" : "down");
            state.put("lagSeconds", Math.round(r.lagSeconds() * 10) / 10.0);
            state.put("lagBytes", r.lagBytes());
            body.put("replica", state);
        });
        body.put("version", version);
        ctx.status(up ? 200 : 503);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(JsonCodec.bytes(body));
    }
}
