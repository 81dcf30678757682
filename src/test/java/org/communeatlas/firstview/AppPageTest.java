package org.communeatlas.firstview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The map's page carries its first view: the province drawn from PostGIS, its styles (allowed by their hash, no
 * 'unsafe-inline'), and the boot data the scripts would otherwise ask for — each equal to what the server answers
 * for it elsewhere — built again when the units change.
 */
class AppPageTest extends DemoServerTest {

    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);
    private static final Pattern BOOT = Pattern.compile("<script type=\"application/json\" id=\"atlas-boot\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void thePageDrawsTheProvinceItsUnitsAsPostgisHasThem() {
        var page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = page.body();
        long districts = Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'district' AND geom IS NOT NULL");
        long communes = Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND geom IS NOT NULL AND valid_to = '2025-07-01'");
        assertEquals(17, districts);
        assertEquals(234, communes);
        assertEquals(districts, paths(html, "district"));
        assertEquals(communes, paths(html, "commune"));
        for (Object name : Sql.rows(url, "SELECT short_name FROM admin_unit WHERE level = 'district'").stream().map(r -> r.get(0)).toList()) {
            assertTrue(html.contains(">" + name + "</text>"), "the district " + name + " is named");
        }
        assertEquals(1, html.split("<svg class=\"first-view\"", -1).length - 1);
        // a name is written where PostGIS puts the unit's point, in Web Mercator (y down, as SVG draws)
        List<Object> at = Sql.rows(url, "SELECT ST_X(p), -ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS p FROM admin_unit "
                + "WHERE level = 'district' AND short_name = 'Tam Kỳ') x").get(0);
        Matcher text = Pattern.compile("<text x=\"(-?[0-9]+)\" y=\"(-?[0-9]+)\">Tam Kỳ</text>").matcher(html);
        assertTrue(text.find(), "Tam Kỳ is named");
        assertEquals(((Number) at.get(0)).doubleValue(), Double.parseDouble(text.group(1)), 1.0);
        assertEquals(((Number) at.get(1)).doubleValue(), Double.parseDouble(text.group(2)), 1.0);
    }

    @Test
    void itsOneInlineStylesheetIsAllowedByItsHashAndNothingElseInline() throws Exception {
        var page = server.get("/");
        Matcher m = STYLE.matcher(page.body());
        assertTrue(m.find());
        String style = m.group(1);
        assertFalse(m.find(), "one stylesheet");
        assertTrue(style.contains(".leaflet-container") && style.contains(".first-view"), "Leaflet's and the app's styles");
        assertFalse(style.contains("url(images/"), "Leaflet's images are named from the root");
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8)));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("style-src 'self' 'sha256-" + hash + "';"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("script-src 'self';"), "no inline script runs: " + csp);
        // every other page keeps the plain policy
        assertFalse(server.get("/ogc").headers().firstValue("Content-Security-Policy").orElseThrow().contains("sha256"));
    }

    @Test
    void theBootDataIsWhatTheServerAnswersForEachQuestion() {
        JsonNode boot = boot(server.get("/").body());
        for (String layer : new String[] {"districts", "communes", "villages", "households", "admin_units_2025", "roads"}) {
            JsonNode tj = TestServer.json(server.get("/tiles/" + layer + ".json"));
            JsonNode written = boot.get("layers").get(layer);
            assertEquals(tj.get("minzoom"), written.get("minzoom"), layer);
            assertEquals(tj.get("maxzoom"), written.get("maxzoom"), layer);
            assertEquals(tj.get("bounds"), written.get("bounds"), layer);
        }
        assertEquals(TestServer.json(server.get("/api/labels?level=district")).get("labels"), boot.get("labels").get("district"));
        assertEquals(JsonCodec.tree(server.get("/i18n/vi.json").body()), boot.get("words").get("vi"));
        assertEquals("Bản đồ", boot.get("words").get("vi").get("map.label").asText(), "Vietnamese, diacritics intact");
        assertEquals(4, boot.get("view").size());
    }

    @Test
    void itIsCompressedOnceRevalidatedAndBuiltAgainWhenAUnitChanges() throws Exception {
        var plain = server.getBytes("/");
        var gzipped = server.getBytes("/", "Accept-Encoding", "gzip");
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
        System.out.printf("the map page: %,d bytes, %,d gzipped%n", plain.body().length, gzipped.body().length);
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertEquals("no-cache", plain.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(304, server.get("/", "If-None-Match", etag).statusCode());
        assertEquals(200, server.get("/index.html").statusCode());

        String code = (String) Sql.scalar(url, "SELECT code FROM admin_unit WHERE level = 'district' AND short_name = 'Tam Kỳ'");
        Sql.update(url, "UPDATE admin_unit SET short_name = 'Tam Kỳ (thử)' WHERE code = ?", code);
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            String html = server.get("/").body();
            while (!html.contains(">Tam Kỳ (thử)</text>") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                html = server.get("/").body();
            }
            assertTrue(html.contains(">Tam Kỳ (thử)</text>"), "the page follows the units' change");
            assertEquals(200, server.get("/", "If-None-Match", etag).statusCode(), "and its old tag is stale");
        } finally {
            Sql.update(url, "UPDATE admin_unit SET short_name = 'Tam Kỳ' WHERE code = ?", code);
        }
    }

    private static long paths(String html, String level) {
        int from = html.indexOf("<g class=\"" + level + "\">");
        int to = html.indexOf("</g>", from);
        assertTrue(from >= 0 && to > from, level);
        return html.substring(from, to).split("<path ", -1).length - 1;
    }

    private static JsonNode boot(String html) {
        Matcher m = BOOT.matcher(html);
        assertTrue(m.find(), "the page has its boot data");
        return JsonCodec.tree(m.group(1).replace("<\\/", "</"));
    }
}
