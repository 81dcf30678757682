package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Relay;
import org.communeatlas.testing.Sql;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * The field app on a 390×844 phone: an officer downloads Tam Thăng's pack, goes offline, marks three households
 * evacuated in two taps each, comes back online — the server has each change once, even when the queue is sent again
 * (the answers lost); the one refused because its site filled meanwhile waits for review; a second browser heard the
 * others live; signing out leaves nothing in IndexedDB or the caches.
 */
class FieldAppTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TAM_THANG = "20362";

    private static void offline(Browser b, boolean off) {
        ChromiumDriver d = (ChromiumDriver) b.driver();
        d.executeCdpCommand("Network.enable", Map.of());
        d.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", off, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    @Test
    void anOfficerWorksOfflineAndEachChangeArrivesOnce() {
        Accounts.create(url, "field.officer", Viewer.Role.OFFICER, TAM_THANG);
        try (Browser phone = Browser.open(Browser.Size.PHONE); Browser desk = Browser.open(Browser.Size.DESKTOP)) {
            desk.get(server.base() + "/");
            desk.waitFor("window.atlas && window.atlas.ready", WAIT);
            desk.js("window.heard = []; const es = new EventSource('/api/events');"
                    + "es.addEventListener('household', e => window.heard.push(JSON.parse(e.data)));");

            phone.get(server.base() + "/");
            phone.waitFor("window.atlas && window.atlas.ready && window.atlas.offlineReady", WAIT);
            // at the province view the district names are written without overlapping
            phone.waitFor("document.querySelectorAll('.unit-label').length > 5", WAIT);
            String overlaps = "const rs = [...document.querySelectorAll('.unit-label')].filter(n => n.style.visibility !== 'hidden')"
                    + ".map(n => n.getBoundingClientRect()); let n = 0;"
                    + "rs.forEach((a, i) => rs.slice(i + 1).forEach(b => { if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) n++; }));"
                    + "return [n, rs.length];";
            phone.waitFor("(() => { " + overlaps.replace("return", "const x =") + " return x[0] === 0; })()", Duration.ofSeconds(10));
            List<?> labels = (List<?>) phone.js(overlaps);
            assertTrue(((Number) labels.get(1)).intValue() >= 8, "names still shown: " + labels);
            phone.screenshot("49-phone-province-labels");
            // the flood of the day, as the steering committee entered it: the pack carries it
            var desk0 = server.signIn("field.officer", Accounts.PASSWORD);
            assertEquals(201, desk0.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}").statusCode());
            phone.signIn("field.officer", Accounts.PASSWORD);
            phone.find("#drawer-toggle").click();
            phone.waitFor("!document.getElementById('panel-field').hidden && document.getElementById('pack-size').textContent !== ''", WAIT);
            // the pack picker names the commune, not only its code
            phone.waitFor("document.querySelector('#pack-commune option').textContent === 'Xã Tam Thăng (20362)'", WAIT);
            long households = Sql.count(url, "SELECT count(*) FROM household WHERE commune_code = ?", TAM_THANG);
            String size = phone.find("#pack-size").getText();
            assertTrue(size.contains(String.format(java.util.Locale.GERMANY, "%,d", households)), size + " vs " + households);
            // the same pack as files QGIS and QField open: both links on the panel, each a file the officer gets
            String files = (String) phone.js("const a = document.getElementById('pack-gpkg'), b = document.getElementById('pack-pmtiles');"
                    + "return [document.getElementById('pack-files').textContent, a.getAttribute('href'), b.getAttribute('href')].join('|');");
            assertEquals("Gói cho QGIS, QField, Mergin Maps: GeoPackage (dữ liệu) · PMTiles (bản đồ)|/api/pack/20362.gpkg|/api/pack/20362.pmtiles", files);
            Object fetched = phone.jsAsync("const done = arguments[arguments.length - 1];"
                    + "Promise.all(['pack-gpkg', 'pack-pmtiles'].map(id => fetch(document.getElementById(id).href)"
                    + ".then(r => r.status + ' ' + r.headers.get('Content-Type')))).then(s => done(s.join(', ')));");
            assertEquals("200 application/geopackage+sqlite3, 200 application/vnd.pmtiles", fetched);
            phone.js("arguments[0].scrollIntoView({block: 'center'});", phone.find("#pack-download"));
            phone.find("#pack-download").click();
            phone.waitFor("window.atlas.field.pack() !== null && document.getElementById('pack-progress').value === document.getElementById('pack-progress').max"
                    + " && document.querySelectorAll('#village-list button').length > 0", WAIT);
            assertEquals(households, ((Number) phone.js("return window.atlas.field.pack().households.length;")).longValue());
            assertTrue((Boolean) phone.js("return window.atlas.field.pack().households.every(h => h.head_name !== undefined && h.etag);"),
                    "the officer's pack holds the personal fields and versions");
            phone.screenshot("50-field-villages");

            assertTrue(phone.find("#pack-flood").getText().startsWith("Lũ "), phone.find("#pack-flood").getText());
            // the village with the most families cut off; its families in the order the field needs them: vulnerable first,
            // then cut off, then in the water
            String hardest = (String) phone.js("const n = {}; window.atlas.field.pack().households.filter(h => h.impact === 'isolated')"
                    + ".forEach(h => { n[h.village_code] = (n[h.village_code] || 0) + 1; });"
                    + "return Object.entries(n).sort((a, b) => b[1] - a[1])[0][0];");
            phone.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", phone.find("#village-list button[data-village='" + hardest + "']"));
            phone.waitFor("document.querySelectorAll('#household-list .evacuate').length >= 3", WAIT);
            List<?> ranks = (List<?>) phone.js("const byId = new Map(window.atlas.field.pack().households.map(h => [String(h.id), h]));"
                    + "return [...document.querySelectorAll('#household-list li')].map(li => byId.get(li.dataset.household))"
                    + ".map(h => h.priority * 10 + ({isolated: 0, flooded: 1}[h.impact] ?? 2));");
            for (int i = 1; i < ranks.size(); i++) {
                assertTrue(((Number) ranks.get(i - 1)).intValue() <= ((Number) ranks.get(i)).intValue(), "in order: " + ranks);
            }
            assertTrue(ranks.stream().anyMatch(r -> ((Number) r).intValue() % 10 == 0), "cut-off families listed: " + ranks);
            assertTrue(phone.find("#household-list").getText().contains("bị cô lập"), "and said to be");
            phone.screenshot("51-field-households");
            // a family found by name typed without diacritics, in a village of a hundred and more
            String head = (String) phone.js("return window.atlas.field.pack().households.find(h => h.village_code === arguments[0] && h.head_name)"
                    + ".head_name;", hardest);
            String typed = java.text.Normalizer.normalize(head, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('đ', 'd')
                    .replace('Đ', 'D').toLowerCase(java.util.Locale.ROOT);
            long all = phone.count("#household-list li");
            phone.find("#household-search").sendKeys(typed);
            phone.waitFor("document.querySelectorAll('#household-list li').length < " + all, WAIT);
            List<?> found = (List<?>) phone.js("return [...document.querySelectorAll('#household-list li strong')].map(s => s.textContent);");
            assertTrue(found.contains(head) && found.size() < all, typed + " → " + found);
            phone.js("const s = document.getElementById('household-search'); s.value = ''; s.dispatchEvent(new Event('input'));");
            phone.waitFor("document.querySelectorAll('#household-list li').length === " + all, WAIT);
            offline(phone, true);
            List<Long> marked = new java.util.ArrayList<>();
            int firstSite = -1;
            java.util.Set<Integer> used = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                // found and tapped in one step: the list is drawn again when the queue has tried the network
                long tapped = ((Number) phone.js("const b = document.querySelector('#household-list li .evacuate');"
                        + " b.scrollIntoView({block: 'center'}); b.click(); return Number(b.closest('li').dataset.household);")).longValue();
                marked.add(tapped);
                phone.waitFor("document.querySelectorAll('#site-list button.site').length > 1", WAIT);
                if (i == 0) {
                    // the sites come up where the thumb is: inside the screen, without scrolling to the end of the village
                    List<?> box = (List<?>) phone.js("const r = document.querySelector('#site-list button.site').getBoundingClientRect();"
                            + " return [r.top, r.bottom, window.innerHeight];");
                    double top = ((Number) box.get(0)).doubleValue(), bottom = ((Number) box.get(1)).doubleValue();
                    assertTrue(top >= 0 && bottom <= ((Number) box.get(2)).doubleValue(), "the first site offered is on screen: " + box);
                    assertTrue(phone.find("#site-list .sheet-head").getText().startsWith("Sơ tán"), phone.find("#site-list .sheet-head").getText());
                    phone.screenshot("52-field-sites");
                }
                // the first two to the nearest site (the second to the first's, when it is offered), the third to another
                var offered = phone.findAll("#site-list button.site");
                var site = i == 0 ? offered.get(0) : i == 1
                        ? offered.stream().filter(b -> used.contains(Integer.parseInt(b.getAttribute("data-site")))).findFirst().orElse(offered.get(0))
                        : offered.stream().filter(b -> !used.contains(Integer.parseInt(b.getAttribute("data-site")))).findFirst().orElseThrow();
                int siteId = Integer.parseInt(site.getAttribute("data-site"));
                firstSite = i == 0 ? siteId : firstSite;
                used.add(siteId);
                phone.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", site);
                final int n = i + 1;
                phone.waitFor("document.getElementById('outbox-count').textContent.startsWith('" + n + " ')", WAIT);
                if (i == 2) {
                    assertFalse(siteId == firstSite);
                    // meanwhile the third one's site fills up (another commune's families, a late count)
                    Sql.update(url, "UPDATE evacuation_point SET reserved = capacity_day - occupancy WHERE id = ?", siteId);
                }
            }
            // and a site of the village reports, still offline: closed (or opened), then its people counted, with a note
            phone.waitFor("document.querySelectorAll('#site-report-list li').length > 0", WAIT);
            int reported = -1;
            for (var li : phone.findAll("#site-report-list li")) {
                // a site none of the three went to (their check-ins move its version: a report made before them would be stale)
                int id = Integer.parseInt(li.getAttribute("data-site"));
                if (!used.contains(id)) {
                    reported = id;
                    break;
                }
            }
            assertTrue(reported > 0, "a site to report on");
            String row = "#site-report-list li[data-site='" + reported + "'] ";
            boolean wasOpen = (Boolean) Sql.scalar(url, "SELECT is_open FROM evacuation_point WHERE id = ?", reported);
            // an open site's people are counted before it is closed, a closed one is opened before its people are counted (a
            // closed site takes no one more: the app and the server refuse it)
            for (int step = 0; step < 2; step++) {
                if ((step == 0) == wasOpen) {
                    var occupancy = phone.find(row + "input[name='occupancy']");
                    occupancy.clear();
                    occupancy.sendKeys("12");
                    phone.find(row + "input[name='note']").sendKeys("Sân ngập, người ở tầng 2");
                    var r = phone.find(row + "input[name='note']").getRect();
                    assertTrue(r.getHeight() >= 44, "the note field is " + r.getHeight() + " px tall");
                    phone.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", phone.find(row + ".site-save"));
                } else {
                    phone.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", phone.find(row + ".site-toggle"));
                }
                phone.waitFor("document.getElementById('outbox-count').textContent.startsWith('" + (4 + step) + " ')", WAIT);
                if (step == 0) {
                    // the queue's try without network is over before the officer taps again (it must leave the row as it is)
                    phone.jsAsync("const done = arguments[arguments.length - 1]; window.atlas.field.flush().then(() => done(true), () => done(false));");
                }
            }
            phone.waitFor("document.getElementById('outbox-count').textContent.startsWith('5 ')", WAIT);
            phone.screenshot("55-field-site-report");
            assertEquals(0, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action IN ('household_status', 'site_report') "
                    + "AND username = 'field.officer'"), "nothing sent while offline");
            phone.screenshot("53-field-offline-queue");

            // back online: the queue goes; then it is sent again, as if the answers had been lost on the way
            String snapshot = "const done = arguments[arguments.length - 1]; window.atlas.field.outbox().then(q => { window.sentQueue = q; done(q.length); });";
            assertEquals(5L, ((Number) phone.jsAsync(snapshot)).longValue());
            offline(phone, false);
            phone.jsAsync("const done = arguments[arguments.length - 1]; window.atlas.field.flush().then(() => done(true));");
            phone.jsAsync("const done = arguments[arguments.length - 1];"
                    + "indexedDB.open('atlas-field').onsuccess = (e) => { const db = e.target.result; const t = db.transaction('outbox', 'readwrite');"
                    + "window.sentQueue.filter(c => c.household !== arguments[0]).forEach(c => t.objectStore('outbox').put(c));"
                    + "t.oncomplete = () => { db.close(); window.atlas.field.flush().then(() => done(true)); }; };", marked.get(2));
            for (int i = 0; i < 2; i++) {
                assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'household_status' AND entity_id = ?",
                        String.valueOf(marked.get(i))), "household " + marked.get(i) + " changed once");
                assertEquals("evacuated", Sql.scalar(url, "SELECT status FROM household WHERE id = ?", marked.get(i)));
            }
            assertEquals(0, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'household_status' AND entity_id = ?",
                    String.valueOf(marked.get(2))));
            // the site's two reports, each once, the second on the version the first made
            assertEquals(2, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'site_report' AND entity_id = ?", String.valueOf(reported)));
            assertEquals(!wasOpen, Sql.scalar(url, "SELECT is_open FROM evacuation_point WHERE id = ?", reported), "toggled once");
            assertEquals(12L, Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", reported));
            assertEquals("Sân ngập, người ở tầng 2", Sql.scalar(url, "SELECT note FROM evacuation_point_status WHERE point_id = ? ORDER BY id DESC LIMIT 1",
                    reported));
            phone.waitFor("document.querySelectorAll('#review-list li').length === 1 && document.getElementById('outbox-count').textContent === ''", WAIT);
            String refused = phone.find("#review-list li").getText();
            assertTrue(refused.contains("chỗ") || refused.contains("places"), refused);
            // the family by name, and the two versions side by side: the phone's (evacuated to the full site) and the server's
            String label = (String) phone.js("const h = window.atlas.field.pack().households.find(x => x.id === arguments[0]);"
                    + "return h.head_name || h.code;", marked.get(2));
            assertTrue(refused.startsWith(label), refused);
            assertTrue(phone.find("#review-list .mine").getText().startsWith("Đã sơ tán"), phone.find("#review-list .mine").getText());
            assertEquals("Hiện tại trên máy chủ", phone.findAll("#review-list dt").get(1).getText());
            // every word the field panel shows is Vietnamese: none of the English the issue found
            String panel = phone.find("#panel-field").getText();
            for (String english : List.of("Household ", " people", "was changed", "Too many", "at site")) {
                assertFalse(panel.contains(english), english + " in " + panel);
            }
            phone.screenshot("54-field-review");
            // the other browser heard the two check-ins live
            desk.waitFor("window.heard.filter(h => h.status === 'evacuated').length >= 2", Duration.ofSeconds(15));

            // what others changed meanwhile comes with a refresh of the pack (a note written at the commune office)
            long other = Sql.longs(url, "SELECT id FROM household WHERE commune_code = ? AND id <> ALL (?::bigint[]) ORDER BY id LIMIT 1", TAM_THANG,
                    marked.toArray(new Long[0])).get(0);
            Sql.update(url, "UPDATE household SET note = 'Nhà có thuyền nhỏ' WHERE id = ?", other);
            @SuppressWarnings("unchecked")
            Map<String, Object> refreshed = (Map<String, Object>) phone.jsAsync("const done = arguments[arguments.length - 1];"
                    + "window.atlas.field.refresh().then(r => done({ ...r, note: window.atlas.field.pack().households.find(h => h.id === arguments[0]).note,"
                    + " count: window.atlas.field.pack().households.length }));", other);
            assertEquals("Nhà có thuyền nhỏ", refreshed.get("note"));
            assertEquals(households, ((Number) refreshed.get("count")).longValue(), "the pack still holds the whole commune");
            System.out.println("field app: pack refresh " + refreshed);

            // signing out leaves nothing of it on the phone
            phone.js("document.getElementById('sign-out').click();");
            phone.waitFor("!document.getElementById('who')", WAIT);
            String left = (String) phone.jsAsync("const done = arguments[arguments.length - 1];"
                    + "setTimeout(() => Promise.all([indexedDB.databases(), caches.keys()]).then(([dbs, cs]) => "
                    + "done(dbs.map(d => d.name).concat(cs).filter(n => n === 'atlas-field' || n === 'atlas-data-v1').join(' '))), 500);");
            assertEquals("", left);
            System.out.printf("field app: pack of %d households; 3 marked offline and a site closed and counted, sent twice: 2 households and "
                    + "the 2 site reports applied once each, 1 household refused for review%n",
                    households);
            assertEquals(List.of(), desk.consoleErrors());
        }
    }

    /**
     * An officer's phone kills the tab in the flood: opened again with no network, the app is still signed in as the
     * officer, with the field panel and the downloaded pack; three changes queued then are sent once the network is back.
     */
    @Test
    void anOfficersPhoneSurvivesAReloadWithoutNetwork() throws Exception {
        // an officer of another commune than the first test's (the two share the database; their families must not meet)
        Accounts.create(url, "field.reload", Viewer.Role.OFFICER, "20335");
        try (Relay network = new Relay(Integer.parseInt(server.base().replaceAll(".*:", "")));
             Browser phone = Browser.open(Browser.Size.PHONE)) {
            String base = "http://localhost:" + network.port();
            phone.get(base + "/");
            phone.waitFor("window.atlas && window.atlas.ready && window.atlas.offlineReady", WAIT);
            phone.signIn("field.reload", Accounts.PASSWORD);
            phone.find("#drawer-toggle").click();
            phone.waitFor("!document.getElementById('panel-field').hidden && document.getElementById('pack-size').textContent !== ''", WAIT);
            phone.js("arguments[0].scrollIntoView({block: 'center'});", phone.find("#pack-download"));
            phone.find("#pack-download").click();
            phone.waitFor("window.atlas.field.pack() !== null && document.querySelectorAll('#village-list button').length > 0", WAIT);
            long households = ((Number) phone.js("return window.atlas.field.pack().households.length;")).longValue();
            // the download says how far it is, then that it is done and what it took
            phone.waitFor("document.getElementById('pack-progress-text').textContent.startsWith('Đã tải xong')", WAIT);
            String done = phone.find("#pack-progress-text").getText();
            assertTrue(done.matches("Đã tải xong: [0-9.]+ KB, [0-9.]+ ô bản đồ"), done);

            // the tab is killed; without network (the page's and its service worker's), a new one opens the app
            offline(phone, true);
            network.down();
            WebDriver d = phone.driver();
            String killed = d.getWindowHandle();
            d.switchTo().newWindow(WindowType.TAB);
            String reopened = d.getWindowHandle();
            d.switchTo().window(killed).close();
            d.switchTo().window(reopened);
            offline(phone, true);
            phone.get(base + "/");
            phone.waitFor("window.atlas && window.atlas.ready", WAIT);
            assertFalse((Boolean) phone.js("return navigator.onLine;"), "no network");
            phone.waitFor("document.getElementById('who') !== null", WAIT);
            String who = (String) phone.js("return document.getElementById('who').textContent;");
            assertTrue(who.contains("field.reload") && who.contains("ngoại tuyến"), who);
            phone.find("#drawer-toggle").click();
            phone.waitFor("!document.getElementById('panel-field').hidden && window.atlas.field.pack() !== null"
                    + " && document.querySelectorAll('#village-list button').length > 0", WAIT);
            assertEquals(households, ((Number) phone.js("return window.atlas.field.pack().households.length;")).longValue(), "the whole pack");
            phone.screenshot("57-field-reopened-offline");

            // three families evacuated, queued
            phone.js("document.querySelector('#village-list button').click();");
            phone.waitFor("document.querySelectorAll('#household-list .evacuate').length >= 3", WAIT);
            List<Long> marked = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long tapped = ((Number) phone.js("const b = document.querySelector('#household-list li .evacuate');"
                        + " b.scrollIntoView({block: 'center'}); b.click(); return Number(b.closest('li').dataset.household);")).longValue();
                marked.add(tapped);
                phone.waitFor("document.querySelectorAll('#site-list button.site').length > 0", WAIT);
                phone.js("const b = document.querySelector('#site-list button.site'); b.click();");
                final int n = i + 1;
                phone.waitFor("document.getElementById('outbox-count').textContent.startsWith('" + n + " ')", WAIT);
            }
            assertEquals(0, Sql.count(url, "SELECT count(*) FROM audit_log WHERE username = 'field.reload' AND action = 'household_status'"));

            // the network comes back: the session is asked for again and the queue goes, each change once
            network.up();
            offline(phone, false);
            phone.waitFor("document.getElementById('outbox-count').textContent === ''", WAIT);
            assertEquals(3, Sql.count(url, "SELECT count(*) FROM audit_log WHERE username = 'field.reload' AND action = 'household_status'"));
            assertEquals(3, Sql.count(url, "SELECT count(*) FROM household WHERE id = ANY (?) AND status = 'evacuated'",
                    (Object) marked.toArray(new Long[0])));
            String back = (String) phone.js("return document.getElementById('who').textContent;");
            assertFalse(back.contains("ngoại tuyến"), back);
            System.out.printf("field app: reopened offline with a pack of %d households, 3 changes queued and sent when back%n", households);
        }
    }
}
