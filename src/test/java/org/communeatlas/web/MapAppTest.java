package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** The map application in Debian's Chromium, on a desktop and on a phone. */
class MapAppTest extends DemoServerTest {

    private static Browser load(Browser.Size size) {
        Browser b = Browser.open(size);
        b.get(server.base() + "/");
        b.waitFor("window.atlas && window.atlas.ready && window.atlas.firstDrawMs !== null", Duration.ofSeconds(30));
        return b;
    }

    /** Opens the layer control if it is collapsed (phones) and clicks a layer's checkbox label. */
    private static void toggle(Browser b, String layer) {
        if (b.count(".leaflet-control-layers-expanded") == 0) {
            b.find(".leaflet-control-layers-toggle").click();
            b.waitFor("document.querySelector('.leaflet-control-layers-expanded')", Duration.ofSeconds(5));
        }
        b.js("arguments[0].scrollIntoView({block: 'center'});", b.find("span[data-layer='" + layer + "']"));
        b.find("span[data-layer='" + layer + "']").click();
    }

    private static void view(Browser b, double lat, double lon, double zoom) {
        b.js("window.atlas.map.setView([arguments[0], arguments[1]], arguments[2], {animate: false});", lat, lon, zoom);
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void theMapLoadsWithoutErrorsAndDrawsItsFirstLayersQuickly(Browser.Size size) {
        try (Browser b = load(size)) {
            long ms = ((Number) b.js("return window.atlas.firstDrawMs;")).longValue();
            System.out.println("first layers drawn " + ms + " ms after page load (" + size + ")");
            b.waitFor("document.querySelectorAll('.leaflet-communes-pane path').length > 100", Duration.ofSeconds(20));
            assertTrue(b.count(".leaflet-districts-pane path") > 0);
            if (size == Browser.Size.PHONE) {
                // a phone's province view is zoom 8, where a village is a few pixels: its tiles (135 kB) wait for zoom 9
                assertEquals(8L, ((Number) b.js("return window.atlas.map.getZoom();")).longValue());
                assertEquals(0L, ((Number) b.js("return performance.getEntriesByType('resource').filter(e => e.name.includes('/tiles/villages/')).length;")).longValue());
                assertEquals(0, b.count(".leaflet-villages-pane path"));
            } else {
                assertTrue(b.count(".leaflet-villages-pane path") > 0);
            }
            assertTrue(b.count(".leaflet-households-pane path") > 0, "household clusters");
            assertTrue(b.count(".unit-label") > 0, "unit names are written on the map");
            b.screenshot("01-loaded");
            assertEquals(List.of(), b.consoleErrors());
            if (size == Browser.Size.PHONE) {
                assertEquals(390L, ((Number) b.js("return window.innerWidth;")).longValue());
                assertTrue(b.count("#drawer.open") == 0, "panels start hidden in the drawer");
                for (String css : List.of("#drawer-toggle", "#lang", ".leaflet-control-layers-toggle", ".leaflet-control-zoom-in", ".legend-heading")) {
                    var r = b.find(css).getRect();
                    assertTrue(r.getHeight() >= 40 && r.getWidth() >= 40, css + " is a touch target of " + r.getWidth() + "×" + r.getHeight());
                }
                b.find("#drawer-toggle").click();
                b.waitFor("document.querySelector('#drawer.open')", Duration.ofSeconds(5));
                b.screenshot("02-drawer");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void eachLayerTogglesOnDrawsFeaturesAndHasItsLegend(Browser.Size size) {
        try (Browser b = load(size)) {
            view(b, 15.585, 108.50, 14);
            b.waitFor("document.querySelectorAll('.leaflet-households-pane path.household').length > 10", Duration.ofSeconds(20));
            if (b.count("#legend.collapsed") > 0) {
                b.find(".legend-heading").click();
            }
            for (String[] layer : new String[][] {
                {"roads", ".leaflet-roads-pane path.road"},
                {"evacuation_points", ".leaflet-evacuation_points-pane .ep-icon"},
                {"admin_units_2025", ".leaflet-admin_units_2025-pane path"}}) {
                assertEquals(0, b.count(layer[1]), layer[0] + " starts off");
                toggle(b, layer[0]);
                b.waitFor("document.querySelectorAll('" + layer[1] + "').length > 0", Duration.ofSeconds(20));
                b.waitFor("document.querySelector('#legend section[data-layer=\"" + layer[0] + "\"]')", Duration.ofSeconds(5));
                b.screenshot("03-layer-" + layer[0]);
                toggle(b, layer[0]);
                b.waitFor("document.querySelectorAll('" + layer[1] + "').length === 0", Duration.ofSeconds(10));
                assertEquals(0, b.count("#legend section[data-layer='" + layer[0] + "']"), layer[0] + " leaves the legend");
            }
            // households and villages were on from the start: off, then on again
            for (String[] layer : new String[][] {{"households", ".leaflet-households-pane path"}, {"villages", ".leaflet-villages-pane path"},
                {"communes", ".leaflet-communes-pane path"}, {"districts", ".leaflet-districts-pane path"}}) {
                toggle(b, layer[0]);
                b.waitFor("document.querySelectorAll('" + layer[1] + "').length === 0", Duration.ofSeconds(10));
                toggle(b, layer[0]);
                b.waitFor("document.querySelectorAll('" + layer[1] + "').length > 0", Duration.ofSeconds(20));
            }
            // the legend's colours are the colours drawn
            List<String> legendStatus = legendColours(b, "households");
            assertEquals(5, legendStatus.size());
            for (Object fill : (List<?>) b.js("return [...document.querySelectorAll('.leaflet-households-pane path.household')].slice(0, 50)"
                    + ".map(p => getComputedStyle(p).fill);")) {
                assertTrue(legendStatus.contains(fill), fill + " is in the legend " + legendStatus);
            }
            List<String> legendVillages = legendColours(b, "villages");
            assertEquals(5, legendVillages.size());
            for (Object fill : (List<?>) b.js("return [...document.querySelectorAll('.leaflet-villages-pane path.village')].slice(0, 50)"
                    + ".map(p => getComputedStyle(p).fill);")) {
                assertTrue(legendVillages.contains(fill), fill + " is in the legend " + legendVillages);
            }
            // flood zones and flooded roads follow the scenario chosen in the flood panel
            if (size == Browser.Size.PHONE) {
                b.find("#drawer-toggle").click();
            }
            b.js("const s = document.getElementById('scenario'); s.value = 'TK-III'; s.dispatchEvent(new Event('change'));");
            b.waitFor("document.querySelectorAll('.leaflet-flood_zones-pane path').length > 0", Duration.ofSeconds(20));
            b.waitFor("document.querySelectorAll('.leaflet-flooded_roads-pane path').length > 0", Duration.ofSeconds(20));
            assertTrue(b.count("#legend section[data-layer='flood_zones']") == 1);
            if (size == Browser.Size.PHONE) {
                b.find("#drawer-toggle").click();
            }
            b.screenshot("04-flood-III");
            assertEquals(List.of(), b.consoleErrors());
        }
    }

    private static List<String> legendColours(Browser b, String layer) {
        List<String> out = new ArrayList<>();
        for (Object c : (List<?>) b.js("return [...document.querySelectorAll('#legend section[data-layer=\"' + arguments[0] + '\"] li .swatch')]"
                + ".map(s => getComputedStyle(s).backgroundColor);", layer)) {
            out.add((String) c);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void searchIgnoresDiacriticsAndCentresTheMap(Browser.Size size) {
        try (Browser b = load(size)) {
            b.find("#search-input").sendKeys("tam thang");
            b.waitFor("document.querySelectorAll('#search-results li[data-code]').length > 0", Duration.ofSeconds(10));
            assertEquals("20362", b.find("#search-results li[data-code]").getAttribute("data-code"));
            b.find("#search-input").sendKeys(Keys.ENTER);
            b.waitFor("window.atlas.map.getZoom() >= 12", Duration.ofSeconds(10));
            List<?> centre = (List<?>) b.js("const c = window.atlas.map.getCenter(); return [c.lat, c.lng];");
            double lat = ((Number) centre.get(0)).doubleValue();
            double lon = ((Number) centre.get(1)).doubleValue();
            // Tam Thăng's box in the demo data
            assertTrue(lat > 15.595 && lat < 15.633 && lon > 108.449 && lon < 108.493, "centred on Tam Thăng: " + lat + ", " + lon);
            b.screenshot("05-search-tam-thang");
            b.find("#search-input").clear();
            b.find("#search-input").sendKeys("kim doi");
            b.waitFor("document.querySelector('#search-results li[data-kind=\"village\"]')", Duration.ofSeconds(10));
            assertTrue(b.find("#search-results li[data-kind='village']").getText().contains("Kim Đới"));
        }
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void theLanguageSwitchChangesTheInterface(Browser.Size size) {
        try (Browser b = load(size)) {
            assertEquals("vi", b.js("return document.documentElement.lang;"));
            assertEquals("Tìm xã, thôn, mô hình…", b.find("#search-input").getAttribute("placeholder"));
            // the base map chosen before the switch is still the one chosen after it
            String baseChecked = "return document.querySelector(\"span[data-base='osm']\").closest('label').querySelector('input').checked;";
            b.js("document.querySelector(\"span[data-base='osm']\").closest('label').querySelector('input').click();");
            assertEquals(true, b.js(baseChecked));
            b.find("#lang").click();
            b.waitFor("document.documentElement.lang === 'en'", Duration.ofSeconds(10));
            assertEquals("Find a commune, village, model…", b.find("#search-input").getAttribute("placeholder"));
            assertTrue(b.find("#legend").getText().startsWith("Legend"));
            assertTrue((Boolean) b.js("return [...document.querySelectorAll('span[data-layer]')].some(s => s.textContent === 'Households');"));
            assertEquals(true, b.js(baseChecked), "the OpenStreetMap base is still chosen in English");
            // the data's English names: models (found by their English names too), scenarios
            b.js("const i = document.getElementById('model-search'); i.value = '5 in 1'; i.dispatchEvent(new Event('input'));");
            b.waitFor("[...document.querySelectorAll('#model-list li')].some(li => li.textContent === '\"5 in 1\" self-management group')",
                    Duration.ofSeconds(10));
            assertTrue((Boolean) b.js("return [...document.querySelectorAll('#scenario option')].some(o => o.textContent.startsWith('Tam Kỳ river – alarm level III'));"));
            assertEquals(1L, ((Number) b.js("return document.querySelectorAll('.leaflet-control-layers-base input:checked').length;")).longValue());
            b.screenshot("06-english");
            b.find("#lang").click();
            b.waitFor("document.documentElement.lang === 'vi'", Duration.ofSeconds(10));
            assertTrue(b.find("#legend").getText().startsWith("Chú giải"));
        }
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void theVn2000ReadoutMatchesTheTestVector(Browser.Size size) {
        try (Browser b = load(size)) {
            // FACTS.md §3: WGS 84 15.573 N, 108.474 E → EPSG:5899 E 577454.189, N 1722465.313
            List<?> exact = (List<?>) b.js("return window.atlas.toVn2000(15.573, 108.474);");
            assertEquals(577_454.189, ((Number) exact.get(0)).doubleValue(), 0.01);
            assertEquals(1_722_465.313, ((Number) exact.get(1)).doubleValue(), 0.01);
            view(b, 15.573, 108.474, 20);
            if (size == Browser.Size.DESKTOP) {
                new Actions(b.driver()).moveToElement(b.find("#map"), 1, 1).moveToElement(b.find("#map")).perform();
            } else {
                b.js("window.atlas.map.panBy([1, 0], {animate: false}); window.atlas.map.panBy([-1, 0], {animate: false});");
            }
            b.waitFor("document.querySelector('#coords .vn2000')", Duration.ofSeconds(5));
            double e = Double.parseDouble(b.find("#coords .vn2000").getAttribute("data-e"));
            double n = Double.parseDouble(b.find("#coords .vn2000").getAttribute("data-n"));
            System.out.println("EPSG:5899 readout (" + size + "): E " + e + " N " + n);
            assertEquals(577_454.189, e, 1.0);
            assertEquals(1_722_465.313, n, 1.0);
            b.screenshot("07-coordinates");
        }
    }
}
