package org.communeatlas.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.router.Endpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Request counts and latencies per route, and {@code GET /metrics} in Prometheus text. */
public final class Metrics {

    private static final String STARTED = "atlas.started";

    private final PrometheusMeterRegistry registry;
    /** One timer per method, route and status, found without building its tags again on every request. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String method, String route, int status) {
    }

    public Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void install(JavalinConfig config) {
        config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        config.routes.after(ctx -> {
            try {
                Long started = ctx.attribute(STARTED);
                if (started == null) {
                    return;
                }
                Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
                String route = endpoint == null ? "unmatched" : endpoint.path;
                timers.computeIfAbsent(new TimerKey(ctx.method().name(), route, ctx.statusCode()), k -> Timer.builder("http_server_requests")
                                .tag("method", k.method())
                                .tag("route", k.route())
                                .tag("status", Integer.toString(k.status()))
                                .register(registry))
                        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (RuntimeException gone) {
                // the client hung up and the request was recycled: nothing to measure
            }
        });
    }

    public void scrape(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(registry.scrape());
    }
}
