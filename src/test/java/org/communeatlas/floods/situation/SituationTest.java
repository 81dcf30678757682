package org.communeatlas.floods.situation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The situation board after a sequence of check-ins and calls for help equals what SQL counts on its own: flooded
 * households by PostGIS, cut-off ones by pgRouting's components of the dry open roads, sheltered ones by their status,
 * people at each site by its occupancy, the day's rice by the needs profile.
 */
class SituationTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static int flood;

    /** Every household the flood puts at risk: inside it, or at a road node whose dry component has no open dry public site. */
    private static final String AT_RISK = """
            WITH cc AS (SELECT node, component FROM pgr_connectedComponents(
                    'SELECT r.id, r.source, r.target, 1.0 AS cost, 1.0 AS reverse_cost FROM road r WHERE r.is_open AND NOT EXISTS '
                    || '(SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(r.geom, e.geom))')),
            comp AS (SELECT n.id AS node, coalesce(cc.component, -n.id) AS component FROM road_node n LEFT JOIN cc ON cc.node = n.id),
            served AS (SELECT DISTINCT c.component FROM evacuation_point p JOIN comp c ON c.node = p.road_node_id
                       WHERE p.is_open AND p.kind <> 'solid_house'
                         AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(p.geom, e.geom))),
            risk AS (SELECT h.* FROM household h LEFT JOIN comp c ON c.node = h.road_node_id
                     WHERE EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %1$d AND ST_Intersects(h.geom, e.geom))
                        OR c.component IS NULL OR c.component NOT IN (SELECT component FROM served))
            """;

    @BeforeAll
    static void floodAndCheckIns() {
        Accounts.create(url, "board-officer", Role.OFFICER, TAM_THANG);
        officer = server.signIn("board-officer", Accounts.PASSWORD);
        flood = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
    }

    @Test
    void theBoardEqualsIndependentCountsAfterCheckIns() {
        // five households of Tam Thăng at risk are checked in at a site of the commune with room; one leaves again
        List<List<Object>> atRisk = Sql.rows(url, AT_RISK.formatted(flood) + "SELECT id, members FROM risk WHERE commune_code = ? "
                + "AND status NOT IN ('evacuated', 'supplied') ORDER BY id LIMIT 5", TAM_THANG);
        assertEquals(5, atRisk.size());
        int site = ((Number) Sql.scalar(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id AND a.code = ? "
                + "WHERE p.is_open AND p.kind <> 'solid_house' AND p.capacity_day - p.occupancy - p.reserved >= 60 ORDER BY p.id LIMIT 1", TAM_THANG))
                .intValue();
        for (List<Object> h : atRisk) {
            HttpResponse<String> r = officer.send("PATCH", "/api/households/" + h.get(0), "{\"status\": \"evacuated\", \"site_id\": " + site + "}");
            assertEquals(200, r.statusCode(), r.body());
        }
        assertEquals(200, officer.send("PATCH", "/api/households/" + atRisk.get(4).get(0), "{\"status\": \"at_risk\"}").statusCode());
        // two calls for help, the second a repeat of the first
        String call = String.format(Locale.ROOT, "{\"flood\": %d, \"phone\": \"0935111222\", \"people\": 3, \"lon\": 108.47, \"lat\": 15.55}", flood);
        assertEquals(201, officer.send("POST", "/api/sos", call).statusCode());
        assertEquals(201, officer.send("POST", "/api/sos", call).statusCode());

        JsonNode board = TestServer.json(server.get("/api/floods/" + flood + "/situation"));
        String risk = AT_RISK.formatted(flood);
        JsonNode total = board.get("total");
        assertEquals(Sql.count(url, risk + "SELECT count(*) FROM risk WHERE status NOT IN ('evacuated', 'supplied')"),
                total.get("at_risk_households").asLong(), total.toString());
        assertEquals(Sql.count(url, risk + "SELECT sum(members) FROM risk WHERE status NOT IN ('evacuated', 'supplied')"),
                total.get("at_risk_people").asLong());
        assertEquals(Sql.count(url, risk + "SELECT count(*) FROM risk WHERE status IN ('evacuated', 'supplied')"),
                total.get("sheltered_households").asLong());
        assertTrue(total.get("sheltered_households").asInt() >= 4);
        JsonNode tamThang = null;
        for (JsonNode c : board.get("communes")) {
            if (c.get("code").asText().equals(TAM_THANG)) {
                tamThang = c;
            }
        }
        assertTrue(tamThang != null, board.get("communes").toString());
        assertEquals(Sql.count(url, risk + "SELECT count(*) FROM risk WHERE commune_code = ? AND status NOT IN ('evacuated', 'supplied')", TAM_THANG),
                tamThang.get("at_risk_households").asLong());
        assertEquals(Sql.count(url, risk + "SELECT count(*) FROM risk WHERE commune_code = ? AND status IN ('evacuated', 'supplied')", TAM_THANG),
                tamThang.get("sheltered_households").asLong());
        // each family's call once
        assertEquals(1, board.at("/sos/open").asInt());
        assertEquals(1, board.at("/sos/duplicates").asInt());
        // the site: its people now, and the day's rice for them (2.8 kg a week each)
        JsonNode shown = null;
        for (JsonNode s : board.get("sites")) {
            if (s.get("id").asInt() == site) {
                shown = s;
            }
        }
        assertTrue(shown != null);
        long people = Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", site);
        assertEquals(people, shown.get("occupancy").asLong());
        long rice = (long) Math.ceil(Sql.count(url, "SELECT per_person * 1000 FROM needs_item WHERE code = 'rice'") * people / 7000.0);
        assertEquals(rice, shown.get("per_day").get(0).get("quantity").asLong(), shown.toString());
        assertEquals(Sql.count(url, "SELECT sum(members) FROM household WHERE site_id = ?", site), people);

        System.out.printf("situation of flood %d: %d households (%d people) still at risk, %d sheltered, %d communes, %d sites, SOS open %d%n",
                flood, total.get("at_risk_households").asInt(), total.get("at_risk_people").asInt(), total.get("sheltered_households").asInt(),
                board.get("communes").size(), board.get("sites").size(), board.at("/sos/open").asInt());
        HttpResponse<byte[]> xlsx = server.getBytes("/api/floods/" + flood + "/situation.xlsx");
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.body().length > 1000 && xlsx.body()[0] == 'P' && xlsx.body()[1] == 'K', "an Excel (zip) file");
        // two sheets, and the counts in them are numbers (GDAL, an outside reader, says what each column holds)
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("situation", ".xlsx");
            java.nio.file.Files.write(file, xlsx.body());
            String info = org.communeatlas.db.ProcessResult.run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()), java.time.Duration.ofMinutes(1))
                    .output();
            java.nio.file.Files.delete(file);
            assertTrue(info.contains("Layer name: Tình hình") && info.contains("Layer name: Điểm sơ tán"), info);
            assertTrue(info.contains("Hộ còn nguy hiểm: Integer") && info.contains("Sức chứa ngày: Integer"), info);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(!server.get("/api/floods/" + flood + "/situation").body().contains("0935111222"), "no phone on the public board");
        timelineHasEveryEventInOrder();
    }

    /** The after-action timeline: the flood, the six check-ins and the two calls, oldest first, with who did them. */
    private void timelineHasEveryEventInOrder() {
        assertEquals(401, server.get("/api/floods/" + flood + "/timeline").statusCode());
        JsonNode timeline = TestServer.json(officer.get("/api/floods/" + flood + "/timeline"));
        java.util.Map<String, Integer> actions = new java.util.TreeMap<>();
        String last = "";
        for (JsonNode e : timeline) {
            actions.merge(e.get("action").asText(), 1, Integer::sum);
            assertTrue(e.get("at").asText().compareTo(last) >= 0, "in time order");
            last = e.get("at").asText();
            assertEquals("board-officer", e.get("username").asText());
            if (e.get("action").asText().equals("household_status")) {
                assertTrue(!e.get("after").has("site_id"), "where a family is sheltered stays in the audit log: " + e);
            }
        }
        assertEquals(java.util.Map.of("flood_create", 1, "household_status", 6, "sos_create", 2), actions, timeline.toString());
        assertEquals("flood_create", timeline.get(0).get("action").asText());
        HttpResponse<String> csv = officer.get("/api/floods/" + flood + "/timeline.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("\uFEFF"), "a byte-order mark: Excel reads the Vietnamese as UTF-8");
        assertEquals(10, csv.body().strip().split("\n").length, csv.body());
    }

    /** The models as on-the-spot forces: every village at risk, its active groups as SQL finds them, the uncovered flagged. */
    @Test
    void theModelsAreListedAsOnTheSpotForces() {
        JsonNode forces = TestServer.json(server.get("/api/floods/" + flood + "/forces"));
        String risk = AT_RISK.formatted(flood);
        assertEquals(Sql.count(url, risk + "SELECT count(DISTINCT village_id) FROM risk"), forces.get("villages").asLong());
        String groups = "SELECT count(*) FROM adoption a JOIN model m ON m.id = a.model_id JOIN village v ON v.id = a.village_id "
                + "WHERE v.code = ? AND a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on > current_date) "
                + "AND (m.sector = 'defence_security' OR atlas_fold(m.name || ' ' || m.host) ~ 'tu quan|an ninh|xung kich|thanh nien|tuan tra|thien tai|cuu ho|phong chay')";
        int withGroups = 0;
        int flagged = 0;
        for (JsonNode v : forces.get("affected")) {
            String code = v.get("code").asText();
            assertEquals(Sql.count(url, groups, code), v.get("groups").size(), code);
            withGroups += v.get("groups").isEmpty() ? 0 : 1;
            if (v.get("needs_force").asBoolean()) {
                flagged++;
                assertTrue(v.get("groups").isEmpty() && v.get("at_risk_vulnerable_people").asInt() > 0, v.toString());
            }
        }
        assertEquals(flagged, forces.get("villages_without_force").asInt());
        assertTrue(withGroups > 0, "some villages have groups on the spot");
        JsonNode first = forces.get("affected").get(0);
        assertTrue(first.get("at_risk_vulnerable_people").asInt() >= forces.get("affected").get(1).get("at_risk_vulnerable_people").asInt());
        System.out.printf("on-the-spot forces: %d villages at risk, %d with a group on the spot, %d with vulnerable people and none%n",
                forces.get("villages").asInt(), withGroups, flagged);
    }
}
