package org.communeatlas.web;

import org.communeatlas.core.JsonCodec;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communeatlas.db.DatabaseHealth;

/** {@code GET /health}: 200 while the database answers, 503 while it does not (the server keeps running). */
public final class HealthController {

    private final DatabaseHealth health;
    private final String version;

    public HealthController(DatabaseHealth health, String version) {
        this.health = health;
        this.version = version;
    }

    public void get(Context ctx) {
        boolean up = health.isUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "ok" : "degraded");
        body.put("database", up ? "up" : "down");
        body.put("postgis", health.postgisVersion());
        body.put("version", version);
        ctx.status(up ? 200 : 503);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(JsonCodec.bytes(body));
    }
}
