package org.communeatlas.floods.closures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.EventStream;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An officer closes the only dry road out of a group of households during the alarm-level-III flood: they are newly cut
 * off, the answer lists them, a stable re-plan moves only them (every other family keeps its site), and opening the road
 * reconnects them. Checked against the plans' rows and pgRouting's view of the network.
 */
// the first plan is the newest when the first closure is made; the test that re-plans twice more comes last
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoadClosureTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session admin;
    private static int flood;
    private static int firstPlan;

    @BeforeAll
    static void floodAndPlan() {
        Accounts.create(url, "closure-admin", Role.ADMIN);
        Accounts.create(url, "closure-officer", Role.OFFICER, TAM_THANG);
        admin = server.signIn("closure-admin", Accounts.PASSWORD);
        flood = TestServer.json(admin.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        HttpResponse<String> r = admin.send("POST", "/api/floods/" + flood + "/plan", "{}");
        assertEquals(201, r.statusCode(), r.body());
        firstPlan = TestServer.json(r).get("id").asInt();
    }

    /**
     * A node at the end of a dry dead-end road where households the first plan placed live (not in the water, no site
     * there): the road is their only dry way out.
     */
    private static List<Object> deadEnd() {
        return Sql.rows(url, """
                WITH dry AS (SELECT r.id, r.source, r.target FROM road r WHERE r.is_open AND NOT EXISTS
                                 (SELECT 1 FROM flood_event e WHERE e.id = ? AND ST_Intersects(r.geom, e.geom))),
                     ends AS (SELECT n, count(*) AS degree, min(id) AS edge FROM
                                 (SELECT source AS n, id FROM dry UNION ALL SELECT target, id FROM dry) x GROUP BY n)
                SELECT a.start_node, ends.edge, count(*) AS placed FROM evacuation_assignment a
                JOIN household h ON h.id = a.household_id JOIN ends ON ends.n = a.start_node AND ends.degree = 1
                WHERE a.plan_id = ? AND a.site_id IS NOT NULL AND a.reason <> 'flooded' AND h.road_node_id = a.start_node
                  AND NOT EXISTS (SELECT 1 FROM evacuation_point p WHERE p.road_node_id = a.start_node)
                GROUP BY a.start_node, ends.edge ORDER BY count(*) DESC, a.start_node LIMIT 1""", flood, firstPlan).get(0);
    }

    @Test
    @Order(1)
    void closingTheOnlyWayOutIsolatesThemAndTheReplanMovesOnlyThem() throws Exception {
        List<Object> end = deadEnd();
        long node = ((Number) end.get(0)).longValue();
        long road = ((Number) end.get(1)).longValue();
        // households placed by the first plan that start at the dead end: those living there on dry ground, and some in the water who
        // waded to it (they wade to another dry node once the road is closed)
        Set<Long> routedThere = new HashSet<>(Sql.longs(url, "SELECT a.household_id FROM evacuation_assignment a WHERE a.plan_id = ? "
                + "AND a.start_node = ? AND a.site_id IS NOT NULL", firstPlan, node));
        Set<Long> behind = new HashSet<>(Sql.longs(url, "SELECT a.household_id FROM evacuation_assignment a JOIN household h ON h.id = a.household_id "
                + "WHERE a.plan_id = ? AND a.start_node = ? AND h.road_node_id = ? AND a.site_id IS NOT NULL AND a.reason <> 'flooded'",
                firstPlan, node, node));
        assertFalse(behind.isEmpty());

        JsonNode closed;
        int announced;
        try (EventStream live = new EventStream(server.base())) {
            // a plain HTTP client closes the road (as QGIS or a script would): the server re-plans by itself
            HttpResponse<String> r = admin.send("PATCH", "/api/roads/" + road, "{\"closed\": true, \"reason\": \"sạt lở\"}");
            assertEquals(200, r.statusCode(), r.body());
            closed = TestServer.json(r);
            EventStream.Event e = live.await(ev -> ev.name().equals("road"), Duration.ofSeconds(5));
            assertTrue(e.data().contains("\"id\":" + road) && e.data().contains("\"is_open\":false"), e.data());
            // the re-plan is announced to every open map, with its flood
            EventStream.Event planned = live.await(ev -> ev.name().equals("plan") && ev.data().contains("\"flood_id\":" + flood), Duration.ofSeconds(5));
            announced = org.communeatlas.core.JsonCodec.tree(planned.data()).get("id").asInt();
            assertTrue(announced > firstPlan, planned.data());
        }
        assertFalse(closed.get("is_open").asBoolean());
        assertEquals("sạt lở", closed.get("closed_reason").asText());
        JsonNode change = null;
        for (JsonNode f : closed.get("floods")) {
            if (f.get("flood_id").asInt() == flood) {
                change = f;
            }
        }
        assertTrue(change != null, "the current flood is reported: " + closed);
        Set<Long> newly = new HashSet<>();
        change.get("newly_isolated_ids").forEach(id -> newly.add(id.asLong()));
        // every household at the dead end is cut off now; nobody else is (the road is the dead end's alone)
        Set<Long> atNode = new HashSet<>(Sql.longs(url, "SELECT id FROM household WHERE road_node_id = ?", node));
        assertEquals(atNode, newly, "newly isolated: exactly the households behind the closed road");
        assertTrue(atNode.containsAll(behind));
        assertEquals(newly.size(), change.get("newly_isolated_households").asInt());
        assertEquals(Sql.count(url, "SELECT sum(members) FROM household WHERE road_node_id = ?", node), change.get("newly_isolated_people").asLong());
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'road_close' AND entity_id = ?", String.valueOf(road)));

        // the flood's newest plan is the server's stable re-plan, made with the first plan's options, and the answer says so
        JsonNode replan = TestServer.json(admin.get("/api/floods/" + flood + "/plan"));
        int second = replan.get("id").asInt();
        assertEquals(second, change.at("/replan/id").asInt(), change.toString());
        assertEquals(second, announced);
        JsonNode changes = replan.at("/summary/changes");
        assertEquals(changes, change.at("/replan/changes"));
        assertEquals(firstPlan, changes.get("from_plan").asInt(), replan.get("summary").toString());
        assertTrue(replan.at("/options/keep").asBoolean(), replan.get("options").toString());
        assertEquals(Sql.scalar(url, "SELECT options->>'move' FROM evacuation_plan WHERE id = ?", firstPlan),
                Sql.scalar(url, "SELECT options->>'move' FROM evacuation_plan WHERE id = ?", second));
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'plan_create' AND entity_id = ?", String.valueOf(second)));
        // every family placed by the first plan whose way did not run through the closed road keeps its site
        assertEquals(0, Sql.count(url, """
                SELECT count(*) FROM evacuation_assignment a JOIN evacuation_assignment b ON b.household_id = a.household_id AND b.plan_id = ?
                WHERE a.plan_id = ? AND a.site_id IS NOT NULL AND a.start_node <> ? AND b.site_id IS DISTINCT FROM a.site_id""",
                second, firstPlan, node));
        // the households living behind the road have no dry way to any site now: stranded, for a boat; none is routed along it
        assertEquals(behind.size(), Sql.count(url, "SELECT count(*) FROM evacuation_assignment WHERE plan_id = ? AND household_id = ANY (?) "
                + "AND site_id IS NULL AND unassigned = 'no_dry_route'", second, behind.toArray(Long[]::new)),
                () -> Sql.rows(url, "SELECT * FROM evacuation_assignment WHERE plan_id = ? AND household_id = ANY (?)", second,
                        behind.toArray(Long[]::new)).toString());
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_route_step WHERE plan_id = ? AND edge_id = ?", second, road));
        // only households that started at the dead end changed; the ones who waded to it may find another dry node near their site
        int changed = changes.get("moved").asInt() + changes.get("newly_stranded").asInt();
        assertTrue(changed >= behind.size() && changed <= routedThere.size(), changes + " vs " + behind.size() + "/" + routedThere.size());
        assertEquals(Sql.count(url, "SELECT count(*) FROM evacuation_assignment WHERE plan_id = ? AND site_id IS NOT NULL", firstPlan) - changed,
                changes.get("kept").asLong() + changes.get("left_plan").asLong(), changes.toString());
        // the solver's time is part of the request's, which holds the analysis and storing as well
        assertTrue(replan.at("/summary/solve_ms").asLong() <= replan.at("/summary/total_ms").asLong(), replan.get("summary").toString());
        System.out.printf("closure of road %d: %d households newly cut off; re-plan kept %d, moved %d, stranded %d, newly placed %d, "
                + "solver %d ms (first plan %d ms)%n", road, newly.size(), changes.get("kept").asInt(), changes.get("moved").asInt(),
                changes.get("newly_stranded").asInt(), changes.get("newly_assigned").asInt(), replan.at("/summary/solve_ms").asLong(),
                TestServer.json(admin.get("/api/floods/" + flood + "/plan")).get("id").asInt() == second ? firstPlanSolveMs() : -1);

        HttpResponse<String> opened = admin.send("PATCH", "/api/roads/" + road, "{\"closed\": false}");
        assertEquals(200, opened.statusCode(), opened.body());
        for (JsonNode f : TestServer.json(opened).get("floods")) {
            if (f.get("flood_id").asInt() == flood) {
                assertEquals(atNode.size(), f.get("reconnected_households").asInt(), f.toString());
                assertEquals(0, f.get("newly_isolated_households").asInt());
            }
        }
        assertTrue((Boolean) Sql.scalar(url, "SELECT is_open AND closed_at IS NULL AND closed_reason IS NULL FROM road WHERE id = ?", road));
    }

    private static long firstPlanSolveMs() {
        return Sql.count(url, "SELECT solve_ms FROM evacuation_plan WHERE id = ?", firstPlan);
    }

    @Test
    @Order(2)
    void onlyOfficersOfTheRoadsCommunesMayCloseIt() {
        long elsewhere = ((Number) Sql.scalar(url, "SELECT r.id FROM road r WHERE NOT EXISTS (SELECT 1 FROM admin_unit a WHERE a.code = ? "
                + "AND a.level = 'commune' AND ST_Intersects(a.geom, r.geom)) ORDER BY r.id LIMIT 1", TAM_THANG)).longValue();
        long own = ((Number) Sql.scalar(url, "SELECT r.id FROM road r JOIN admin_unit a ON a.code = ? AND a.level = 'commune' "
                + "AND ST_Within(r.geom, a.geom) ORDER BY r.id LIMIT 1", TAM_THANG)).longValue();
        TestServer.Session officer = server.signIn("closure-officer", Accounts.PASSWORD);
        HttpResponse<String> refused = officer.send("PATCH", "/api/roads/" + elsewhere, "{\"closed\": true}");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue((Boolean) Sql.scalar(url, "SELECT is_open FROM road WHERE id = ?", elsewhere), "nothing written");
        assertEquals(401, server.request("PATCH", "/api/roads/" + own, "{\"closed\": true}", "Content-Type", "application/json").statusCode());

        HttpResponse<String> bad = officer.send("PATCH", "/api/roads/" + own, "{\"closed\": \"yes\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(bad.body().contains("closed"), bad.body());
        assertEquals(400, officer.send("PATCH", "/api/roads/" + own, "{\"closed\": true, \"reason\": \"" + "x".repeat(201) + "\"}").statusCode());
        assertEquals(404, officer.send("PATCH", "/api/roads/999999999", "{\"closed\": true}").statusCode());

        HttpResponse<String> ok = officer.send("PATCH", "/api/roads/" + own, "{\"closed\": true, \"reason\": \"sập cầu\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("closure-officer", Sql.scalar(url, "SELECT closed_by FROM road WHERE id = ?", own));
        JsonNode list = TestServer.json(server.get("/api/roads/closed"));
        assertTrue(list.toString().contains("\"id\":" + own), list.toString());
        assertEquals(200, officer.send("PATCH", "/api/roads/" + own, "{\"closed\": false}").statusCode());
    }

    /**
     * The key of a closure is kept with the road's change, answered 202 until the re-plans are done: a server that stopped
     * between the two leaves that 202, and the request sent again finishes the re-plan (the road is not changed twice);
     * sent once more, the whole answer comes back as it was.
     */
    @Test
    @Order(3)
    void aClosureWhoseReplanWasCutShortIsFinishedWhenSentAgain() {
        long road = ((Number) Sql.scalar(url, "SELECT r.id FROM road r JOIN flood_event e ON e.id = ? AND ST_DWithin(r.geom, e.geom, 0.02) "
                + "WHERE r.is_open AND NOT ST_Intersects(r.geom, e.geom) ORDER BY r.id LIMIT 1", flood)).longValue();
        String key = java.util.UUID.randomUUID().toString();
        String body = "{\"closed\": true, \"reason\": \"cây đổ\"}";
        HttpResponse<String> first = admin.send("PATCH", "/api/roads/" + road, body, "Idempotency-Key", key);
        assertEquals(200, first.statusCode(), first.body());
        long planAfterFirst = Sql.count(url, "SELECT max(id) FROM evacuation_plan WHERE flood_id = ?", flood);
        assertEquals(200, Sql.count(url, "SELECT status FROM idempotency_key WHERE key = ?", key), "the whole answer is kept once the re-plans are done");

        // the state a stop between the road's transaction and the re-plans leaves: the change and its key, answered 202
        assertEquals(1, Sql.update(url, "UPDATE idempotency_key SET status = 202 WHERE key = ?", key));
        HttpResponse<String> again = admin.send("PATCH", "/api/roads/" + road, body, "Idempotency-Key", key);
        assertEquals(200, again.statusCode(), again.body());
        assertFalse(again.headers().firstValue("Idempotent-Replayed").isPresent(), "finished now, not replayed");
        assertTrue(Sql.count(url, "SELECT max(id) FROM evacuation_plan WHERE flood_id = ?", flood) > planAfterFirst, "re-planned");
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'road_close' AND entity_id = ?", String.valueOf(road)),
                "the road was changed once");
        assertEquals(200, Sql.count(url, "SELECT status FROM idempotency_key WHERE key = ?", key));

        long plans = Sql.count(url, "SELECT count(*) FROM evacuation_plan WHERE flood_id = ?", flood);
        HttpResponse<String> replayed = admin.send("PATCH", "/api/roads/" + road, body, "Idempotency-Key", key);
        assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(again.body(), replayed.body());
        assertEquals(plans, Sql.count(url, "SELECT count(*) FROM evacuation_plan WHERE flood_id = ?", flood), "a replay plans nothing");
        assertEquals(200, admin.send("PATCH", "/api/roads/" + road, "{\"closed\": false}").statusCode());
    }
}
