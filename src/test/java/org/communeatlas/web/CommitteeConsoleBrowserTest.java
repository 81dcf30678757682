package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The flood committee at a desk (1366×768): the event shown is the one its select names, even one made after the page
 * opened; a pre-emptive plan made with the alarm levels' times says who must leave before each; the on-the-spot forces
 * and the timeline are on the screen; a call for help is verified and given a team from its dot on the map, above every
 * other layer.
 */
class CommitteeConsoleBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TAM_THANG = "20362";

    @Test
    void theCommitteePlansAheadSeesItsForcesAndTimelineAndDispatchesACallFromItsDot() {
        Accounts.create(url, "committee.setup", Viewer.Role.ADMIN);
        Accounts.create(url, "committee.tamthang", Viewer.Role.OFFICER, TAM_THANG);
        TestServer.Session setup = server.signIn("committee.setup", Accounts.PASSWORD);
        // a family of Tam Thăng inside the level-III water calls for help
        List<Object> home = Sql.rows(url, "SELECT ST_X(h.geom), ST_Y(h.geom) FROM household h JOIN flood_scenario s ON s.code = 'TK-III' "
                + "AND ST_Intersects(s.geom, h.geom) WHERE h.commune_code = ? ORDER BY h.id LIMIT 1", TAM_THANG).get(0);

        try (Browser desk = Browser.open(Browser.Size.DESKTOP)) {
            desk.get(server.base() + "/");
            desk.waitFor("window.atlas && window.atlas.ready", WAIT);
            desk.signIn("committee.tamthang", Accounts.PASSWORD);
            // the flood is created after the page read its list (by another officer): shown, the select names it
            int flood = TestServer.json(setup.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
            JsonNode call = TestServer.json(setup.send("POST", "/api/sos", String.format(java.util.Locale.ROOT,
                    "{\"flood\": %d, \"lon\": %.6f, \"lat\": %.6f, \"phone\": \"0905 111 333\", \"people\": 4, \"needs\": \"thuyền, người già\"}",
                    flood, ((Number) home.get(0)).doubleValue(), ((Number) home.get(1)).doubleValue())));
            long sos = call.get("id").asLong();
            desk.js("window.atlas.floods.showEvent(arguments[0]);", flood);
            desk.waitFor("window.atlas.floods.operation.situation() !== null", WAIT);
            assertEquals(String.valueOf(flood), new Select(desk.find("#flood-event")).getFirstSelectedOption().getAttribute("value"));
            String asOf = (String) desk.js("return document.getElementById('situation-as-of').textContent;");
            assertTrue(asOf.startsWith("Số liệu lúc"), asOf);

            // a pre-emptive plan with the three levels' times
            new Select(desk.find("#plan-mode")).selectByValue("preemptive");
            desk.waitFor("!document.getElementById('plan-levels').hidden", WAIT);
            desk.js("['2026-12-08T06:00', '2026-12-08T12:00', '2026-12-08T18:00'].forEach((v, i) => {"
                    + " const input = document.getElementById('plan-level-' + (i + 1)); input.value = v;"
                    + " input.dispatchEvent(new Event('input', { bubbles: true })); });");
            desk.js("arguments[0].scrollIntoView({block: 'center'});", desk.find("#plan-create"));
            desk.find("#plan-create").click();
            desk.waitFor("document.querySelectorAll('#plan-schedule li').length === 3", WAIT);
            // read in one step: the panel draws itself again as live events arrive (an element found before may be gone)
            @SuppressWarnings("unchecked")
            List<String> levels = (List<String>) desk.js("return [...document.querySelectorAll('#plan-schedule li')].map(li => li.textContent);");
            assertTrue(levels.get(0).startsWith("Trước báo động cấp 1 (06:00 8/12/26)"), "the time typed, Vietnam's: " + levels);
            assertTrue(levels.get(2).contains("phải rời nhà"), levels.toString());
            assertEquals(Boolean.TRUE, Sql.scalar(url, "SELECT (options->>'preemptive')::boolean AND (options->'levels'->>'3') IS NOT NULL "
                    + "FROM evacuation_plan WHERE flood_id = ? ORDER BY id DESC LIMIT 1", flood));
            // the map after the plan: its sites stand out, the others fade, families' houses it does not use wait for zoom 15
            desk.js("const c = arguments[0]; window.atlas.map.setView([c[1], c[0]], 13, { animate: false });", List.of(home.get(0), home.get(1)));
            desk.waitFor("document.querySelectorAll('.leaflet-evacuation_points-pane .ep-icon:not(.ep-faded)').length > 0", WAIT);
            assertEquals(0L, desk.count(".leaflet-evacuation_points-pane .ep-solid_house.ep-faded"), "no unused family house at zoom 13");
            long faded = desk.count(".leaflet-evacuation_points-pane .ep-faded");
            long planned = desk.count(".leaflet-evacuation_points-pane .ep-icon:not(.ep-faded)");
            desk.screenshot("70-committee-preemptive-plan");

            // the forces of the villages the flood reaches, and the timeline of the flood
            desk.waitFor("document.querySelectorAll('#forces-list > li').length > 0", WAIT);
            String forces = (String) desk.js("return document.getElementById('forces-summary').textContent;");
            assertTrue(forces.contains("thôn bị ảnh hưởng"), forces);
            desk.waitFor("document.querySelector('#timeline-list li[data-action=\"plan_create\"]') !== null", WAIT);
            desk.js("arguments[0].scrollIntoView({block: 'center'});", desk.find("#forces-title"));
            desk.screenshot("71-committee-forces-timeline");

            // the calls to answer first, in triage order: the one whose words say a life is at stake ("người già") heads the list
            // above a family asking for rice; a row opens its call on the map
            long quiet = TestServer.json(setup.send("POST", "/api/sos", String.format(java.util.Locale.ROOT,
                    "{\"flood\": %d, \"lon\": %.6f, \"lat\": %.6f, \"phone\": \"0905 111 444\", \"people\": 2, \"needs\": \"gạo\"}",
                    flood, ((Number) home.get(0)).doubleValue() + 0.002, ((Number) home.get(1)).doubleValue()))).get("id").asLong();
            desk.waitFor("document.querySelector('#triage-list .triage-call[data-sos=\"" + quiet + "\"]') !== null", WAIT);
            String triage = (String) desk.js("return [...document.querySelectorAll('#triage-list .triage-call')].map(b => b.dataset.sos + ':'"
                    + " + b.querySelector('.triage-score').textContent.replace(/\\D/g, '')).join(',');");
            String[] rows = triage.split(",");
            assertTrue(rows[0].startsWith(sos + ":"), "the call with words of life at stake first: " + triage);
            for (int i = 1; i < rows.length; i++) {
                assertTrue(Integer.parseInt(rows[i - 1].split(":")[1]) >= Integer.parseInt(rows[i].split(":")[1]), "highest first: " + triage);
            }
            assertEquals("Cần cứu trước (theo mức ưu tiên)", desk.js("return document.getElementById('triage-title').textContent;"));
            desk.js("document.querySelector('#triage-list .triage-call').click();");
            desk.waitFor("document.querySelector('.sos-popup[data-sos=\"" + sos + "\"]') !== null", WAIT);
            desk.screenshot("71b-committee-triage");
            desk.js("window.atlas.map.closePopup();");

            // the call's dot, clicked as a person clicks it (a real click, wherever the map puts it): verify it
            desk.waitFor("document.querySelector('.sos-call-" + sos + "') !== null", WAIT);
            desk.js("const c = arguments[0]; window.atlas.map.setView([c[1], c[0]], 16, { animate: false });", List.of(home.get(0), home.get(1)));
            desk.find(".sos-call-" + sos).click();
            desk.waitFor("document.querySelector('.sos-popup .sos-act-verified') !== null", WAIT);
            desk.screenshot("72-committee-sos-popup");
            desk.find(".sos-popup .sos-act-verified").click();
            desk.waitFor("document.querySelector('.sos-call-" + sos + "') !== null && document.querySelector('.sos-popup') === null", WAIT);
            assertEquals("verified", Sql.scalar(url, "SELECT state FROM sos_request WHERE id = ?", sos));

            // then send a team: the village's own groups are offered by name
            desk.find(".sos-call-" + sos).click();
            desk.waitFor("document.querySelector('.sos-popup .sos-team') !== null", WAIT);
            Object offered = desk.js("const o = document.querySelector('.sos-popup datalist option'); return o ? o.value : null;");
            String team = offered != null ? (String) offered : "Tổ tự quản thôn";
            desk.find(".sos-popup .sos-team").sendKeys(team);
            desk.find(".sos-popup .sos-act-assigned").click();
            desk.waitFor("document.querySelector('.sos-call-" + sos + ".sos-assigned') !== null", WAIT);
            assertEquals(List.of("assigned", team), Sql.rows(url, "SELECT state, team FROM sos_request WHERE id = ?", sos).get(0));
            // and the timeline says so
            desk.waitFor("document.querySelector('#timeline-list li[data-action=\"sos_change\"]') !== null", WAIT);
            desk.screenshot("73-committee-sos-assigned");
            System.out.printf("committee console: plan levels %s; team offered %s; forces listed %d villages; at zoom 13 %d sites of the plan"
                    + " drawn, %d faded%n", levels, offered, desk.count("#forces-list > li"), planned, faded);
            assertTrue(desk.consoleErrors().isEmpty(), desk.consoleErrors().toString());
        }
    }
}
