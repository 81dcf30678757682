package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * The flood workflow in two browsers. An officer of Tam Thăng chooses alarm level III, analyses it and makes a
 * plan: isolated households and the plan's routes appear. A second window (anonymous, on a phone) follows the
 * same flood; when the officer marks a household evacuated, that window's occupancy bar for the site moves.
 */
class FloodBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void levelThreeShowsIsolatedHouseholdsAndRoutesAndCheckInsMoveBarsElsewhere() {
        Accounts.create(url, "officer.flood", Viewer.Role.OFFICER, "20362");
        try (Browser officer = Browser.open(Browser.Size.DESKTOP); Browser watcher = Browser.open(Browser.Size.PHONE)) {
            officer.get(server.base() + "/");
            officer.waitFor("window.atlas && window.atlas.ready", WAIT);
            officer.signIn("officer.flood", Accounts.PASSWORD);
            officer.waitFor("document.getElementById('who') && !document.getElementById('flood-analyse').hidden", WAIT);

            new Select(officer.find("#scenario")).selectByValue("TK-III");
            officer.waitFor("!document.getElementById('flood-analyse').disabled", WAIT);
            // the map goes to the flood
            List<?> box = (List<?>) officer.jsAsync("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/flood-scenarios').then(r => r.json()).then(d => done((d.scenarios || d).find(s => s.code === 'TK-III').bbox));");
            officer.waitFor("(() => { const c = window.atlas.map.getCenter(); return c.lng >= " + box.get(0) + " && c.lng <= " + box.get(2)
                    + " && c.lat >= " + box.get(1) + " && c.lat <= " + box.get(3) + " && window.atlas.map.getZoom() >= 11; })()", WAIT);
            officer.find("#flood-analyse").click();
            officer.waitFor("window.atlas.floods.impact() !== null && window.atlas.registry.layers.affected_households.getLayers().length > 0", WAIT);
            long isolated = ((Number) officer.js("return window.atlas.registry.layers.affected_households.getLayers()"
                    + ".filter(m => m.feature.properties.impact === 'isolated').length;")).longValue();
            assertEquals(((Number) officer.js("return window.atlas.floods.impact().totals.households_isolated;")).longValue(), isolated);
            assertTrue(isolated > 100, "isolated households on the map: " + isolated);
            assertTrue(officer.find("#impact").getText().contains("Bị cô lập"), officer.find("#impact").getText());

            officer.find("#plan-create").click();
            officer.waitFor("window.atlas.floods.plan.plan() !== null && window.atlas.registry.layers.plan_routes.getLayers().length > 0", WAIT);
            long routes = officer.count("path.route");
            assertTrue(routes > 10, "route lines drawn: " + routes);
            String summary = officer.find("#plan-summary").getText();
            assertTrue(summary.startsWith("Đã bố trí"), summary);
            // boats and shelter apart, in words the committee uses
            @SuppressWarnings("unchecked")
            Map<String, Object> unplaced = (Map<String, Object>) officer.js("return window.atlas.floods.plan.plan().unassigned;");
            assertTrue(officer.find("#plan-boat").getText().contains(String.format(java.util.Locale.GERMANY, "%,d",
                    ((Number) unplaced.get("no_dry_route")).longValue())), officer.find("#plan-boat").getText());
            assertTrue(officer.find("#plan-no-room").getText().contains(String.format(java.util.Locale.GERMANY, "%,d",
                    ((Number) unplaced.getOrDefault("no_room", 0)).longValue())), officer.find("#plan-no-room").getText());
            assertFalse(summary.contains("min-cost") || summary.contains("cận dưới"), summary);
            // the plan's load is drawn on the site bars; a site's name takes the map to it and opens it
            assertTrue((Boolean) officer.js("return [...document.querySelectorAll('#plan-sites .planned')].some(p => parseFloat(p.style.width) > 0);"),
                    "planned load drawn");
            officer.js("arguments[0].scrollIntoView({block: 'center'});", officer.find("#plan-sites li .site-name"));
            officer.find("#plan-sites li .site-name").click();
            officer.waitFor("window.atlas.map.getZoom() >= 16 && window.atlas.map.hasLayer(window.atlas.registry.layers.evacuation_points)"
                    + " && document.querySelector('.leaflet-popup')", WAIT);
            officer.screenshot("22-flood-site-opened");
            officer.js("window.atlas.map.closePopup();");
            officer.screenshot("20-flood-plan");
            int flood = ((Number) officer.js("return window.atlas.floods.current();")).intValue();

            // the second window follows the same flood
            watcher.get(server.base() + "/");
            watcher.waitFor("window.atlas && window.atlas.ready", WAIT);
            watcher.js("window.atlas.floods.showEvent(arguments[0]);", flood);
            watcher.waitFor("document.querySelectorAll('#plan-sites li').length > 0", WAIT);

            // a Tam Thăng household the plan sends to a site listed in both windows
            @SuppressWarnings("unchecked")
            Map<String, Object> pick = (Map<String, Object>) officer.js("""
                    const plan = window.atlas.floods.plan.plan();
                    const listed = new Set([...document.querySelectorAll('#plan-sites li')].map(li => li.dataset.site));
                    const sites = new Map(plan.sites.map(s => [s.id, s]));
                    const a = plan.assignments.find(x => x.commune_code === '20362' && listed.has(sites.get(x.site_id).code));
                    return { household: a.household_id, site: sites.get(a.site_id).code, members: a.members };""");
            String site = (String) pick.get("site");
            String bar = "document.querySelector('#plan-sites li[data-site=\"" + site + "\"] .fill').style.width";
            String numbers = "document.querySelector('#plan-sites li[data-site=\"" + site + "\"] .numbers').textContent";
            String widthBefore = (String) watcher.js("return " + bar + ";");
            String textBefore = (String) watcher.js("return " + numbers + ";");

            assertTrue((Boolean) officer.js("return window.atlas.registry.layers.affected_households.open(arguments[0]);",
                    ((Number) pick.get("household")).longValue()));
            officer.waitFor("document.querySelector('.household-card .status-form')", WAIT);
            new Select(officer.find(".household-card select[name='status']")).selectByValue("evacuated");
            officer.find(".household-card button[type='submit']").click();
            officer.waitFor("document.querySelector('.household-card [role=status]').textContent === 'Đã lưu.'", WAIT);

            long started = System.nanoTime();
            watcher.waitFor(numbers + " !== " + quote(textBefore), Duration.ofSeconds(10));
            long movedMs = (System.nanoTime() - started) / 1_000_000;
            assertNotEquals(widthBefore, watcher.js("return " + bar + ";"), "the bar moved");
            assertTrue(((String) watcher.js("return " + numbers + ";")).startsWith(String.valueOf(pick.get("members"))),
                    "occupancy is the family's size now");
            assertTrue(movedMs < 5_000, "the other window saw it in " + movedMs + " ms");
            watcher.screenshot("21-flood-watcher-phone");
            assertEquals("evacuated", Sql.scalar(url, "SELECT status FROM household WHERE id = ?", ((Number) pick.get("household")).longValue()));
            assertEquals(List.of(), officer.consoleErrors());
            assertEquals(List.of(), watcher.consoleErrors());
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
