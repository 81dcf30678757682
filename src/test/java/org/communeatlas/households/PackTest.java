package org.communeatlas.households;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commune pack carries the current flood — which of the commune's households it floods (as PostGIS finds them
 * in its water) or cuts off (as the map's analysis says), and where the newest plan sends each (as the plan's rows
 * say) — and the officers' notes on families, which are personal: written offline like a status change (once,
 * on the version they were made on), shown only to those who see the family's name, audited without their words.
 */
class PackTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static int flood;
    private static int plan;

    @BeforeAll
    static void floodAndPlan() {
        Accounts.create(url, "pack-officer", Role.OFFICER, TAM_THANG);
        officer = server.signIn("pack-officer", Accounts.PASSWORD);
        flood = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        HttpResponse<String> p = officer.send("POST", "/api/floods/" + flood + "/plan", "{}");
        assertEquals(201, p.statusCode(), p.body());
        plan = ((Number) Sql.scalar(url, "SELECT max(id) FROM evacuation_plan WHERE flood_id = ?", flood)).intValue();
    }

    private static JsonNode pack() {
        return TestServer.json(officer.get("/api/pack?commune=" + TAM_THANG));
    }

    @Test
    void thePackCarriesTheCurrentFloodAndItsPlanForEachHousehold() {
        JsonNode pack = pack();
        assertEquals(flood, pack.at("/flood/id").asInt());
        assertEquals(plan, pack.at("/flood/plan_id").asInt());
        Set<Long> flooded = new HashSet<>();
        Set<Long> isolated = new HashSet<>();
        Map<Long, Integer> planned = new HashMap<>();
        for (JsonNode h : pack.get("households")) {
            String impact = h.get("impact").isNull() ? null : h.get("impact").asText();
            if ("flooded".equals(impact)) {
                flooded.add(h.get("id").asLong());
                assertTrue(h.get("depth_m").isNull() || h.get("depth_m").asDouble() >= 0);
            } else if ("isolated".equals(impact)) {
                isolated.add(h.get("id").asLong());
            }
            if (!h.get("plan_site_id").isNull()) {
                planned.put(h.get("id").asLong(), h.get("plan_site_id").asInt());
            }
        }
        Set<Long> inWater = new HashSet<>(Sql.longs(url, "SELECT h.id FROM household h JOIN flood_event e ON e.id = ? AND ST_Intersects(h.geom, e.geom) "
                + "WHERE h.commune_id = (SELECT id FROM admin_unit WHERE code = ? AND level = 'commune' AND valid_to = '2025-07-01')", flood, TAM_THANG));
        assertTrue(inWater.size() > 10, "TK-III floods Tam Thăng: " + inWater.size());
        assertEquals(inWater, flooded, "the households in the water, as PostGIS finds them");
        Set<Long> cutOff = new HashSet<>();
        for (JsonNode f : TestServer.json(server.get("/api/floods/" + flood + "/households.geojson")).get("features")) {
            if (f.at("/properties/impact").asText().equals("isolated")) {
                cutOff.add(f.get("id").asLong());
            }
        }
        cutOff.retainAll(new HashSet<>(Sql.longs(url, "SELECT h.id FROM household h JOIN admin_unit c ON c.id = h.commune_id WHERE c.code = ?", TAM_THANG)));
        assertEquals(cutOff, isolated, "the households cut off, as the map shows them");
        List<List<Object>> rows = Sql.rows(url, "SELECT a.household_id, a.site_id FROM evacuation_assignment a JOIN household h ON h.id = a.household_id "
                + "JOIN admin_unit c ON c.id = h.commune_id WHERE a.plan_id = ? AND c.code = ? AND a.site_id IS NOT NULL", plan, TAM_THANG);
        assertFalse(rows.isEmpty());
        for (List<Object> r : rows) {
            assertEquals(((Number) r.get(1)).intValue(), planned.get(((Number) r.get(0)).longValue()), "household " + r.get(0));
        }
        assertEquals(rows.size(), planned.size());
        System.out.printf("Tam Thăng's pack at TK-III: %d households in the water, %d cut off, %d placed by plan %d%n",
                flooded.size(), isolated.size(), planned.size(), plan);
    }

    @Test
    void aRefreshBringsOnlyWhatChangedSinceThePackAndEverythingWhenThePlanChanged() {
        // the demo was loaded a moment ago: its rows are dated an hour back (with the touch trigger off, as a restore would)
        Sql.update(url, "SET session_replication_role = replica; UPDATE household SET updated_at = now() - interval '1 hour'; "
                + "SET session_replication_role = origin");
        JsonNode first = pack();
        assertFalse(first.get("partial").asBoolean());
        int all = first.get("households").size();
        String version = first.get("version").asText();
        List<Long> two = Sql.longs(url, "SELECT h.id FROM household h JOIN admin_unit c ON c.id = h.commune_id WHERE c.code = ? "
                + "AND h.status = 'safe' ORDER BY h.id DESC LIMIT 2", TAM_THANG);
        assertEquals(200, patch(two.get(0), "{\"status\": \"at_risk\"}").statusCode());
        // a change made outside the server (a data load, psql) moves the row's time too
        Sql.update(url, "UPDATE household SET members = members + 1 WHERE id = ?", two.get(1));
        HttpResponse<String> r = officer.get("/api/pack?commune=" + TAM_THANG + "&since=" + version);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode delta = TestServer.json(r);
        assertTrue(delta.get("partial").asBoolean());
        Set<Long> changed = new HashSet<>();
        delta.get("households").forEach(h -> changed.add(h.get("id").asLong()));
        assertTrue(changed.containsAll(two), "both changes: " + changed);
        assertTrue(changed.size() < all / 10, "only what changed: " + changed.size() + " of " + all);
        assertEquals(first.get("sites").size(), delta.get("sites").size(), "every site (a handful)");
        System.out.printf("pack refresh: %d of %d households, %,d bytes (the whole pack %,d)%n", changed.size(), all, r.body().length(),
                officer.get("/api/pack?commune=" + TAM_THANG).body().length());
        // a new plan moves where families go: the refresh brings them all
        assertEquals(201, officer.send("POST", "/api/floods/" + flood + "/plan", "{}").statusCode());
        JsonNode replanned = TestServer.json(officer.get("/api/pack?commune=" + TAM_THANG + "&since=" + delta.get("version").asText()));
        assertFalse(replanned.get("partial").asBoolean());
        assertEquals(all, replanned.get("households").size());
        HttpResponse<String> bad = officer.get("/api/pack?commune=" + TAM_THANG + "&since=yesterday");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("since"), bad.body());
    }

    @Test
    void aNoteIsWrittenOnceShownOnlyToThoseWhoSeeTheFamilyAndAuditedWithoutItsWords() {
        long h = Sql.longs(url, "SELECT h.id FROM household h JOIN admin_unit c ON c.id = h.commune_id WHERE c.code = ? ORDER BY h.id LIMIT 1", TAM_THANG)
                .get(0);
        String etag = officer.get("/api/households/" + h).headers().firstValue("ETag").orElseThrow();
        String key = UUID.randomUUID().toString();
        String body = "{\"note\": \"Bà cụ 92 tuổi, cần cáng khi sơ tán\"}";
        HttpResponse<String> first = patch(h, body, "Idempotency-Key", key, "If-Match", etag);
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> again = patch(h, body, "Idempotency-Key", key, "If-Match", etag);
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'household_note' AND entity_id = ?", String.valueOf(h)));
        assertFalse(String.valueOf(Sql.scalar(url, "SELECT after::text FROM audit_log WHERE action = 'household_note' AND entity_id = ?",
                String.valueOf(h))).contains("cáng"));
        assertEquals("Bà cụ 92 tuổi, cần cáng khi sơ tán", TestServer.json(officer.get("/api/households/" + h)).at("/personal/note").asText());
        String anonymous = server.get("/api/households/" + h).body();
        assertFalse(anonymous.contains("cáng") || anonymous.contains("personal"), anonymous);
        boolean packed = false;
        for (JsonNode x : pack().get("households")) {
            if (x.get("id").asLong() == h) {
                assertEquals("Bà cụ 92 tuổi, cần cáng khi sơ tán", x.get("note").asText());
                packed = true;
            }
        }
        assertTrue(packed);
        // the note was made on a version that is gone now: a second note on it is refused, not written over
        assertEquals(412, patch(h, "{\"note\": \"khác\"}", "If-Match", etag).statusCode());
        HttpResponse<String> both = patch(h, "{\"status\": \"safe\", \"note\": \"x\"}");
        assertEquals(400, both.statusCode());
        assertTrue(both.body().contains("note"), both.body());
        HttpResponse<String> longNote = patch(h, "{\"note\": \"" + "x".repeat(501) + "\"}");
        assertEquals(400, longNote.statusCode());
        assertTrue(longNote.body().contains("note"));
        // "" clears it
        assertEquals(200, patch(h, "{\"note\": \"\"}").statusCode());
        assertNull(Sql.scalar(url, "SELECT note FROM household WHERE id = ?", h));
    }

    private static HttpResponse<String> patch(long household, String body, String... headers) {
        return officer.send("PATCH", "/api/households/" + household, body, headers);
    }
}
