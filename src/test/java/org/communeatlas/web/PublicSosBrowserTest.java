package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * SOS as the public's first screen (issue 33), on a 390×844 phone with no account and no flood chosen: the SOS button is
 * one tap away over the landing map; a call without a place is sent with its address only (never the map's centre); the
 * caller gets a reference, a page to follow it and the hotlines; three neighbours' phones at one pinned point make three
 * calls; the caller's own position comes with its accuracy; every word on the way is Vietnamese.
 */
class PublicSosBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** English a review found in the Vietnamese app; none may show. */
    private static final List<String> ENGLISH = List.of("Too many calls", "Household ", " people", "was changed", "Call for", "Sent.");

    private static void send(Browser phone, String phoneNumber, String address) {
        phone.js("const f = document.getElementById('sos-form'); f.elements.phone.value = arguments[0]; f.elements.address.value = arguments[1];"
                + "f.elements.people.value = '3'; document.getElementById('sos-status').textContent = ''; f.requestSubmit();", phoneNumber, address);
        phone.waitFor("document.getElementById('sos-status').textContent.startsWith('Đã gửi')", WAIT);
    }

    @Test
    void thePublicFindsSosInOneTapAndEachNeighbourIsACall() {
        try (Browser phone = Browser.open(Browser.Size.PHONE)) {
            phone.get(server.base() + "/");
            phone.waitFor("window.atlas && window.atlas.ready", WAIT);
            // no account, no flood chosen: the SOS button is on the landing view, inside the screen, and one tap opens the form
            var fab = phone.find("#sos-fab");
            assertTrue(fab.isDisplayed());
            var r = fab.getRect();
            assertTrue(r.getX() >= 0 && r.getY() >= 0 && r.getX() + r.getWidth() <= 390 && r.getY() + r.getHeight() <= 844, r.toString());
            assertTrue(r.getWidth() >= 44 && r.getHeight() >= 44, "a thumb's size: " + r.getWidth());
            phone.screenshot("58-sos-landing");
            fab.click();
            phone.waitFor("!document.getElementById('sos-sheet').hidden", WAIT);
            assertTrue(phone.find("#sos-where").getText().startsWith("Chưa có vị trí"), phone.find("#sos-where").getText());
            assertTrue(phone.find("#sos-sheet").getText().contains("112"), "the hotlines");

            // no place given: an address-only call, not the map's centre
            send(phone, "0999 100 001", "Xóm Bàu, thôn Phú Quý, xã Tam Thăng");
            List<List<Object>> rows = Sql.rows(url, "SELECT located_by, geom IS NULL, address, reference FROM sos_request WHERE phone = '0999100001'");
            assertEquals(1, rows.size());
            assertEquals("none", rows.get(0).get(0));
            assertEquals(Boolean.TRUE, rows.get(0).get(1), "no point: the map's centre is not a place anyone gave");
            String reference = (String) rows.get(0).get(3);
            assertTrue(phone.find("#sos-status").getText().contains(reference), phone.find("#sos-status").getText());
            assertEquals(server.base() + "/sos/" + reference, phone.find("#sos-follow").getAttribute("href"));
            phone.screenshot("59-sos-sent");

            // three neighbours at one point, each from their own phone: three calls
            for (String number : List.of("0999 100 011", "0999 100 012", "0999 100 013")) {
                phone.find("#sos-pick").click();
                phone.waitFor("document.getElementById('sos-sheet').hidden", WAIT);
                phone.find("#map").click(); // the middle of the map: a pin the caller set
                phone.waitFor("!document.getElementById('sos-sheet').hidden && document.getElementById('sos-where').textContent.startsWith('Đã chọn')",
                        WAIT);
                send(phone, number, "");
            }
            List<List<Object>> three = Sql.rows(url, "SELECT state, located_by, duplicate_of FROM sos_request WHERE phone IN "
                    + "('0999100011', '0999100012', '0999100013') ORDER BY id");
            assertEquals(3, three.size());
            for (List<Object> call : three) {
                assertEquals("coordinates", call.get(1));
                assertEquals(null, call.get(2), "a neighbour is not a duplicate: " + three);
            }
            assertEquals(1, Sql.count(url, "SELECT count(DISTINCT ST_AsText(geom)) FROM sos_request WHERE phone IN ('0999100011', '0999100012', '0999100013')"),
                    "at one point");

            // the phone's own position, with its accuracy
            ChromiumDriver d = (ChromiumDriver) phone.driver();
            d.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.base(), "permissions", List.of("geolocation")));
            d.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", 15.5601, "longitude", 108.5202, "accuracy", 35));
            phone.find("#sos-locate").click();
            phone.waitFor("document.getElementById('sos-where').textContent.includes('35 m')", WAIT);
            send(phone, "0999 100 021", "");
            assertEquals(List.of(List.of(108.5202, 15.5601)), Sql.rows(url, "SELECT round(ST_X(geom)::numeric, 4)::float8, round(ST_Y(geom)::numeric, 4)::float8 "
                    + "FROM sos_request WHERE phone = '0999100021'"));

            // the follow-up page of the first call
            phone.get(server.base() + "/sos/" + reference);
            String page = phone.find("body").getText();
            assertTrue(page.contains("Đã nhận") && page.contains(reference) && page.contains("112"), page);
            phone.screenshot("60-sos-follow");
            for (String english : ENGLISH) {
                assertFalse(page.contains(english), english + " in " + page);
            }
        }
    }

    @Test
    void theLimitIsSaidInVietnamese() {
        try (Browser phone = Browser.open(Browser.Size.PHONE)) {
            phone.get(server.base() + "/");
            phone.waitFor("window.atlas && window.atlas.ready", WAIT);
            phone.find("#sos-fab").click();
            phone.waitFor("!document.getElementById('sos-sheet').hidden", WAIT);
            String said = "";
            for (int i = 0; i < 8 && !said.contains("thử lại"); i++) {
                phone.js("const f = document.getElementById('sos-form'); f.elements.phone.value = '0999 200 00' + arguments[0];"
                        + "f.elements.address.value = 'Tam Thăng'; document.getElementById('sos-status').textContent = ''; f.requestSubmit();", i);
                phone.waitFor("document.getElementById('sos-status').textContent !== ''", WAIT);
                said = phone.find("#sos-status").getText();
            }
            assertTrue(said.contains("thử lại"), "the limit, in Vietnamese: " + said);
            for (String english : ENGLISH) {
                assertFalse(phone.find("#sos-sheet").getText().contains(english), english);
            }
        }
    }
}
