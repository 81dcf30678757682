package org.communeatlas.households;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A household's card, {@code GET /api/households/{id}}: where it is for everyone; who lives there, and the sites with
 * room to check it in at, only for the officers of its commune and admins; what the newest plan says for it.
 */
class HouseholdCardTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";

    @Test
    void everyoneSeesWhereAndHowManyOnlyItsOfficersSeeWhoAndWhere() {
        Accounts.create(url, "card.officer", Role.OFFICER, TAM_THANG);
        Accounts.create(url, "card.elsewhere", Role.OFFICER, "20371");
        // a household of Tam Thăng with a name and a phone
        List<Object> h = Sql.rows(url, "SELECT h.id, h.code, v.name, h.members FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit c ON c.id = v.commune_id WHERE c.code = ? AND h.head_name IS NOT NULL AND h.phone IS NOT NULL "
                + "ORDER BY h.id LIMIT 1", TAM_THANG).get(0);
        long id = ((Number) h.get(0)).longValue();

        for (TestServer.Session who : new TestServer.Session[] {null, server.signIn("card.elsewhere", Accounts.PASSWORD)}) {
            HttpResponse<String> r = who == null ? server.get("/api/households/" + id) : who.get("/api/households/" + id);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode card = TestServer.json(r);
            assertEquals(h.get(2), card.get("village_name").asText());
            assertEquals(TAM_THANG, card.get("commune_code").asText());
            assertEquals(((Number) h.get(3)).intValue(), card.get("members").asInt());
            assertFalse(card.get("can_change").asBoolean());
            assertFalse(card.has("personal"), r.body());
            assertFalse(card.has("sites"), r.body());
            assertFalse(r.body().contains((String) h.get(1)), "no household code");
            assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        }

        TestServer.Session officer = server.signIn("card.officer", Accounts.PASSWORD);
        HttpResponse<String> r = officer.get("/api/households/" + id);
        assertEquals("private, no-store", r.headers().firstValue("Cache-Control").orElse(""));
        JsonNode card = TestServer.json(r);
        assertTrue(card.get("can_change").asBoolean());
        assertEquals(h.get(1), card.at("/personal/code").asText());
        assertFalse(card.at("/personal/head_name").asText().isBlank());
        JsonNode sites = card.get("sites");
        assertTrue(sites.size() > 0, "sites with room offered");
        int members = card.get("members").asInt();
        Set<Integer> ids = new HashSet<>();
        boolean otherCommuneSeen = false;
        double lastOwnDistance = -1;
        for (JsonNode s : sites) {
            assertTrue(ids.add(s.get("id").asInt()), "each site once");
            assertTrue(s.get("available").asInt() >= members, "room for the whole family: " + s);
            // the officer's own commune only, its nearest first
            assertEquals(TAM_THANG, s.get("commune_code").asText());
            assertTrue(s.get("own_commune").asBoolean());
            assertFalse(otherCommuneSeen);
            assertTrue(s.get("distance_m").asDouble() >= lastOwnDistance, "nearest first");
            lastOwnDistance = s.get("distance_m").asDouble();
            if (s.get("kind").asText().equals("solid_house")) {
                // a family's solid house takes in its own village only
                assertEquals(card.get("village_code").asText(), Sql.scalar(url,
                        "SELECT v.code FROM evacuation_point p JOIN village v ON v.id = p.village_id WHERE p.id = ?", s.get("id").asInt()));
            }
        }
        long full = Sql.count(url, "SELECT count(*) FROM evacuation_point p JOIN admin_unit c ON c.id = p.commune_id "
                + "WHERE c.code = ? AND (NOT p.is_open OR p.capacity_day - p.occupancy - p.reserved < ?)", TAM_THANG, members);
        System.out.println("card of household " + id + ": " + sites.size() + " sites offered; " + full + " of Tam Thăng's sites closed or without room");
    }

    @Test
    void theCardSaysWhatTheNewestPlanDoes() {
        Accounts.create(url, "card.planner", Role.OFFICER, TAM_THANG);
        TestServer.Session officer = server.signIn("card.planner", Accounts.PASSWORD);
        int flood = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        assertEquals(201, officer.send("POST", "/api/floods/" + flood + "/plan", "{}").statusCode());
        List<Object> placed = Sql.rows(url, "SELECT a.household_id, s.name, a.distance_m FROM evacuation_assignment a JOIN evacuation_plan p ON p.id = a.plan_id "
                + "JOIN evacuation_point s ON s.id = a.site_id WHERE p.flood_id = ? ORDER BY a.household_id LIMIT 1", flood).get(0);
        JsonNode card = TestServer.json(server.get("/api/households/" + placed.get(0)));
        assertEquals(flood, card.at("/plan/flood_id").asInt());
        assertEquals(placed.get(1), card.at("/plan/site_name").asText());
        // the card's distance is the plan's own, to the metre
        assertEquals(((Number) placed.get(2)).doubleValue(), card.at("/plan/distance_m").asDouble(), 1.0, card.get("plan").toString());
        List<Object> boat = Sql.rows(url, "SELECT a.household_id, a.unassigned FROM evacuation_assignment a JOIN evacuation_plan p ON p.id = a.plan_id "
                + "WHERE p.flood_id = ? AND a.site_id IS NULL ORDER BY a.household_id LIMIT 1", flood).get(0);
        JsonNode unplaced = TestServer.json(server.get("/api/households/" + boat.get(0)));
        assertTrue(unplaced.at("/plan/site_id").isNull());
        assertEquals(boat.get(1), unplaced.at("/plan/unassigned").asText());
    }

    @Test
    void badIdsAreClearErrors() {
        HttpResponse<String> missing = server.get("/api/households/999999999");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        HttpResponse<String> word = server.get("/api/households/abc");
        assertEquals(400, word.statusCode());
        assertEquals("id", TestServer.json(word).get("parameter").asText());
        assertEquals(400, server.get("/api/households/1?site=2").statusCode(), "unknown parameters are refused");
    }
}
