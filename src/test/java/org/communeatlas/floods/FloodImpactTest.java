package org.communeatlas.floods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.floods.impact.NeedsProfile;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flood events and their impact on the demo data, checked against counts made independently: PostGIS
 * over the whole flood polygon (no subdividing) for who is inside, and pgRouting's connected components for
 * who is cut off.
 */
class FloodImpactTest extends DemoServerTest {

    private static TestServer.Session officer;
    private static TestServer.Session admin;
    private static int levelThree;
    private static JsonNode impact;

    @BeforeAll
    static void createFlood() {
        Accounts.create(url, "impact-officer", Role.OFFICER, "20362");
        Accounts.create(url, "impact-admin", Role.ADMIN);
        officer = server.signIn("impact-officer", Accounts.PASSWORD);
        admin = server.signIn("impact-admin", Accounts.PASSWORD);
        HttpResponse<String> created = officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}");
        assertEquals(201, created.statusCode(), created.body());
        levelThree = TestServer.json(created).get("id").asInt();
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/floods/" + levelThree));
        // read as an admin: every count whole (the public's counts over fewer than 5 households read "< 5": PublicEdgeTest)
        HttpResponse<String> r = admin.get("/api/floods/" + levelThree + "/impact");
        assertEquals(200, r.statusCode(), r.body());
        impact = TestServer.json(r);
    }

    @Test
    void floodedHouseholdsEqualAPlainPostgisCount() {
        JsonNode t = impact.get("totals");
        String inside = "FROM household h JOIN flood_event e ON ST_Intersects(h.geom, e.geom) WHERE e.id = ?";
        long flooded = Sql.count(url, "SELECT count(*) " + inside, levelThree);
        assertTrue(flooded > 1000, "level III floods thousands of households: " + flooded);
        assertEquals(flooded, t.get("households_flooded").asLong());
        assertEquals(Sql.count(url, "SELECT sum(members) " + inside, levelThree), t.get("people_flooded").asLong());
        long roads = Sql.count(url, "SELECT count(*) FROM road r JOIN flood_event e ON ST_Intersects(r.geom, e.geom) WHERE e.id = ?", levelThree);
        assertEquals(roads, t.get("roads_flooded_edges").asLong());
    }

    /** Isolation recomputed with pgRouting's connected components over the dry, open roads. */
    @Test
    void isolatedHouseholdsEqualPgRoutingComponents() {
        String components = """
                WITH dry AS (SELECT r.id, r.source, r.target FROM road r WHERE r.is_open
                             AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(r.geom, e.geom))),
                cc AS (SELECT node, component FROM pgr_connectedComponents('SELECT id, source, target, 1.0 AS cost, 1.0 AS reverse_cost FROM road WHERE id IN (SELECT id FROM (' || $$%2$s$$ || ') d)')),
                comp AS (SELECT n.id AS node, coalesce(cc.component, -n.id) AS component FROM road_node n LEFT JOIN cc ON cc.node = n.id),
                safe AS (SELECT DISTINCT c.component FROM evacuation_point p JOIN comp c ON c.node = p.road_node_id
                         WHERE p.is_open AND p.kind <> 'solid_house'
                         AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(p.geom, e.geom)))
                SELECT %3$s FROM household h LEFT JOIN comp c ON c.node = h.road_node_id
                WHERE (c.component IS NULL OR c.component NOT IN (SELECT component FROM safe))
                AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(h.geom, e.geom))""";
        String dry = "SELECT r.id FROM road r WHERE r.is_open AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = " + levelThree
                + " AND ST_Intersects(r.geom, e.geom))";
        // a node that loses every edge is missing from pgRouting's answer: it is a component of its own
        long isolated = Sql.count(url, components.formatted(levelThree, dry, "count(*)"));
        long people = Sql.count(url, components.formatted(levelThree, dry, "coalesce(sum(h.members), 0)"));
        JsonNode t = impact.get("totals");
        assertTrue(isolated > 100, "level III isolates households: " + isolated);
        assertEquals(isolated, t.get("households_isolated").asLong());
        assertEquals(people, t.get("people_isolated").asLong());
    }

    /**
     * At level III the lowest ground is under water, the villages around it are cut off (dry, but every road out
     * is flooded) and the higher villages keep a dry road out: in each of the three communes some villages have
     * isolated households, and the households the flood leaves alone stand higher than the isolated ones.
     */
    @Test
    void lowVillagesOfTheThreeCommunesAreCutOffAndHigherOnesAreNot() {
        JsonNode points = TestServer.json(server.get("/api/floods/" + levelThree + "/households.geojson"));
        Set<Long> isolatedIds = new HashSet<>();
        Set<Long> concerned = new HashSet<>();
        for (JsonNode f : points.get("features")) {
            concerned.add(f.get("id").asLong());
            if (f.at("/properties/impact").asText().equals("isolated")) {
                isolatedIds.add(f.get("id").asLong());
            }
        }
        Long[] isolated = isolatedIds.toArray(new Long[0]);
        Long[] touched = concerned.toArray(new Long[0]);
        for (String code : List.of("20362", "20371", "20359")) { // Tam Thăng, Tam Phú, Tam Thanh
            long villagesCutOff = 0;
            for (JsonNode v : impact.get("villages")) {
                if (v.get("commune_code").asText().equals(code) && v.get("households_isolated").asLong() > 0) {
                    villagesCutOff++;
                }
            }
            assertTrue(villagesCutOff >= 2, code + ": villages with isolated households: " + villagesCutOff);
            String commune = "FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id "
                    + "WHERE c.code = ? AND c.level = 'commune' AND ";
            double low = ((Number) Sql.scalar(url, "SELECT avg(h.ground_elevation_m) " + commune + "h.id = ANY (?)", code, isolated)).doubleValue();
            long untouched = Sql.count(url, "SELECT count(*) " + commune + "NOT (h.id = ANY (?))", code, touched);
            double high = ((Number) Sql.scalar(url, "SELECT avg(h.ground_elevation_m) " + commune + "NOT (h.id = ANY (?))", code, touched)).doubleValue();
            assertTrue(untouched > 50, code + ": households the flood leaves alone: " + untouched);
            assertTrue(high > low + 0.3, code + ": untouched households stand at " + high + " m on average, isolated ones at " + low + " m");
        }
    }

    @Test
    void villageAndCommuneRowsAddUpToTheTotals() {
        for (String level : List.of("villages", "communes")) {
            long flooded = 0, isolated = 0, elderly = 0;
            for (JsonNode row : impact.get(level)) {
                flooded += row.get("households_flooded").asLong();
                isolated += row.get("people_isolated").asLong();
                elderly += row.at("/vulnerable/elderly").asLong();
            }
            JsonNode t = impact.get("totals");
            assertEquals(t.get("households_flooded").asLong(), flooded, level);
            assertEquals(t.get("people_isolated").asLong(), isolated, level);
            assertEquals(t.at("/vulnerable/elderly").asLong(), elderly, level);
        }
        long elderly = Sql.count(url, "SELECT sum(h.elderly) FROM household h JOIN flood_event e ON ST_Intersects(h.geom, e.geom) WHERE e.id = ?",
                levelThree);
        assertTrue(impact.at("/totals/vulnerable/elderly").asLong() >= elderly, "the elderly of flooded households are all counted");
    }

    @Test
    void weeklyNeedsAreThePeopleTimesTheProfileRoundedUp() {
        long people = impact.at("/totals/people_affected").asLong();
        Map<String, JsonNode> needs = new HashMap<>();
        impact.at("/totals/needs").forEach(n -> needs.put(n.get("code").asText(), n));
        assertEquals(5, needs.size());
        assertEquals(new BigDecimal("2.8").multiply(BigDecimal.valueOf(people)).setScale(0, java.math.RoundingMode.CEILING).longValue(),
                needs.get("rice").get("quantity").asLong());
        assertEquals((long) Math.ceil(people * 0.05), needs.get("toilet").get("quantity").asLong());
        // InaSAFE's worked example: 6,000 evacuees for a week
        NeedsProfile.Item rice = new NeedsProfile.Item("rice", "Gạo", "Rice", "kg", new BigDecimal("2.8"), "weekly");
        NeedsProfile.Item water = new NeedsProfile.Item("drinking_water", "Nước uống", "Drinking water", "l", new BigDecimal("17.5"), "weekly");
        NeedsProfile.Item clean = new NeedsProfile.Item("clean_water", "Nước sinh hoạt", "Clean water", "l", new BigDecimal("67"), "weekly");
        NeedsProfile.Item kits = new NeedsProfile.Item("family_kit", "Bộ dụng cụ gia đình", "Family kits", "kit", new BigDecimal("0.2"), "weekly");
        NeedsProfile.Item toilets = new NeedsProfile.Item("toilet", "Nhà vệ sinh", "Toilets", "unit", new BigDecimal("0.05"), "once");
        assertEquals(List.of(16_800L, 105_000L, 402_000L, 1_200L, 300L),
                List.of(rice.quantity(6000), water.quantity(6000), clean.quantity(6000), kits.quantity(6000), toilets.quantity(6000)));
        assertEquals(3L, rice.quantity(1), "2.8 kg for one person is bought as 3");
    }

    @Test
    void adminsEditTheNeedsProfileAndOthersMayNot() {
        String body = "{\"items\":[{\"code\":\"rice\",\"per_person\":3.5}]}";
        assertEquals(401, server.request("PUT", "/api/needs-profile", body, "Content-Type", "application/json").statusCode());
        assertEquals(403, officer.send("PUT", "/api/needs-profile", body).statusCode());
        HttpResponse<String> bad = admin.send("PUT", "/api/needs-profile", "{\"items\":[{\"code\":\"rice\",\"per_person\":3.5},{\"code\":\"caviar\",\"per_person\":1}]}");
        assertEquals(400, bad.statusCode());
        assertEquals("2.800", Sql.scalar(url, "SELECT per_person::text FROM needs_item WHERE code = 'rice'"), "nothing written on a bad item");
        try {
            assertEquals(200, admin.send("PUT", "/api/needs-profile", body).statusCode());
            JsonNode after = TestServer.json(server.get("/api/floods/" + levelThree + "/impact"));
            long people = after.at("/totals/people_affected").asLong();
            long rice = 0;
            for (JsonNode n : after.at("/totals/needs")) {
                if (n.get("code").asText().equals("rice")) {
                    rice = n.get("quantity").asLong();
                }
            }
            assertEquals((long) Math.ceil(people * 3.5), rice);
            assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'needs_profile'"));
        } finally {
            Sql.update(url, "UPDATE needs_item SET per_person = 2.8 WHERE code = 'rice'");
        }
    }

    @Test
    void floodsFromDrawnAndUploadedPolygons() {
        String square = "{\"type\":\"Polygon\",\"coordinates\":[[[108.47,15.55],[108.50,15.55],[108.50,15.58],[108.47,15.58],[108.47,15.55]]]}";
        HttpResponse<String> drawn = officer.send("POST", "/api/floods", "{\"geometry\":" + square + ",\"name\":\"Ngập vẽ thử\",\"source\":\"drawn\","
                + "\"water_level_m\":2.5}");
        assertEquals(201, drawn.statusCode(), drawn.body());
        JsonNode event = TestServer.json(drawn);
        assertEquals("drawn", event.get("source").asText());
        assertEquals("Ngập vẽ thử", event.get("name").asText());
        JsonNode drawnImpact = TestServer.json(server.get("/api/floods/" + event.get("id").asInt() + "/impact"));
        assertEquals(Sql.count(url, "SELECT count(*) FROM household WHERE ST_Intersects(geom, ST_MakeEnvelope(108.47, 15.55, 108.50, 15.58, 4326))"),
                drawnImpact.at("/totals/households_flooded").asLong());
        String collection = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":" + square + "}]}";
        HttpResponse<String> uploaded = officer.send("POST", "/api/floods", collection);
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertEquals("upload", TestServer.json(uploaded).get("source").asText());
        // a bow-tie is repaired by PostGIS, not refused
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[108.47,15.55],[108.50,15.58],[108.50,15.55],[108.47,15.58],[108.47,15.55]]]}";
        assertEquals(201, officer.send("POST", "/api/floods", bowtie).statusCode());
    }

    @Test
    void badFloodsAreRefusedByName() {
        assertEquals(401, server.request("POST", "/api/floods", "{\"scenario\":\"TK-III\"}", "Content-Type", "application/json").statusCode());
        Map<String, String> cases = Map.of(
                "{\"scenario\":\"TK-IX\"}", "scenario",
                "{\"type\":\"Point\",\"coordinates\":[108.5,15.5]}", "geometry",
                "{\"type\":\"Polygon\",\"coordinates\":[[[15.55,108.47],[15.55,108.50],[15.58,108.50],[15.55,108.47]]]}", "geometry",
                "{\"type\":\"Polygon\",\"coordinates\":[[[108.47,15.55],[108.5]]]}", "geometry",
                "{\"type\":\"Polygon\",\"coordinates\":[[[100,0],[120,0],[120,30],[100,0]]]}", "geometry",
                "{\"scenario\":\"TK-III\",\"water_level_m\":\"high\"}", "water_level_m",
                "{\"scenario\":\"TK-III\",\"colour\":\"blue\"}", "colour");
        long before = Sql.count(url, "SELECT count(*) FROM flood_event");
        cases.forEach((body, parameter) -> {
            HttpResponse<String> r = officer.send("POST", "/api/floods", body);
            assertEquals(400, r.statusCode(), body + " → " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals(parameter, TestServer.json(r).get("parameter").asText(), r.body());
        });
        HttpResponse<String> swapped = officer.send("POST", "/api/floods",
                "{\"type\":\"Polygon\",\"coordinates\":[[[15.55,108.47],[15.55,108.50],[15.58,108.50],[15.55,108.47]]]}");
        assertTrue(swapped.body().contains("swapped"), swapped.body());
        assertEquals(before, Sql.count(url, "SELECT count(*) FROM flood_event"), "nothing written");
        assertEquals(404, server.get("/api/floods/999999/impact").statusCode());
        assertEquals(400, server.get("/api/floods/abc/impact").statusCode());
        assertEquals(400, server.get("/api/floods/" + levelThree + "/impact?depth=1").statusCode());
    }

    @Test
    void affectedHouseholdsAsGeoJsonCarryNothingPersonal() {
        HttpResponse<String> r = server.get("/api/floods/" + levelThree + "/households.geojson");
        assertEquals(200, r.statusCode());
        JsonNode fc = TestServer.json(r);
        JsonNode t = impact.get("totals");
        // the public sees the households the water reaches or cuts off; a weak house nearby is its class, so officers only
        assertEquals(t.get("households_affected").asLong(), fc.get("features").size());
        JsonNode first = fc.get("features").get(0).get("properties");
        assertFalse(first.has("head_name") || first.has("phone") || first.has("elderly") || first.has("code") || first.has("depth_m"),
                first.toString());
        Set<String> impacts = new HashSet<>();
        fc.get("features").forEach(f -> impacts.add(f.at("/properties/impact").asText()));
        assertEquals(Set.of("flooded", "isolated"), impacts);
        JsonNode all = TestServer.json(admin.get("/api/floods/" + levelThree + "/households.geojson"));
        assertEquals(t.get("households_affected").asLong() + t.at("/weak_houses_nearby/households").asLong(), all.get("features").size());
        Set<String> allImpacts = new HashSet<>();
        all.get("features").forEach(f -> allImpacts.add(f.at("/properties/impact").asText()));
        assertEquals(Set.of("flooded", "isolated", "weak_house"), allImpacts);
    }
}
