package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * The live operation in two browsers: an officer taps the only dry road out of a group of households and closes it — the
 * panel lists them as newly cut off, their dots turn isolated, the plan is made again and its routes redrawn; a second
 * window (a phone, anonymous) following the same flood sees its situation board change without reloading.
 */
class RoadClosureBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anOfficerClosesARoadOnTheMapAndAnotherWindowsBoardFollows() {
        Accounts.create(url, "closure.setup", Viewer.Role.ADMIN);
        TestServer.Session setup = server.signIn("closure.setup", Accounts.PASSWORD);
        int flood = TestServer.json(setup.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        int plan = TestServer.json(setup.send("POST", "/api/floods/" + flood + "/plan", "{}")).get("id").asInt();
        // a dry dead end where placed households live, away from any site; its road runs through the officer's commune
        List<Object> end = Sql.rows(url, """
                WITH dry AS (SELECT r.id, r.source, r.target FROM road r WHERE r.is_open AND NOT EXISTS
                                 (SELECT 1 FROM flood_event e WHERE e.id = ? AND ST_Intersects(r.geom, e.geom))),
                     ends AS (SELECT n, count(*) AS degree, min(id) AS edge FROM
                                 (SELECT source AS n, id FROM dry UNION ALL SELECT target, id FROM dry) x GROUP BY n)
                SELECT a.start_node, ends.edge, min(c.code), ST_X(ST_LineInterpolatePoint(r.geom, 0.5)), ST_Y(ST_LineInterpolatePoint(r.geom, 0.5))
                FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN ends ON ends.n = a.start_node AND ends.degree = 1
                JOIN road r ON r.id = ends.edge
                JOIN admin_unit c ON c.level = 'commune' AND c.valid_to = DATE '2025-07-01' AND ST_Intersects(c.geom, r.geom)
                WHERE a.plan_id = ? AND a.site_id IS NOT NULL AND a.reason <> 'flooded' AND h.road_node_id = a.start_node
                  AND NOT EXISTS (SELECT 1 FROM evacuation_point p WHERE p.road_node_id = a.start_node)
                GROUP BY a.start_node, ends.edge, r.geom ORDER BY count(*) DESC, a.start_node LIMIT 1""", flood, plan).get(0);
        long node = ((Number) end.get(0)).longValue();
        long road = ((Number) end.get(1)).longValue();
        double lon = ((Number) end.get(3)).doubleValue(), lat = ((Number) end.get(4)).doubleValue();
        List<Long> behind = Sql.longs(url, "SELECT id FROM household WHERE road_node_id = ? ORDER BY id", node);
        Accounts.create(url, "officer.roads", Viewer.Role.OFFICER, (String) end.get(2));

        try (Browser officer = Browser.open(Browser.Size.DESKTOP); Browser watcher = Browser.open(Browser.Size.PHONE)) {
            watcher.get(server.base() + "/");
            watcher.waitFor("window.atlas && window.atlas.ready", WAIT);
            watcher.js("window.atlas.floods.showEvent(arguments[0]);", flood);
            watcher.waitFor("window.atlas.floods.operation.situation() !== null", WAIT);
            long before = ((Number) watcher.js("return window.atlas.floods.operation.situation().total.at_risk_households;")).longValue();

            officer.get(server.base() + "/");
            officer.waitFor("window.atlas && window.atlas.ready", WAIT);
            officer.signIn("officer.roads", Accounts.PASSWORD);
            officer.waitFor("document.getElementById('who')", WAIT);
            new Select(officer.find("#flood-event")).selectByValue(String.valueOf(flood));
            officer.waitFor("window.atlas.floods.plan.plan() !== null && window.atlas.registry.layers.plan_routes.getLayers().length > 0"
                    + " && window.atlas.floods.operation.situation() !== null && !document.getElementById('road-close').hidden", WAIT);
            officer.js("window.atlas.map.setView([arguments[0], arguments[1]], 17);", lat, lon);
            officer.js("arguments[0].scrollIntoView({block: 'center'});", officer.find("#road-close"));
            officer.find("#road-close").click();
            // the tap on the road: Leaflet's click at the road's middle, as a finger's tap reaches the map
            officer.js("window.atlas.map.fire('click', { latlng: L.latLng(arguments[0], arguments[1]) });", lat, lon);
            officer.waitFor("document.getElementById('road-confirm') && !document.getElementById('road-confirm-box').hidden", WAIT);
            assertTrue(officer.find("#road-confirm-box").getText().contains(String.valueOf(road)), officer.find("#road-confirm-box").getText());
            officer.screenshot("30-road-chosen");
            new Select(officer.find("#road-reason")).selectByValue("landslide");
            officer.find("#road-confirm").click();
            officer.waitFor("document.getElementById('closure-replan') !== null", WAIT);

            String isolated = officer.find("#closure-isolated").getText();
            assertTrue(isolated.startsWith(behind.size() + " hộ"), isolated + " vs " + behind.size());
            officer.waitFor("window.atlas.floods.plan.plan().id > " + plan, WAIT);
            // the households behind the road are drawn as cut off now, and the redrawn routes no longer use the road
            long shownIsolated = ((Number) officer.js("const ids = new Set(arguments[0]);"
                    + "return window.atlas.registry.layers.affected_households.getLayers().filter(m => ids.has(m.feature.id)"
                    + " && m.feature.properties.impact === 'isolated').length;", behind)).longValue();
            // (those of them standing in the water are drawn as flooded, as before)
            assertEquals(Sql.count(url, "SELECT count(*) FROM household h WHERE h.road_node_id = ? AND NOT EXISTS "
                    + "(SELECT 1 FROM flood_event e WHERE e.id = ? AND ST_Intersects(h.geom, e.geom))", node, flood), shownIsolated);
            int replan = ((Number) officer.js("return window.atlas.floods.plan.plan().id;")).intValue();
            assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_route_step WHERE plan_id = ? AND edge_id = ?", replan, road));
            assertTrue(officer.find("#closure-replan").getText().contains("giữ nguyên"), officer.find("#closure-replan").getText());
            assertEquals("sạt lở", Sql.scalar(url, "SELECT closed_reason FROM road WHERE id = ?", road));
            // drawn as a barrier is painted, in both windows (the other hears the road's event)
            officer.waitFor("document.querySelectorAll('.closed-road-" + road + "').length === 2", WAIT);
            watcher.waitFor("document.querySelectorAll('.closed-road-" + road + "').length === 2", WAIT);
            officer.screenshot("31-road-closed");

            // the other window's board follows, to what the server counts now
            long after = TestServer.json(server.get("/api/floods/" + flood + "/situation")).at("/total/at_risk_households").asLong();
            assertTrue(after > before, after + " vs " + before);
            long started = System.nanoTime();
            watcher.waitFor("window.atlas.floods.operation.situation().total.at_risk_households === " + after, Duration.ofSeconds(15));
            System.out.printf("road %d closed on the map: %d households newly cut off; the other window's board %d → %d in %d ms%n", road,
                    behind.size(), before, after, (System.nanoTime() - started) / 1_000_000);
            // and its plan is the server's re-plan, heard live (nobody asked it to re-plan)
            watcher.waitFor("window.atlas.floods.plan.plan() !== null && window.atlas.floods.plan.plan().id === " + replan, Duration.ofSeconds(15));
            watcher.screenshot("32-situation-board-phone");

            // a call for help reaches both maps as a red dot; a team assigned turns it orange
            long call = TestServer.json(setup.send("POST", "/api/sos", String.format(java.util.Locale.ROOT,
                    "{\"flood\": %d, \"lon\": %.6f, \"lat\": %.6f, \"people\": 4, \"phone\": \"0905777888\"}", flood, lon, lat))).get("id").asLong();
            for (Browser b : List.of(officer, watcher)) {
                b.waitFor("window.atlas.floods.operation.sosLayer.getLayers().some(m => m.options.fillColor === '#d50000')", Duration.ofSeconds(15));
            }
            assertEquals(200, setup.send("PATCH", "/api/sos/" + call, "{\"state\": \"assigned\", \"team\": \"Đội thanh niên xung kích\"}").statusCode());
            watcher.waitFor("window.atlas.floods.operation.sosLayer.getLayers().some(m => m.options.fillColor === '#ff6d00')", Duration.ofSeconds(15));
            String seen = (String) watcher.jsAsync("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/sos?flood=' + arguments[0]).then(r => r.text()).then(done);", flood);
            assertTrue(seen.contains("\"assigned\"") && !seen.contains("0905777888"), "the anonymous window's calls carry no phone: " + seen);

            // the public form, from the anonymous phone: the call is received where the map is centred
            watcher.js("document.getElementById('sos-open').click();");
            watcher.waitFor("!document.getElementById('sos-form').hidden", WAIT);
            watcher.js("const f = document.getElementById('sos-form'); f.elements.phone.value = '+84 912 345 678';"
                    + "f.elements.people.value = '5'; f.elements.needs.value = 'thuyền'; f.requestSubmit();");
            watcher.waitFor("document.getElementById('sos-status').textContent.startsWith('Đã gửi')", WAIT);
            watcher.screenshot("33-sos-form-phone");
            assertEquals(List.of(List.of("public", "0912345678", 5)),
                    Sql.rows(url, "SELECT source, phone, people FROM sos_request WHERE phone = '0912345678'"));
            assertEquals(List.of(), officer.consoleErrors());
            assertEquals(List.of(), watcher.consoleErrors());
        }
    }
}
