package org.communeatlas.floods.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evacuating before the water: the alarm-level-III forecast planned with the roads as they are now leaves no family
 * without a route unless no open site outside the forecast is reachable at all (pgRouting's components of the open roads
 * say so) or a road closed now is in the way; the schedule sends level-I areas before level-III-only ones.
 */
class PreemptivePlanTest extends DemoServerTest {

    private static final String LEVELS = "\"levels\": {\"1\": \"2025-10-29T02:00:00+07:00\", \"2\": \"2025-10-29T08:00:00+07:00\", "
            + "\"3\": \"2025-10-29T14:00:00+07:00\"}";
    private static TestServer.Session admin;
    private static int flood;
    private static JsonNode during;
    private static JsonNode before;

    /** Components of the open road network (every road not closed), and whether an open site outside the forecast is in each. */
    private static final String OPEN_COMPONENTS = """
            WITH cc AS (SELECT node, component FROM pgr_connectedComponents(
                    'SELECT id, source, target, 1.0 AS cost, 1.0 AS reverse_cost FROM road WHERE is_open')),
            comp AS (SELECT n.id AS node, coalesce(cc.component, -n.id) AS component FROM road_node n LEFT JOIN cc ON cc.node = n.id),
            served AS (SELECT DISTINCT c.component FROM evacuation_point p JOIN comp c ON c.node = p.road_node_id
                       WHERE p.is_open AND p.kind <> 'solid_house' AND p.capacity_day > p.occupancy + p.reserved
                         AND NOT EXISTS (SELECT 1 FROM flood_event e WHERE e.id = %d AND ST_Intersects(p.geom, e.geom)))
            """;

    @BeforeAll
    static void plans() {
        Accounts.create(url, "preempt-admin", Role.ADMIN);
        admin = server.signIn("preempt-admin", Accounts.PASSWORD);
        flood = TestServer.json(admin.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        during = plan("{}");
        before = plan("{\"mode\": \"preemptive\", " + LEVELS + "}");
    }

    private static JsonNode plan(String body) {
        HttpResponse<String> r = admin.send("POST", "/api/floods/" + flood + "/plan", body);
        assertEquals(201, r.statusCode(), r.body());
        return TestServer.json(r);
    }

    @Test
    void withTheRoadsDryOnlyTheUnreachableAreLeftWithoutARoute() {
        int id = before.get("id").asInt();
        JsonNode unassigned = before.at("/summary/unassigned");
        long closedNow = Sql.count(url, "SELECT count(*) FROM road WHERE NOT is_open");
        System.out.printf("alarm III: during the flood %s households, %s placed, no dry route %s, no room %s; before it %s households, %s placed, "
                        + "no route %s, road closed %s, no room %s (roads closed now: %d)%n", during.get("households"), during.get("assigned"),
                during.at("/summary/unassigned/no_dry_route"), during.at("/summary/unassigned/no_room"), before.get("households"),
                before.get("assigned"), unassigned.get("no_dry_route"), unassigned.get("road_closed"), unassigned.get("no_room"), closedNow);
        assertTrue(unassigned.get("no_dry_route").asInt() < during.at("/summary/unassigned/no_dry_route").asInt());
        // every family without a route is in a part of the open road network with no open site outside the forecast
        assertEquals(0, Sql.count(url, OPEN_COMPONENTS.formatted(flood) + """
                SELECT count(*) FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN comp c ON c.node = h.road_node_id
                WHERE a.plan_id = ? AND a.unassigned = 'no_dry_route' AND c.component IN (SELECT component FROM served)""", id));
        if (closedNow == 0) {
            assertEquals(0, unassigned.get("road_closed").asInt());
        }
        // nobody is sent to a site inside the forecast extent
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_assignment a JOIN evacuation_point p ON p.id = a.site_id "
                + "JOIN flood_event e ON e.id = ? AND ST_Intersects(p.geom, e.geom) WHERE a.plan_id = ?", flood, id));
        // everyone inside the forecast moves
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM household h JOIN flood_event e ON e.id = ? AND ST_Intersects(h.geom, e.geom) "
                + "WHERE h.status NOT IN ('evacuated', 'supplied') AND NOT EXISTS (SELECT 1 FROM evacuation_assignment a "
                + "WHERE a.plan_id = ? AND a.household_id = h.id)", flood, id));
    }

    @Test
    void levelOneAreasLeaveBeforeLevelThreeOnlyAreas() {
        int id = before.get("id").asInt();
        JsonNode schedule = before.at("/summary/schedule");
        System.out.println("schedule: " + schedule);
        assertEquals(3, schedule.size(), before.get("summary").toString());
        assertEquals("2025-10-29T02:00+07:00", schedule.get(0).get("leave_by").asText());
        for (JsonNode l : schedule) {
            assertTrue(l.get("can_leave_by_road").asInt() <= l.get("still_home").asInt(), l.toString());
        }
        assertTrue(schedule.get(2).get("can_leave_by_road").asInt() < schedule.get(2).get("still_home").asInt(),
                "at level III some routes are under water: " + schedule);
        String inScenario = "EXISTS (SELECT 1 FROM flood_scenario s WHERE s.code = '%s' AND (ST_Intersects(s.geom, h.geom) "
                + "OR ST_Intersects(s.geom, (SELECT n.geom FROM road_node n WHERE n.id = h.road_node_id))))";
        long levelOne = Sql.count(url, "SELECT count(*) FROM evacuation_assignment a JOIN household h ON h.id = a.household_id "
                + "WHERE a.plan_id = ? AND " + inScenario.formatted("TK-I"), id);
        assertTrue(levelOne > 0);
        assertEquals(levelOne, Sql.count(url, "SELECT count(*) FROM evacuation_assignment a WHERE a.plan_id = ? AND a.alarm_level = 1", id));
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_assignment a JOIN household h ON h.id = a.household_id "
                + "WHERE a.plan_id = ? AND " + inScenario.formatted("TK-III") + " AND NOT " + inScenario.formatted("TK-II")
                + " AND NOT " + inScenario.formatted("TK-I") + " AND a.alarm_level <> 3", id));
        // the plan lists its families in the order they must leave
        int last = 0;
        int ones = 0, threes = 0;
        for (JsonNode a : before.get("assignments")) {
            int level = a.get("alarm_level").asInt();
            assertTrue(level >= last, "level " + level + " after " + last);
            last = level;
            ones += level == 1 ? 1 : 0;
            threes += level == 3 ? 1 : 0;
        }
        assertTrue(ones > 0 && threes > 0, ones + " / " + threes);
    }

    @Test
    void aFamilyBehindARoadClosedNowIsToldSo() {
        List<Object> deadEnd = Sql.rows(url, """
                WITH ends AS (SELECT n, count(*) AS degree, min(id) AS edge FROM
                                  (SELECT source AS n, id FROM road WHERE is_open UNION ALL SELECT target, id FROM road WHERE is_open) x GROUP BY n)
                SELECT a.household_id, ends.edge FROM evacuation_assignment a JOIN household h ON h.id = a.household_id
                JOIN ends ON ends.n = h.road_node_id AND ends.degree = 1
                WHERE a.plan_id = ? AND a.site_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM evacuation_point p WHERE p.road_node_id = h.road_node_id)
                ORDER BY a.household_id LIMIT 1""", before.get("id").asInt()).get(0);
        long road = ((Number) deadEnd.get(1)).longValue();
        assertEquals(200, admin.send("PATCH", "/api/roads/" + road, "{\"closed\": true, \"reason\": \"sạt lở\"}").statusCode());
        int id = plan("{\"mode\": \"preemptive\"}").get("id").asInt();
        assertEquals("road_closed", Sql.scalar(url, "SELECT unassigned FROM evacuation_assignment WHERE plan_id = ? AND household_id = ?", id,
                deadEnd.get(0)));
        assertEquals(200, admin.send("PATCH", "/api/roads/" + road, "{\"closed\": false}").statusCode());
    }
}
