package org.communeatlas.floods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evacuation plan for alarm level III on the demo data, checked with PostGIS and pgRouting: capacities,
 * whole families, everyone placed who could be, routes on dry roads of the right length, the gap to the
 * lower bound, and the exports.
 */
class FloodPlanTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static int flood;
    private static JsonNode plan;
    private static int planId;

    /** pgRouting's components of the dry, open road network of the flood (a node with no dry edge is its own). */
    private static final String COMPONENTS = """
            WITH cc AS (SELECT node, component FROM pgr_connectedComponents(
                    'SELECT r.id, r.source, r.target, 1.0 AS cost, 1.0 AS reverse_cost FROM road r WHERE r.is_open AND NOT EXISTS '
                    || '(SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(r.geom, e.geom))')),
            comp AS (SELECT n.id AS node, coalesce(cc.component, -n.id) AS component FROM road_node n LEFT JOIN cc ON cc.node = n.id)
            """;

    @BeforeAll
    static void plan() {
        Accounts.create(url, "plan-officer", Role.OFFICER, TAM_THANG);
        officer = server.signIn("plan-officer", Accounts.PASSWORD);
        flood = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        HttpResponse<String> r = officer.send("POST", "/api/floods/" + flood + "/plan", "{}");
        assertEquals(201, r.statusCode(), r.body());
        plan = TestServer.json(r);
        planId = plan.get("id").asInt();
    }

    @Test
    void noSiteTakesMoreThanItHasRoomFor() {
        long over = Sql.count(url, """
                SELECT count(*) FROM (SELECT a.site_id, sum(h.members) AS people FROM evacuation_assignment a
                    JOIN household h ON h.id = a.household_id WHERE a.plan_id = ? AND a.site_id IS NOT NULL GROUP BY a.site_id) x
                JOIN evacuation_point p ON p.id = x.site_id WHERE x.people > p.capacity_day - p.occupancy - p.reserved""", planId);
        assertEquals(0, over);
        assertTrue(plan.get("assigned").asInt() > 1000, "thousands of households placed: " + plan.get("assigned"));
        assertEquals(Sql.count(url, "SELECT sum(h.members) FROM evacuation_assignment a JOIN household h ON h.id = a.household_id "
                + "WHERE a.plan_id = ? AND a.site_id IS NOT NULL", planId), plan.get("people_assigned").asLong());
    }

    @Test
    void familiesAreNeverSplitAndSolidHousesTakeOnlyTheirVillage() {
        assertEquals(Sql.count(url, "SELECT count(DISTINCT household_id) FROM evacuation_assignment WHERE plan_id = ?", planId),
                Sql.count(url, "SELECT count(*) FROM evacuation_assignment WHERE plan_id = ?", planId));
        assertEquals(plan.get("households").asLong(), plan.get("assignments").size() + plan.get("unassigned_households").size());
        long strangers = Sql.count(url, "SELECT count(*) FROM evacuation_assignment a JOIN household h ON h.id = a.household_id "
                + "JOIN evacuation_point p ON p.id = a.site_id WHERE a.plan_id = ? AND p.kind = 'solid_house' AND p.village_id <> h.village_id", planId);
        assertEquals(0, strangers);
        assertTrue(Sql.count(url, "SELECT count(*) FROM evacuation_assignment a JOIN evacuation_point p ON p.id = a.site_id "
                + "WHERE a.plan_id = ? AND p.kind = 'solid_house'", planId) > 0, "some families go to a neighbour's solid house (xen ghép)");
    }

    /** No family left without a place could have had one: no site it can reach by dry road has room for it all. */
    @Test
    void everyoneAssignableIsAssigned() {
        String left = COMPONENTS.formatted(flood) + """
                , load AS (SELECT a.site_id, sum(h.members) AS people FROM evacuation_assignment a JOIN household h ON h.id = a.household_id
                           WHERE a.plan_id = %1$d AND a.site_id IS NOT NULL GROUP BY a.site_id),
                room AS (SELECT p.id, p.kind, p.village_id, c.component,
                                p.capacity_day - p.occupancy - p.reserved - coalesce(l.people, 0) AS room
                         FROM evacuation_point p JOIN comp c ON c.node = p.road_node_id LEFT JOIN load l ON l.site_id = p.id
                         WHERE p.is_open AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %2$d AND ST_Intersects(p.geom, e.geom)))
                SELECT count(*) FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN comp c ON c.node = a.start_node
                WHERE a.plan_id = %1$d AND a.site_id IS NULL AND EXISTS (
                    SELECT 1 FROM room r WHERE r.component = c.component AND r.room >= h.members
                    AND (r.kind <> 'solid_house' OR r.village_id = h.village_id))""".formatted(planId, flood);
        assertEquals(0, Sql.count(url, left));
        long unplaced = Sql.count(url, "SELECT count(*) FROM evacuation_assignment WHERE plan_id = ? AND site_id IS NULL", planId);
        assertTrue(unplaced > 0 && unplaced == plan.get("unassigned_households").size());
        JsonNode boat = plan.get("unassigned_households").get(0);
        assertTrue(boat.has("lon") && boat.has("lat") && boat.at("/needs/rice").asLong() > 0, "rescue list with location and needs: " + boat);
    }

    @Test
    void theGapToTheLowerBoundIsUnderOnePercent() {
        double gap = plan.get("gap").asDouble();
        assertTrue(gap >= 0 && gap < 0.01, "gap " + gap + " (" + plan.get("method").asText() + ")");
        assertTrue(plan.get("people_short").asInt() >= 0 && plan.at("/summary/people_short").asInt() == plan.get("people_short").asInt());
        assertTrue(plan.get("cost_person_km").asDouble() >= plan.get("lower_bound_person_km").asDouble() - 0.05);
    }

    /** Routes use no flooded road and are as long as pgRouting's shortest path over the dry roads. */
    @Test
    void routesAreShortestDryPaths() {
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_route_step s JOIN road r ON r.id = s.edge_id "
                + "JOIN flood_event e ON e.id = ? AND ST_Intersects(r.geom, e.geom) WHERE s.plan_id = ?", flood, planId), "no route crosses water");
        List<List<Object>> sample = Sql.rows(url, "SELECT a.start_node, p.road_node_id, a.distance_m FROM evacuation_assignment a "
                + "JOIN evacuation_point p ON p.id = a.site_id WHERE a.plan_id = ? AND a.start_node <> p.road_node_id "
                + "ORDER BY a.household_id % 97, a.household_id LIMIT 40", planId);
        assertEquals(40, sample.size());
        String dry = "SELECT r.id, r.source, r.target, r.length_m AS cost, r.length_m AS reverse_cost FROM road r WHERE r.is_open AND NOT EXISTS "
                + "(SELECT 1 FROM flood_event e WHERE e.id = " + flood + " AND ST_Intersects(r.geom, e.geom))";
        for (List<Object> row : sample) {
            long from = ((Number) row.get(0)).longValue(), to = ((Number) row.get(1)).longValue();
            double dryLength = ((Number) Sql.scalar(url, "SELECT max(agg_cost) FROM pgr_dijkstra(?, ?::bigint, ?::bigint, false)", dry, from, to))
                    .doubleValue();
            assertEquals(dryLength, ((Number) row.get(2)).doubleValue(), 1.0, "route " + from + " → " + to);
        }
    }

    /**
     * A small flood where sites have room to spare, so every family goes to its nearest site. Flood one more road —
     * a puddle in the middle of a road on a family's route that has a way round — and plan again: the family is
     * still placed, and its new route avoids that road.
     */
    @Test
    void floodingARoadOnARouteChangesTheRoute() {
        String circle = (String) Sql.scalar(url, "SELECT ST_AsGeoJSON(ST_Buffer(h.geom::geography, 400)::geometry) FROM household h "
                + "JOIN village v ON v.id = h.village_id WHERE v.code = '20362-02' ORDER BY h.id LIMIT 1"); // Vĩnh Bình, Tam Thăng: high ground
        int small = TestServer.json(officer.send("POST", "/api/floods", "{\"geometry\":" + circle + ",\"name\":\"Ngập cục bộ\"}")).get("id").asInt();
        String options = "{\"move\":[\"flooded\"]}";
        HttpResponse<String> first = officer.send("POST", "/api/floods/" + small + "/plan", options);
        assertEquals(201, first.statusCode(), first.body());
        int planA = TestServer.json(first).get("id").asInt();
        String walk = """
                WITH RECURSIVE w AS (
                    SELECT s.edge_id, s.next_node, 1 AS seq FROM evacuation_assignment a JOIN evacuation_route_step s
                        ON s.plan_id = a.plan_id AND s.site_id = a.site_id AND s.node_id = a.start_node
                    WHERE a.plan_id = ? AND a.household_id = ?
                    UNION ALL
                    SELECT s.edge_id, s.next_node, w.seq + 1 FROM w JOIN evacuation_route_step s
                        ON s.plan_id = ? AND s.site_id = (SELECT site_id FROM evacuation_assignment WHERE plan_id = ? AND household_id = ?)
                        AND s.node_id = w.next_node)
                SELECT edge_id FROM w ORDER BY seq""";
        String dry = "SELECT r.id, r.source, r.target, r.length_m AS cost, r.length_m AS reverse_cost FROM road r WHERE r.is_open AND NOT EXISTS "
                + "(SELECT 1 FROM flood_event e WHERE e.id = " + small + " AND ST_Intersects(r.geom, e.geom))";
        long household = -1, road = -1;
        List<Long> before = List.of();
        for (List<Object> candidate : Sql.rows(url, "SELECT a.household_id, a.start_node, p.road_node_id FROM evacuation_assignment a "
                + "JOIN evacuation_point p ON p.id = a.site_id WHERE a.plan_id = ? AND a.distance_m > 300 ORDER BY a.household_id", planA)) {
            long h = ((Number) candidate.get(0)).longValue();
            List<Long> route = Sql.rows(url, walk, planA, h, planA, planA, h).stream().map(r -> ((Number) r.get(0)).longValue()).toList();
            long longest = ((Number) Sql.scalar(url, "SELECT id FROM road WHERE id = ANY (?) ORDER BY length_m DESC LIMIT 1",
                    (Object) route.toArray(new Long[0]))).longValue();
            if (Sql.count(url, "SELECT count(*) FROM pgr_dijkstra(?, ?::bigint, ?::bigint, false)", dry + " AND r.id <> " + longest,
                    candidate.get(1), candidate.get(2)) > 0) {
                household = h;
                road = longest;
                before = route;
                break;
            }
        }
        assertTrue(household > 0, "a household whose route has a way round one of its roads");
        String extent = (String) Sql.scalar(url, "SELECT ST_AsGeoJSON(ST_Union(e.geom, ST_Buffer(ST_LineInterpolatePoint(r.geom, 0.5)::geography, 5)::geometry)) "
                + "FROM flood_event e, road r WHERE e.id = ? AND r.id = ?", small, road);
        int puddled = TestServer.json(officer.send("POST", "/api/floods", "{\"geometry\":" + extent + ",\"name\":\"Thêm một đoạn đường ngập\"}"))
                .get("id").asInt();
        HttpResponse<String> second = officer.send("POST", "/api/floods/" + puddled + "/plan", options);
        assertEquals(201, second.statusCode(), second.body());
        int planB = TestServer.json(second).get("id").asInt();
        List<Long> after = Sql.rows(url, walk, planB, household, planB, planB, household).stream().map(x -> ((Number) x.get(0)).longValue()).toList();
        assertFalse(after.isEmpty(), "still placed, by another way");
        assertFalse(after.contains(road), "the new route avoids the flooded road " + road);
        assertFalse(after.equals(before), "the route changed");
    }

    @Test
    void exportsCarryThePlanAndPersonalDataOnlyForThoseAllowed() {
        HttpResponse<String> csv = server.get("/api/floods/" + flood + "/plan.csv");
        assertEquals(200, csv.statusCode());
        String[] lines = csv.body().split("\n");
        assertEquals(plan.get("households").asInt() + 1, lines.length);
        assertFalse(lines[0].contains("Chủ hộ") || csv.body().contains("000 "), "no names or phone numbers for anonymous users");
        // for people: a byte-order mark and Vietnamese headers and words; for scripts (lang=en) the column names and codes
        assertTrue(lines[0].startsWith("\ufeff") && lines[0].replace("\"", "").startsWith("\ufeffSố hộ,Mã thôn,Thôn,Mã xã,Xã,Số người,Lý do sơ tán"),
                lines[0]);
        assertTrue(csv.body().contains(",bị cô lập,") || csv.body().contains(",ngập,"), "reasons in Vietnamese");
        HttpResponse<String> mine = officer.get("/api/floods/" + flood + "/plan.csv");
        assertTrue(mine.body().split("\n")[0].contains("Chủ hộ"));
        String script = officer.get("/api/floods/" + flood + "/plan.csv?lang=en").body();
        assertTrue(script.startsWith("household_id,") && script.split("\n")[0].contains("head_name"), script.split("\n")[0]);
        assertEquals(400, server.get("/api/floods/" + flood + "/plan.csv?lang=fr").statusCode());
        long named = 0, namedElsewhere = 0;
        for (String line : mine.body().split("\n")) {
            if (line.matches(".*000 \\d{3} \\d{4}.*")) {
                named++;
                if (!line.contains("," + TAM_THANG + ",")) {
                    namedElsewhere++;
                }
            }
        }
        assertTrue(named > 0, "the officer sees the phone numbers of Tam Thăng's households");
        assertEquals(0, namedElsewhere, "and of no other commune");

        JsonNode geo = TestServer.json(server.get("/api/floods/" + flood + "/plan.geojson"));
        Map<String, Integer> types = new HashMap<>();
        geo.get("features").forEach(f -> types.merge(f.at("/geometry/type").asText(), 1, Integer::sum));
        assertEquals(plan.get("assigned").asInt(), types.getOrDefault("LineString", 0) + types.getOrDefault("MultiLineString", 0));
        assertEquals(plan.get("unassigned_households").size(), types.getOrDefault("Point", 0));
        assertFalse(geo.toString().contains("head_name"));

        JsonNode routes = TestServer.json(server.get("/api/floods/" + flood + "/plan/routes.geojson"));
        assertTrue(routes.get("features").size() > 10);

        HttpResponse<String> sheet = server.get("/api/floods/" + flood + "/plan/sheet?commune=" + TAM_THANG);
        assertEquals(200, sheet.statusCode());
        assertTrue(sheet.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(sheet.body().contains("Xã Tam Thăng") && sheet.body().contains("Tổng hợp của Ban chỉ huy") && sheet.body().contains("Gạo"));
        assertFalse(sheet.body().contains("000 "), "the anonymous sheet has no phone numbers");
        assertTrue(officer.get("/api/floods/" + flood + "/plan/sheet?commune=" + TAM_THANG).body().matches("(?s).*000 \\d{3} \\d{4}.*"));
        assertTrue(server.get("/api/floods/" + flood + "/plan/sheet").body().contains("sheet?commune=" + TAM_THANG));
    }

    @Test
    void thePlanOpensInExcelAndInGis() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("plan-files");
        JsonNode latest = TestServer.json(server.get("/api/floods/" + flood + "/plan"));   // other tests may have made a newer plan
        HttpResponse<byte[]> xlsx = server.getBytes("/api/floods/" + flood + "/plan.xlsx");
        assertEquals(200, xlsx.statusCode());
        assertEquals("PK", new String(xlsx.body(), 0, 2, java.nio.charset.StandardCharsets.US_ASCII), "an Office Open XML zip");
        java.nio.file.Path sheet = java.nio.file.Files.write(dir.resolve("plan.xlsx"), xlsx.body());
        assertEquals(latest.get("households").asInt(), featureCount(sheet), "one row per household, as in the CSV");
        HttpResponse<byte[]> gpkg = server.getBytes("/api/floods/" + flood + "/plan.gpkg");
        assertEquals(200, gpkg.statusCode());
        java.nio.file.Path gis = java.nio.file.Files.write(dir.resolve("plan.gpkg"), gpkg.body());
        assertEquals(latest.get("assigned").asInt() + latest.get("unassigned_households").size(), featureCount(gis), "routes and boat rescues");
        assertFalse(new String(gpkg.body(), java.nio.charset.StandardCharsets.UTF_8).matches("(?s).*000 \\d{3} \\d{4}.*"),
                "no phone numbers for anonymous users");
        assertEquals(200, server.getBytes("/api/coverage.xlsx?level=district").statusCode());
    }

    /** GDAL's own count of the features in a file's first layer. */
    private static int featureCount(java.nio.file.Path file) throws Exception {
        Process p = new ProcessBuilder("ogrinfo", "-so", "-al", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Feature Count: (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void badPlanRequestsAreRefused() {
        assertEquals(401, server.request("POST", "/api/floods/" + flood + "/plan", "{}", "Content-Type", "application/json").statusCode());
        Map<String, String> cases = Map.of(
                "{\"move\":[\"everyone\"]}", "move",
                "{\"radius_m\":5}", "radius_m",
                "{\"wade_m\":\"far\"}", "wade_m",
                "{\"overnight\":\"yes\"}", "overnight",
                "{\"fast\":true}", "fast");
        cases.forEach((body, parameter) -> {
            HttpResponse<String> r = officer.send("POST", "/api/floods/" + flood + "/plan", body);
            assertEquals(400, r.statusCode(), body);
            assertEquals(parameter, TestServer.json(r).get("parameter").asText());
        });
        assertEquals(404, officer.send("POST", "/api/floods/987654/plan", "{}").statusCode());
        int other = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-I\"}")).get("id").asInt();
        assertEquals(404, server.get("/api/floods/" + other + "/plan.csv").statusCode(), "no plan yet");
        assertEquals(400, server.get("/api/floods/" + flood + "/plan/sheet?commune=Tam%20Th%C4%83ng").statusCode());
    }

    @Test
    void anOvernightPlanUsesNightCapacities() {
        HttpResponse<String> r = officer.send("POST", "/api/floods/" + flood + "/plan", "{\"overnight\":true,\"move\":[\"flooded\"]}");
        assertEquals(201, r.statusCode(), r.body());
        int night = TestServer.json(r).get("id").asInt();
        assertEquals(0, Sql.count(url, """
                SELECT count(*) FROM (SELECT a.site_id, sum(h.members) AS people FROM evacuation_assignment a
                    JOIN household h ON h.id = a.household_id WHERE a.plan_id = ? AND a.site_id IS NOT NULL GROUP BY a.site_id) x
                JOIN evacuation_point p ON p.id = x.site_id WHERE x.people > p.capacity_night - p.occupancy - p.reserved""", night));
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_assignment WHERE plan_id = ? AND reason <> 'flooded'", night));
        assertEquals(night, TestServer.json(server.get("/api/floods/" + flood + "/plan")).get("id").asInt(), "the newest plan is the plan");
    }
}
