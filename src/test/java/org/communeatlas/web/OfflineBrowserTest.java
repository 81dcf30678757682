package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * On a phone at 390×844, the map opens with the network and the server gone: the last view, its tiles and a banner
 * with the time of the data come back from what the service worker kept. Nothing private was kept.
 */
class OfflineBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theLastViewItsTilesAndTheBannerComeBackOffline() {
        TestServer own = new TestServer(url); // this one is stopped: the server gone
        boolean stopped = false;
        try (Browser phone = Browser.open(Browser.Size.PHONE)) {
            phone.get(own.base() + "/");
            phone.waitFor("window.atlas && window.atlas.ready && window.atlas.firstDrawMs !== null", WAIT);
            phone.waitFor("window.atlas.offlineReady && navigator.serviceWorker.controller !== null", WAIT);
            phone.js("window.atlas.map.setView([15.573, 108.474], 14);");
            String tilesKept = "const done = arguments[arguments.length - 1];"
                    + "caches.open('atlas-data-v1').then(c => c.keys()).then(k => done(k.filter(r => r.url.includes('/tiles/') && r.url.includes('/14/')).length));";
            long started = System.nanoTime();
            long kept = 0;
            while (kept < 4 && System.nanoTime() - started < WAIT.toNanos()) {
                kept = ((Number) phone.jsAsync(tilesKept)).longValue();
            }
            assertTrue(kept >= 4, "zoom-14 tiles kept on the device: " + kept);
            // nothing personal or private was kept: no session, no household card
            String privateKept = (String) phone.jsAsync("const done = arguments[arguments.length - 1];"
                    + "Promise.all(['atlas-data-v1', 'atlas-shell-v1'].map(n => caches.open(n).then(c => c.keys())))"
                    + ".then(ks => done(ks.flat().map(r => r.url).filter(u => u.includes('/api/session') || u.includes('/api/households/')).join(' ')));");
            assertEquals("", privateKept);

            var devtools = (org.openqa.selenium.chromium.ChromiumDriver) phone.driver();
            devtools.executeCdpCommand("Network.enable", Map.of());
            devtools.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            own.close();
            stopped = true;
            phone.driver().navigate().refresh();
            try {
                phone.waitFor("window.atlas && window.atlas.ready", WAIT);
            } catch (RuntimeException e) {
                phone.screenshot("40-offline-failed");
                throw new AssertionError("offline start: " + phone.js("return document.title + ' | ' + document.body.innerText.slice(0, 300);")
                        + " | console: " + phone.consoleErrors(), e);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> view = (Map<String, Object>) phone.js("const c = window.atlas.map.getCenter();"
                    + "return { lat: c.lat, lng: c.lng, zoom: window.atlas.map.getZoom() };");
            assertEquals(14L, ((Number) view.get("zoom")).longValue());
            assertEquals(15.573, ((Number) view.get("lat")).doubleValue(), 1e-3);
            assertEquals(108.474, ((Number) view.get("lng")).doubleValue(), 1e-3);
            phone.waitFor("window.atlas.firstDrawMs !== null", WAIT);
            phone.waitFor("!document.getElementById('offline-banner').hidden", WAIT);
            String banner = phone.find("#offline-banner").getText();
            assertTrue(banner.startsWith("Ngoại tuyến — đang xem dữ liệu lưu trên máy lúc"), banner);
            long tiles = ((Number) phone.js("return document.querySelectorAll('.leaflet-tile-container canvas, .leaflet-tile-container svg').length;"))
                    .longValue();
            assertTrue(tiles > 0, "tiles drawn from the device: " + tiles);
            phone.screenshot("40-offline-phone");
            System.out.printf("offline start: %d zoom-14 tiles kept, %d tiles drawn, banner \"%s\"%n", kept, tiles, banner);
        } finally {
            if (!stopped) {
                own.close();
            }
        }
    }
}
