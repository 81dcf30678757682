package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The map as its users meet it, journey by journey in Chromium: a Mass Mobilization official finds a model from the
 * opening view and plays its spread; a militia member taps a household on a phone and records its evacuation; the
 * phone's header holds its buttons. Each journey ends with a screenshot under target/screenshots.
 */
class MapJourneysTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TAM_THANG = "20362";

    /** Tile requests that did not answer 200 or 204 (the map asks for whole zooms only, inside each layer's bounds). */
    private static final String FAILED_TILES = "return performance.getEntriesByType('resource')"
            + ".filter(e => e.name.includes('/tiles/') && e.name.endsWith('.mvt') && ![200, 204, 304].includes(e.responseStatus))"
            + ".map(e => e.name + ' ' + e.responseStatus);";

    /** Communes drawn filled by the coverage colours. */
    private static final String COLOURED = "[...document.querySelectorAll('.leaflet-communes-pane path')]"
            + ".filter(p => p.getAttribute('fill') && p.getAttribute('fill') !== 'none').length";

    private static Browser open(Browser.Size size) {
        Browser b = Browser.open(size);
        b.get(server.base() + "/");
        b.waitFor("window.atlas && window.atlas.ready && window.atlas.firstDrawMs !== null", WAIT);
        return b;
    }

    @Test
    void aModelPickedAtTheOpeningViewIsTheFirstHitTheMapGoesThereAndPlaysWithoutLosingColours() {
        try (Browser b = open(Browser.Size.DESKTOP)) {
            double openingZoom = ((Number) b.js("return window.atlas.map.getZoom();")).doubleValue();
            assertEquals(Math.rint(openingZoom), openingZoom, "the map opens at a whole zoom");

            // the header search ranks the model above villages whose names merely resemble it
            b.find("#search-input").sendKeys("to tu quan 5 trong 1");
            b.waitFor("document.querySelectorAll('#search-results li[data-kind]').length > 0", WAIT);
            WebElement first = b.find("#search-results li[data-kind]");
            assertEquals("model", first.getAttribute("data-kind"));
            assertTrue(first.getText().contains("Tổ tự quản \"5 trong 1\""), first.getText());
            // chosen there, it is the model the coverage panel shows
            first.click();
            b.waitFor("document.getElementById('panel-coverage').dataset.model === '2'", WAIT);
            assertTrue(b.find("#search-results").getAttribute("hidden") != null, "the list is put away");
            b.find("#search-input").clear();
            // back to the opening view
            b.js("window.atlas.map.fitBounds([[15.0, 107.2], [16.15, 108.8]], {animate: false});");
            assertEquals(openingZoom, ((Number) b.js("return window.atlas.map.getZoom();")).doubleValue());
            b.find("#model-search").clear();

            // the model picker, with the words as typed on a phone keyboard: no diacritics, no quote marks
            b.find("#model-search").sendKeys("to tu quan 5 trong 1");
            b.waitFor("document.querySelector('#model-list li[data-id]') && document.querySelector('#model-list li[data-id]').dataset.id === '2'", WAIT);
            assertEquals("Tổ tự quản \"5 trong 1\"", b.find("#model-list li").getText(), "the model is the first hit");
            b.find("#model-list li").click();
            b.waitFor("document.getElementById('panel-coverage').dataset.model === '2'", WAIT);

            // the map flies to the model's villages (Tam Kỳ and Phú Ninh) and colours their communes
            List<?> box = (List<?>) b.jsAsync("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/models/2').then(r => r.json()).then(m => done(m.bbox));");
            // a flight of 0.6 s passes zoom 10 on its way: wait for where it lands, not for a zoom it flies through
            b.waitFor("(() => { const c = window.atlas.map.getCenter();"
                    + " return window.atlas.map.getZoom() >= 10 && c.lng >= " + num(box, 0) + " && c.lng <= " + num(box, 2)
                    + " && c.lat >= " + num(box, 1) + " && c.lat <= " + num(box, 3) + "; })()", WAIT);
            b.waitFor(COLOURED + " > 10", WAIT);
            b.waitFor("document.querySelector('.leaflet-communes-pane path.unit-" + TAM_THANG + ".full-adoption')", WAIT);
            List<?> centre = (List<?>) b.js("const c = window.atlas.map.getCenter(); return [c.lng, c.lat, window.atlas.map.getZoom()];");
            double lon = ((Number) centre.get(0)).doubleValue();
            double lat = ((Number) centre.get(1)).doubleValue();
            assertTrue(lon >= num(box, 0) && lon <= num(box, 2) && lat >= num(box, 1) && lat <= num(box, 3),
                    "centred in the model's box " + box + ": " + centre);
            assertTrue(num(centre, 2) > openingZoom, "zoomed in from " + openingZoom + " to " + centre.get(2));
            assertEquals(List.of(), b.js(FAILED_TILES), "no tile request failed");
            assertTrue(b.find("#toast").getAttribute("hidden") != null, "no error shown");
            b.screenshot("40-model-picked");

            // the full-adoption chips take the map to their commune
            b.js("window.atlas.map.setView([15.6, 108.3], 9, {animate: false});");
            b.js("arguments[0].scrollIntoView({block: 'center'});", b.find("#full-communes .chip[data-code='" + TAM_THANG + "']"));
            b.find("#full-communes .chip[data-code='" + TAM_THANG + "']").click();
            b.waitFor("window.atlas.map.getZoom() >= 12 && window.atlas.map.getBounds().contains([15.61, 108.47])", WAIT);

            // play from the model's founding month; sample the map every 25 ms while it plays
            String founded = (String) b.jsAsync("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/models/2').then(r => r.json()).then(m => done(m.founded_on));");
            b.js("window.atlas.map.setView([15.58, 108.5], 11, {animate: false});");
            b.waitFor(COLOURED + " > 10", WAIT);
            b.js("""
                    const panel = document.getElementById('panel-coverage');
                    window.playWatch = { frames: [], minColoured: Infinity, samples: 0 };
                    window.playWatch.timer = setInterval(() => {
                      const w = window.playWatch;
                      const n = %s;
                      w.samples += 1;
                      w.minColoured = Math.min(w.minColoured, n);
                      if (w.frames[w.frames.length - 1] !== panel.dataset.asOf) { w.frames.push(panel.dataset.asOf); }
                    }, 25);""".formatted(COLOURED));
            b.find("#coverage-play").click();
            b.waitFor("window.playWatch.frames.length >= 14", Duration.ofSeconds(60));
            b.find("#coverage-play").click();
            b.js("clearInterval(window.playWatch.timer);");
            @SuppressWarnings("unchecked")
            Map<String, Object> watch = (Map<String, Object>) b.js("return window.playWatch;");
            List<?> frames = (List<?>) watch.get("frames");
            System.out.println("played " + frames.size() + " months from " + frames.get(1) + " (founded " + founded + "); "
                    + watch.get("samples") + " samples, fewest coloured communes in one " + watch.get("minColoured"));
            // the frame before play is today's; play starts at the end of the founding month
            assertEquals(java.time.YearMonth.parse(founded.substring(0, 7)).atEndOfMonth().toString(), frames.get(1), "starts where the model began");
            assertTrue(((Number) watch.get("minColoured")).intValue() > 10, "every sample had its colours: " + watch);
            assertEquals(List.of(), b.js(FAILED_TILES));
            b.screenshot("41-model-played");
            assertEquals(List.of(), b.consoleErrors());
        }
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void aHouseholdDotOpensItsCardAndItsOfficerRecordsTheEvacuation(Browser.Size size) {
        String officerName = "journey.officer." + size.name().toLowerCase();
        Accounts.create(url, officerName, Viewer.Role.OFFICER, TAM_THANG);
        List<Object> h = Sql.rows(url, "SELECT h.id, ST_Y(h.geom), ST_X(h.geom), v.name, c.name FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit c ON c.id = v.commune_id WHERE c.code = ? AND h.status = 'safe' AND h.site_id IS NULL AND h.members <= 4 "
                + "ORDER BY h.id OFFSET ? LIMIT 1", TAM_THANG, size == Browser.Size.PHONE ? 40 : 80).get(0);
        long id = ((Number) h.get(0)).longValue();
        String village = (String) h.get(3);
        try (Browser b = open(size)) {
            // anyone: the card says where the household is and how many live there, with no form
            tapHousehold(b, h);
            b.waitFor("document.querySelector('.household-card .where')", WAIT);
            assertTrue(b.find(".household-card .where").getText().contains(village), b.find(".household-card").getText());
            assertEquals(0, b.count(".household-card .status-form"));
            assertEquals(0, b.count(".household-card .personal"));

            b.js("window.atlas.map.closePopup();");
            if (size == Browser.Size.PHONE) {
                b.find("#drawer-toggle").getRect(); // the header is laid out; sign-in is in it on phones too
            }
            b.signIn(officerName, Accounts.PASSWORD);
            tapHousehold(b, h);
            b.waitFor("document.querySelector('.household-card .status-form')", WAIT);
            assertTrue(b.find(".household-card .where").getText().contains(village));
            assertTrue(b.find(".household-card .where").getText().contains((String) h.get(4)), "and its commune");
            assertEquals(1, b.count(".household-card .personal"), "the officer of the commune sees who lives there");
            for (String control : List.of("select[name='status']", "button[type='submit']")) {
                var r = b.find(".household-card " + control).getRect();
                assertTrue(r.getHeight() >= 44, control + " is " + r.getHeight() + " px tall");
            }
            new Select(b.find(".household-card select[name='status']")).selectByValue("evacuated");
            b.waitFor("!document.querySelector('.household-card .site-row').hidden", WAIT);
            List<WebElement> options = new Select(b.find(".household-card select[name='site']")).getOptions();
            assertFalse(options.isEmpty());
            List<String> labels = options.stream().map(WebElement::getText).toList();
            assertEquals(labels.size(), labels.stream().distinct().count(), "no site offered twice: " + labels);
            assertTrue(labels.stream().allMatch(l -> l.matches(".* — còn [0-9.]+ chỗ, [0-9]+,[0-9] km")), labels.toString());
            // the form stays on screen as it grows
            b.waitFor("(() => { const r = document.querySelector('.household-card button[type=submit]').getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; })()", WAIT);
            b.screenshot("42-household-card-officer");
            b.find(".household-card button[type='submit']").click();
            b.waitFor("document.querySelector('.household-card [role=status]') "
                    + "&& document.querySelector('.household-card [role=status]').textContent === 'Đã lưu.'", WAIT);
            assertEquals("Đã sơ tán", b.find(".household-card .status").getText(), "the card shows the new status");
            b.waitFor("document.querySelector('.leaflet-households-pane path.household.status-evacuated')", WAIT);
            assertEquals("evacuated", Sql.scalar(url, "SELECT status FROM household WHERE id = ?", id));
            assertNotNull(Sql.scalar(url, "SELECT site_id FROM household WHERE id = ?", id));
            b.screenshot("43-household-saved");
            assertEquals(List.of(), b.consoleErrors());
        }
    }

    @Test
    void onSlow3GThePhoneSaysItIsLoadingAndDrawsTheMapBeforeTheExtras() {
        try (Browser b = Browser.open(Browser.Size.PHONE)) {
            // Chromium's "Slow 3G" preset (DevTools, Puppeteer): 400 ms × 5 a round trip, 500 kbit/s × 0.8 each way
            var devtools = (org.openqa.selenium.chromium.ChromiumDriver) b.driver();
            devtools.executeCdpCommand("Network.enable", Map.of());
            devtools.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 2000,
                    "downloadThroughput", 50_000, "uploadThroughput", 50_000));
            // navigated without waiting for the page's load event, to see what the phone shows while the rest comes
            devtools.executeCdpCommand("Page.navigate", Map.of("url", server.base() + "/"));
            b.waitFor("document.querySelector('.first-view text') !== null"
                    + " && performance.getEntriesByName('first-contentful-paint').length > 0", Duration.ofSeconds(60));
            // the province as the page itself draws it — its 17 districts, their names, the map's width — seen in one look
            // (the map may draw its tiles any moment and take it away)
            @SuppressWarnings("unchecked")
            Map<String, Object> seen = (Map<String, Object>) b.js("const s = document.querySelector('.first-view');"
                    + " if (!s) { return null; }"
                    + " return { at: performance.now(), districts: s.querySelectorAll('.district path').length,"
                    + " names: [...s.querySelectorAll('text')].map(t => t.textContent),"
                    + " width: s.querySelector('.district').getBoundingClientRect().width,"
                    + " mapWidth: document.getElementById('map').getBoundingClientRect().width,"
                    + " loading: !!document.getElementById('map-loading') };");
            assertNotNull(seen, "the first view was on screen until the map drew");
            b.screenshot("47-slow-3g-first-view");
            assertEquals(17L, seen.get("districts"));
            assertTrue(((List<?>) seen.get("names")).contains("Tam Kỳ"), seen.get("names").toString());
            assertEquals(17, ((List<?>) seen.get("names")).size());
            assertTrue(((Number) seen.get("width")).doubleValue() > ((Number) seen.get("mapWidth")).doubleValue() * 0.6,
                    "the province fills the phone's width: " + seen);
            assertEquals(true, seen.get("loading"), "the map says it is loading while it has only the page's drawing");
            b.waitFor("window.atlas && window.atlas.firstDrawMs !== null", Duration.ofSeconds(120));
            assertEquals(0, b.count("#map-loading"), "the notice goes when the map draws");
            b.waitFor("window.atlas.extrasReady", Duration.ofSeconds(120));
            double firstPaint = ((Number) b.js("const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : -1;"))
                    .doubleValue();
            double firstDraw = ((Number) b.js("return window.atlas.firstDrawAt;")).doubleValue();
            System.out.println(b.js("return performance.getEntriesByType('resource').map(e => Math.round(e.startTime) + '-' + Math.round(e.responseEnd) + ' ' + e.transferSize + '/' + e.decodedBodySize + ' ' + e.name.replace(location.origin, '')).join('\\n');"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> extras = (List<Map<String, Object>>) b.js("return performance.getEntriesByType('resource')"
                    + ".filter(e => /proj4|uplot|uPlot|leaflet-draw|leaflet\\.draw/.test(e.name)).map(e => ({name: e.name, start: e.startTime}));");
            double loaded = ((Number) b.js("return performance.getEntriesByType('navigation')[0].loadEventStart;")).doubleValue();
            System.out.printf("Slow 3G phone (Chromium's preset: 2 s round trips, 50 kB/s): first view (the province drawn by the page) %.0f ms,"
                    + " page loaded %.0f ms, map drawn %.0f ms after navigation; extras: %s%n", firstPaint, loaded, firstDraw, extras);
            assertTrue(firstPaint > 0 && firstPaint < firstDraw, "something is on screen before the map: " + firstPaint + " < " + firstDraw);
            assertFalse(extras.isEmpty(), "the VN-2000 library came in the end");
            for (Map<String, Object> e : extras) {
                assertTrue(((Number) e.get("start")).doubleValue() >= firstDraw, e.get("name") + " asked for before the map drew");
            }
            b.screenshot("48-slow-3g-drawn");
            assertEquals(List.of(), b.consoleErrors());

            // the second visit, same network: the app comes from the phone (the service worker), the data from the server
            b.waitFor("window.atlas.offlineReady", Duration.ofSeconds(180));
            b.get(server.base() + "/");
            b.waitFor("window.atlas && window.atlas.firstDrawMs !== null", Duration.ofSeconds(120));
            double again = ((Number) b.js("return window.atlas.firstDrawAt;")).doubleValue();
            System.out.printf("Slow 3G phone, second visit: map drawn %.0f ms after navigation (first visit %.0f ms)%n", again, firstDraw);
            assertTrue(again < firstDraw, "the kept app draws sooner: " + again + " vs " + firstDraw);
        }
    }

    @Test
    void thePhoneHeaderFitsSignedInAndOut() {
        Accounts.create(url, "journey.header", Viewer.Role.OFFICER, TAM_THANG);
        try (Browser b = open(Browser.Size.PHONE)) {
            assertHeaderFits(b, "signed out");
            b.screenshot("44-phone-header-signed-out");
            b.signIn("journey.header", Accounts.PASSWORD);
            assertHeaderFits(b, "signed in");
            assertTrue(b.find("#sign-out").isDisplayed());
            b.screenshot("45-phone-header-signed-in");
            b.find("#sign-out").click();
            b.waitFor("document.getElementById('sign-in')", WAIT);
        }
    }

    @Test
    void theSheetOfTamThangPrintsWithItsCommuneAndPageNumbersOnEveryPage() throws Exception {
        Accounts.create(url, "journey.sheet", Viewer.Role.OFFICER, TAM_THANG);
        var officer = server.signIn("journey.sheet", Accounts.PASSWORD);
        int flood = org.communeatlas.testing.TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        assertEquals(201, officer.send("POST", "/api/floods/" + flood + "/plan", "{}").statusCode());
        try (Browser b = open(Browser.Size.DESKTOP)) {
            b.signIn("journey.sheet", Accounts.PASSWORD);
            b.get(server.base() + "/api/floods/" + flood + "/plan/sheet?commune=" + TAM_THANG);
            b.waitFor("document.readyState === 'complete' && document.fonts.status === 'loaded'", WAIT);
            b.screenshot("46-plan-sheet");
            org.openqa.selenium.print.PrintOptions options = new org.openqa.selenium.print.PrintOptions();
            options.setPageSize(new org.openqa.selenium.print.PageSize(29.7, 21.0));   // A4, as the sheet asks
            options.setPageMargin(new org.openqa.selenium.print.PageMargin(0, 0, 0, 0)); // the sheet's own @page margins
            options.setBackground(true);
            byte[] pdf = java.util.Base64.getDecoder().decode(((org.openqa.selenium.PrintsPage) b.driver()).print(options).getContent());
            java.nio.file.Files.write(java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"))
                    .resolve("46-plan-sheet-tam-thang.pdf"), pdf);
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                int pages = doc.getNumberOfPages();
                var text = new org.apache.pdfbox.text.PDFTextStripper();
                List<String> missing = new ArrayList<>();
                for (int p = 1; p <= pages; p++) {
                    text.setStartPage(p);
                    text.setEndPage(p);
                    String page = text.getText(doc);
                    if (!page.contains("Tam Thăng") || !page.contains("Trang " + p + " / " + pages)) {
                        missing.add("page " + p + ": " + page.lines().limit(3).toList());
                    }
                    if (p == 1) {
                        assertTrue(page.contains("Ư.t") || page.contains("Ưu tiên"), "the marks are explained on the first page");
                    }
                }
                System.out.println("plan sheet of Tam Thăng: " + pages + " A4 pages, " + pdf.length + " bytes");
                assertEquals(List.of(), missing, "every page names the commune and carries its number");
                assertTrue(pages <= 20, pages + " pages");
            }
        }
    }

    /** Every control of the header inside the 390 px screen and the header at most two rows of touch targets. */
    private static void assertHeaderFits(Browser b, String state) {
        long height = ((Number) b.js("return document.querySelector('.topbar').getBoundingClientRect().height;")).longValue();
        assertTrue(height <= 112, "header " + height + " px tall " + state);
        @SuppressWarnings("unchecked")
        List<String> outside = (List<String>) b.js("""
                const bar = document.querySelector('.topbar').getBoundingClientRect();
                return [...document.querySelectorAll('.topbar button, .topbar input, .topbar .who')]
                  .filter(e => e.offsetParent !== null)
                  .filter(e => { const r = e.getBoundingClientRect();
                                 return r.left < 0 || r.right > window.innerWidth || r.top < bar.top || r.bottom > bar.bottom; })
                  .map(e => e.id || e.className);""");
        assertEquals(List.of(), outside, "controls off the header " + state);
        System.out.println("phone header " + state + ": " + height + " px");
    }

    /** Shows the household at zoom 17 and taps (clicks) its dot where it is drawn. */
    private static void tapHousehold(Browser b, List<Object> h) {
        b.js("window.atlas.map.setView([arguments[0], arguments[1]], 17, {animate: false});", h.get(1), h.get(2));
        b.waitFor("document.querySelectorAll('.leaflet-households-pane path.household').length > 0", WAIT);
        // the dots nearest the centre first: the household is at the centre, a neighbour may be drawn over it
        @SuppressWarnings("unchecked")
        List<WebElement> dots = (List<WebElement>) b.js("""
                const m = document.getElementById('map').getBoundingClientRect();
                const cx = m.left + m.width / 2, cy = m.top + m.height / 2;
                const d = (p) => { const r = p.getBoundingClientRect(); return Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy); };
                return [...document.querySelectorAll('.leaflet-households-pane path.household')].sort((a, b) => d(a) - d(b)).slice(0, 3);""");
        List<String> refused = new ArrayList<>();
        for (WebElement dot : dots) {
            try {
                dot.click();
                b.waitFor("document.querySelector('.household-card')", WAIT);
                long opened = ((Number) b.js("return Number(document.querySelector('.household-card').dataset.household);")).longValue();
                assertEquals(((Number) h.get(0)).longValue(), opened, "the card of the household tapped");
                return;
            } catch (ElementClickInterceptedException e) {
                refused.add(e.getMessage().lines().findFirst().orElse(""));
            } catch (org.openqa.selenium.TimeoutException e) {
                refused.add("no card: " + b.consoleErrors() + " " + b.js("return document.querySelector('.leaflet-popup') && document.querySelector('.leaflet-popup').textContent;"));
            }
        }
        throw new AssertionError("no household dot could be tapped: " + refused);
    }

    private static double num(List<?> list, int i) {
        return ((Number) list.get(i)).doubleValue();
    }
}
