package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.data.Csv;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/** The coverage panel: "5 in 1" spreading through Tam Thăng, then Tam Phú and Tam Thanh, on the map and in the table. */
class CoverageBrowserTest extends DemoServerTest {

    @Test
    void slidingTheDateTurnsCommunesIntoFullAdoptionOneAfterAnother() throws IOException {
        try (Browser b = Browser.open(Browser.Size.DESKTOP)) {
            b.get(server.base() + "/");
            b.waitFor("window.atlas && window.atlas.ready", Duration.ofSeconds(30));
            b.js("window.atlas.map.setView([15.595, 108.52], 12, {animate: false});");
            // households are clusters at zoom 12, drawn over the communes until a model's coverage is read
            b.waitFor("document.querySelectorAll('.leaflet-households-pane path.cluster:not(.cluster-hidden)').length > 0", Duration.ofSeconds(30));
            b.find("#model-search").sendKeys("5 trong 1");
            b.waitFor("[...document.querySelectorAll('#model-list li')].some(li => li.textContent.includes('5 trong 1'))", Duration.ofSeconds(10));
            b.js("[...document.querySelectorAll('#model-list li')].find(li => li.textContent.includes('5 trong 1')).click();");
            b.waitFor("document.querySelector('#model-chart .uplot')", Duration.ofSeconds(10));
            // the model's colours are not covered: its clusters are hidden (single households from zoom 13 stay)
            b.waitFor("document.querySelectorAll('.leaflet-households-pane path.cluster-hidden').length > 0"
                    + " && document.querySelectorAll('.leaflet-households-pane path.cluster:not(.cluster-hidden)').length === 0", Duration.ofSeconds(30));
            Map<String, String> becameFull = new LinkedHashMap<>();
            for (int year = 2022; year <= 2023; year++) {
                for (int month = 1; month <= 12; month++) {
                    String asOf = java.time.YearMonth.of(year, month).atEndOfMonth().toString();
                    slideTo(b, year, month);
                    b.waitFor("document.getElementById('panel-coverage').dataset.asOf === '" + asOf + "'", Duration.ofSeconds(10));
                    b.waitFor("document.querySelectorAll('.leaflet-communes-pane path').length > 10", Duration.ofSeconds(10));
                    for (String code : List.of("20362", "20371", "20359")) {
                        boolean inTable = b.count("#coverage-table tr.full[data-code='" + code + "']") == 1;
                        boolean inList = b.count("#full-communes .chip[data-code='" + code + "']") == 1;
                        assertEquals(inTable, inList, code + " " + asOf);
                        if (inTable && !becameFull.containsKey(code)) {
                            // and on the map: the commune is drawn with the full-adoption outline and hatch
                            b.waitFor("document.querySelector('.leaflet-communes-pane path.unit-" + code + ".full-adoption')", Duration.ofSeconds(10));
                            becameFull.put(code, asOf.substring(0, 7));
                            b.screenshot("08-coverage-full-" + code);
                        }
                    }
                    if (year == 2022 && month == 1) {
                        assertEquals(0, b.count("#coverage-table tr.full[data-code='20362']"), "nobody full before March 2022");
                        assertEquals(0, b.count(".leaflet-communes-pane path.unit-20362.full-adoption"));
                    }
                }
            }
            System.out.println("full adoption of 5 in 1 reached: " + becameFull);
            assertEquals(List.of("20362", "20371", "20359"), new ArrayList<>(becameFull.keySet()), "Tam Thăng, then Tam Phú, then Tam Thanh");
            assertEquals("2022-12", becameFull.get("20362"));
            assertTrue(becameFull.get("20371").compareTo("2023-08") <= 0, "Tam Phú by August 2023");
            assertTrue(becameFull.get("20359").compareTo("2023-12") <= 0);
            assertEquals(0, b.count("#legend section"), "the legend starts folded");
            b.find("#legend .legend-heading").click();
            assertTrue(b.count("#legend section[data-layer='communes'] li[data-key='full']") == 1, "the legend explains the hatch");

            // the CSV download has the rows of the table, under Vietnamese headers, with the byte-order mark Excel needs
            String csv = (String) b.jsAsync("const done = arguments[arguments.length - 1];"
                    + "fetch(document.getElementById('coverage-csv').href).then(r => r.arrayBuffer())"
                    + ".then(buf => done(new TextDecoder('utf-8', {ignoreBOM: true}).decode(buf)));");
            assertTrue(csv.startsWith("\uFEFF"), "a byte-order mark first");
            List<String[]> rows = Csv.read(new ByteArrayInputStream(csv.substring(1).getBytes(StandardCharsets.UTF_8)));
            assertEquals(List.of("Mã đơn vị", "Tên đơn vị", "Số thôn", "Số thôn có mô hình", "Tỷ lệ thôn có mô hình", "Toàn bộ các thôn có mô hình"),
                    List.of(rows.get(0)));
            List<String> tableCodes = new ArrayList<>();
            for (Object c : (List<?>) b.js("return [...document.querySelectorAll('#coverage-table tbody tr')].map(r => r.dataset.code);")) {
                tableCodes.add((String) c);
            }
            List<String> csvCodes = rows.stream().skip(1).map(r -> r[0]).toList();
            assertTrue(rows.stream().skip(1).allMatch(r -> r[5].equals("có") || r[5].equals("không")), "full adoption in words");
            Files.writeString(Files.createDirectories(Path.of("target", "screenshots")).resolve("08-coverage.csv"), csv, StandardCharsets.UTF_8);
            assertEquals(234, tableCodes.size());
            assertEquals(tableCodes, csvCodes, "same rows in the same order");

            // sorting the table by share puts the full communes first
            b.find("#coverage-table th[data-sort='share']").click();
            b.find("#coverage-table th[data-sort='share']").click();
            assertEquals("descending", b.find("#coverage-table th[data-sort='share']").getAttribute("aria-sort"));
            assertTrue(b.find("#coverage-table tbody tr").getAttribute("class").contains("full"));

            // the post-2025 units
            b.js("document.querySelector('button[data-units=\"2025\"]').click();");
            b.waitFor("document.getElementById('panel-coverage').dataset.units === '2025'", Duration.ofSeconds(10));
            assertEquals(78L, b.count("#coverage-table tbody tr"));
            b.waitFor("document.querySelectorAll('.leaflet-admin_units_2025-pane path').length > 0", Duration.ofSeconds(10));
            // only the units of the set chosen: the old communes, the districts and their names are gone
            assertEquals(0, b.count(".leaflet-communes-pane path"));
            assertEquals(0, b.count(".leaflet-districts-pane path"));
            assertEquals(0, b.count(".unit-label.commune, .unit-label.district"));
            b.screenshot("09-coverage-2025");

            // play animates the spread
            b.js("document.querySelector('button[data-units=\"2024\"]').click();");
            slideTo(b, 2022, 1);
            b.find("#coverage-play").click();
            b.waitFor("document.getElementById('panel-coverage').dataset.asOf > '2022-03-31'", Duration.ofSeconds(10));
            b.find("#coverage-play").click();
            assertEquals(List.of(), b.consoleErrors());
        }
    }

    /** Moves the date slider as a user would: set its value and fire the input event. */
    private static void slideTo(Browser b, int year, int month) {
        b.js("const s = document.getElementById('coverage-date');"
                + "s.value = String((arguments[0] - 2005) * 12 + (arguments[1] - 1));"
                + "s.dispatchEvent(new Event('input', {bubbles: true}));", year, month);
    }
}
