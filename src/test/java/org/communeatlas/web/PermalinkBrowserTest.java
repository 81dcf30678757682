package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A link to what one official sees, opened by another in a fresh browser (no account, nothing kept): the same view,
 * the same layers, the same model, units and month, the same flood.
 */
class PermalinkBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String STATE = "const a = window.atlas, m = a.map, c = m.getCenter();"
            + "return { zoom: m.getZoom(), lat: c.lat.toFixed(4), lng: c.lng.toFixed(4),"
            + " layers: ['admin_units_2025', 'districts', 'communes', 'villages', 'households', 'evacuation_points', 'roads']"
            + "   .filter((id) => m.hasLayer(a.registry.layers[id])).join(','),"
            + " model: String(document.getElementById('panel-coverage').dataset.model),"
            + " units: String(document.getElementById('panel-coverage').dataset.units),"
            + " asOf: String(document.getElementById('panel-coverage').dataset.asOf),"
            + " flood: String(a.floods.current()), select: document.getElementById('flood-event').value };";

    @Test
    void aLinkOpensTheSameViewLayersModelAndFloodInAFreshBrowser() {
        Accounts.create(url, "link.setup", Viewer.Role.ADMIN);
        int flood = TestServer.json(server.signIn("link.setup", Accounts.PASSWORD).send("POST", "/api/floods", "{\"scenario\":\"TK-II\"}"))
                .get("id").asInt();
        String link;
        Object sent;
        try (Browser sender = Browser.open(Browser.Size.DESKTOP)) {
            sender.get(server.base() + "/");
            sender.waitFor("window.atlas && window.atlas.ready", WAIT);
            sender.jsAsync("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/models/2').then((r) => r.json()).then((m) => {"
                    + " window.atlas.coverage.show({ model: m, units: '2025', year: 2025, month: 6 }); done(); });");
            sender.waitFor("document.getElementById('panel-coverage').dataset.model === '2'"
                    + " && document.getElementById('panel-coverage').dataset.units === '2025'", WAIT);
            sender.js("window.atlas.floods.showEvent(arguments[0]);", flood);
            sender.waitFor("window.atlas.floods.current() === " + flood + " && window.atlas.floods.operation.situation() !== null", WAIT);
            // the flood frames itself, animated: the view is set once that is over (else its end would undo it)
            sender.waitFor("!window.atlas.map._animatingZoom", WAIT);
            sender.js("const a = window.atlas; a.map.addLayer(a.registry.layers.evacuation_points); a.map.removeLayer(a.registry.layers.households);"
                    + "a.map.setView([15.5712, 108.4853], 14, { animate: false });");
            sender.waitFor("location.hash.includes('map=14/15.57120/108.48530') && location.hash.includes('flood=" + flood + "')"
                    + " && location.hash.includes('evacuation_points') && location.hash.includes('model=2')", WAIT);
            link = (String) sender.js("return location.href;");
            sent = sender.js(STATE);
        }
        assertTrue(link.contains("month=2025-06") && link.contains("units=2025"), link);
        try (Browser receiver = Browser.open(Browser.Size.DESKTOP)) {
            receiver.get(link);
            receiver.waitFor("window.atlas && window.atlas.ready && window.atlas.floods.current() === " + flood
                    + " && document.getElementById('panel-coverage').dataset.model === '2'", WAIT);
            receiver.waitFor("window.atlas.map.getZoom() === 14", WAIT);
            @SuppressWarnings("unchecked")
            Map<String, Object> opened = (Map<String, Object>) receiver.js(STATE);
            assertEquals(sent, opened, "the link " + link);
            assertEquals(String.valueOf(flood), opened.get("select"));
            assertEquals("2025-06-30", opened.get("asOf"));
            assertEquals(List.of("admin_units_2025", "villages", "evacuation_points"), List.of(((String) opened.get("layers")).split(",")),
                    "units after the reform, villages and sites; no households: " + opened);
            receiver.screenshot("74-permalink-opened");
            System.out.println("permalink " + link.substring(link.indexOf('#')) + " opened as " + opened);
        }
    }
}
