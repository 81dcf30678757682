package org.communeatlas.bench;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.Services;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.ChangeFeed;

/**
 * Flood impact and evacuation plans over HTTP, as the steering committee's map asks for them: alarm level III
 * on a dataset. Impact is timed cold (every household, site and road read again: a change is announced before
 * each request); a plan includes reading the flood, solving, storing assignments and routes, and answering.
 */
final class FloodBench {

    private FloodBench() {
    }

    static void run(AtlasConfig base, String url, String label, Report report) throws Exception {
        int flood;
        try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("INSERT INTO flood_event (name, source, scenario_id, river_level_m, alarm_level, water_level_m, "
                    + "created_by, geom) SELECT name, 'scenario', id, river_level_m, alarm_level, water_level_m, 'bench', geom "
                    + "FROM flood_scenario WHERE code = 'TK-III' RETURNING id")) {
                rs.next();
                flood = rs.getInt(1);
            }
        }
        BenchOfficer.create(url);
        try (BenchServer server = BenchServer.start(base, url)) {
            HttpClient http = server.http;
            String root = server.root;
            Services services = server.services;
            List<Double> impact = new ArrayList<>();
            JsonNode last = null;
            for (int i = 0; i < 6; i++) {
                services.changes().publish(new ChangeFeed.Change("household", "UPDATE", null)); // cold: no cached analysis
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/api/floods/" + flood + "/impact")).build(),
                        HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - t0) / 1e6;
                check(r, 200);
                if (i > 0) {
                    impact.add(ms);
                }
                last = JsonCodec.MAPPER.readTree(r.body());
            }
            JsonNode t = last.get("totals");
            report.line("Flood impact, alarm level III, " + label + " (5 cold requests)");
            report.line(String.format("  %,d households flooded, %,d isolated, %,d road edges under water",
                    t.get("households_flooded").asLong(), t.get("households_isolated").asLong(), t.get("roads_flooded_edges").asLong()));
            report.millis("  impact: median", median(impact));

            BenchOfficer.Session officer = BenchOfficer.signIn(http, root);
            List<Double> plan = new ArrayList<>();
            JsonNode p = null;
            for (int i = 0; i < 3; i++) {
                services.changes().publish(new ChangeFeed.Change("household", "UPDATE", null));
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/api/floods/" + flood + "/plan"))
                        .header("Content-Type", "application/json").header("Cookie", officer.cookie()).header("X-CSRF-Token", officer.csrf())
                        .header("Origin", root).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                plan.add((System.nanoTime() - t0) / 1e6);
                check(r, 201);
                p = JsonCodec.MAPPER.readTree(r.body());
            }
            report.line(String.format("Evacuation plan, same flood: %,d households to move, %,d sites offered, %,d used; "
                            + "%,d placed, %,d to rescue or without room", p.get("households").asInt(), p.at("/summary/sites_offered").asInt(),
                    p.get("sites").size(), p.get("assigned").asInt(), p.get("unassigned_households").size()));
            report.line(String.format("  %s; %,d groups, %,d arcs; gap to the lower bound %.3f %%", p.get("method").asText(),
                    p.at("/summary/groups").asInt(), p.at("/summary/arcs").asInt(), 100 * p.get("gap").asDouble()));
            report.millis("  solver alone (last run)", p.get("solve_ms").asDouble());
            report.millis("  plan, whole request (analysis, solve, store, answer): median of 3", median(plan));
        }
    }

    private static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.uri() + " → " + r.statusCode() + " " + r.body());
        }
    }

    private static double median(List<Double> values) {
        return TileBench.median(values);
    }
}
