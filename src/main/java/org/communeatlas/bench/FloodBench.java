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
            report.line(String.format("  %s; %,d groups, %,d arcs; gap to the lower bound %.3f %% of the distance, %,d people short of it (families kept whole)", p.get("method").asText(),
                    p.at("/summary/groups").asInt(), p.at("/summary/arcs").asInt(), 100 * p.get("gap").asDouble(), p.get("people_short").asInt()));
            report.millis("  solver alone (last run)", p.get("solve_ms").asDouble());
            report.millis("  plan, whole request (analysis, solve, store, answer): median of 3", median(plan));
            replanAfterClosures(http, root, officer, url, flood, p.get("id").asInt(), report);
        }
    }

    /**
     * A stable re-plan after one road closure and after ten, as an officer closes them on the map: the busiest edges of
     * the plan's routes (the closures that move people), each closed through PATCH /api/roads/{id}, then opened again.
     */
    private static void replanAfterClosures(HttpClient http, String root, BenchOfficer.Session officer, String url, int flood, int planId,
                                            Report report) throws Exception {
        List<Long> roads = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             var ps = c.prepareStatement("SELECT edge_id FROM evacuation_route_step WHERE plan_id = ? GROUP BY edge_id "
                     + "ORDER BY sum(people) DESC, edge_id LIMIT 10")) {
            ps.setInt(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    roads.add(rs.getLong(1));
                }
            }
        }
        int closed = 0;
        for (int wanted : new int[] {1, 10}) {
            long closing = 0;
            for (; closed < Math.min(wanted, roads.size()); closed++) {
                long t0 = System.nanoTime();
                check(send(http, root, officer, "PATCH", "/api/roads/" + roads.get(closed), "{\"closed\": true, \"reason\": \"bench\"}"), 200);
                closing += System.nanoTime() - t0;
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = send(http, root, officer, "POST", "/api/floods/" + flood + "/plan", "{\"keep\": true}");
            double whole = (System.nanoTime() - t0) / 1e6;
            check(r, 201);
            JsonNode changes = JsonCodec.MAPPER.readTree(r.body()).at("/summary/changes");
            JsonNode summary = JsonCodec.MAPPER.readTree(r.body()).get("summary");
            report.line(String.format("  re-plan after %d closure%s of the busiest route roads: %,d kept, %,d moved, %,d newly placed, %,d newly stranded",
                    closed, closed == 1 ? "" : "s", changes.get("kept").asInt(), changes.get("moved").asInt(), changes.get("newly_assigned").asInt(),
                    changes.get("newly_stranded").asInt()));
            report.millis("    closing (PATCH, isolation of the current floods before and after)", closing / 1e6 / Math.max(closed, 1));
            report.millis("    re-plan solver", summary.get("solve_ms").asDouble());
            report.millis("    re-plan, whole request", whole);
        }
        for (int i = 0; i < closed; i++) {
            check(send(http, root, officer, "PATCH", "/api/roads/" + roads.get(i), "{\"closed\": false}"), 200);
        }
    }

    private static HttpResponse<String> send(HttpClient http, String root, BenchOfficer.Session officer, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
                .header("Cookie", officer.cookie()).header("X-CSRF-Token", officer.csrf()).header("Origin", root)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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
