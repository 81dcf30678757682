package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.communeatlas.layers.features.OgcController;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/** OGC API – Features over the demo data: every endpoint, paging, filters, formats, caching. */
class OgcApiTest extends DemoServerTest {

    private static JsonNode json(String path) {
        HttpResponse<String> r = server.get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return TestServer.json(r);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void landingPageLinksToEverythingAClientNeeds() {
        JsonNode landing = json("/ogc");
        Set<String> rels = new HashSet<>();
        landing.get("links").forEach(l -> rels.add(l.get("rel").asText()));
        assertTrue(rels.containsAll(List.of("self", "service-desc", "conformance", "data")), rels.toString());
        JsonNode conformance = json("/ogc/conformance").get("conformsTo");
        List<String> uris = new ArrayList<>();
        conformance.forEach(c -> uris.add(c.asText()));
        assertEquals(OgcController.CONFORMANCE, uris);
        assertTrue(uris.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
        assertTrue(uris.contains("http://www.opengis.net/spec/cql2/1.0/conf/cql2-text"));
    }

    @Test
    void everyCollectionIsListedWithItsExtent() {
        JsonNode collections = json("/ogc/collections").get("collections");
        List<String> ids = new ArrayList<>();
        collections.forEach(c -> ids.add(c.get("id").asText()));
        assertEquals(List.of("provinces", "districts", "communes", "villages", "households", "evacuation_points", "flood_zones",
                "roads", "admin_units_2025"), ids);
        for (JsonNode c : collections) {
            JsonNode bbox = c.at("/extent/spatial/bbox/0");
            assertTrue(bbox.get(0).asDouble() > 107 && bbox.get(2).asDouble() < 109.2, c.get("id") + " " + bbox);
            assertTrue(bbox.get(1).asDouble() > 14.8 && bbox.get(3).asDouble() < 16.3, c.get("id") + " " + bbox);
            assertEquals(c, json("/ogc/collections/" + c.get("id").asText()));
        }
    }

    @Test
    void itemsCountExactlyAndPageWithLinks() {
        JsonNode page = json("/ogc/collections/villages/items?limit=500&offset=1000");
        assertEquals(Sql.count(url, "SELECT count(*) FROM village"), page.get("numberMatched").asLong());
        assertEquals(500, page.get("numberReturned").asInt());
        assertEquals(500, page.get("features").size());
        Set<String> rels = new HashSet<>();
        page.get("links").forEach(l -> rels.add(l.get("rel").asText()));
        assertTrue(rels.containsAll(List.of("self", "next", "prev", "collection")), rels.toString());
        JsonNode last = json("/ogc/collections/villages/items?limit=500&offset=1500");
        assertEquals(312, last.get("numberReturned").asInt());
        last.get("links").forEach(l -> assertFalse(l.get("rel").asText().equals("next"), "no next link on the last page"));
        // pages do not overlap and follow the id order
        String lastOfPage = page.get("features").get(499).get("id").asText();
        String firstOfNext = json("/ogc/collections/villages/items?limit=1&offset=1500").get("features").get(0).get("id").asText();
        assertTrue(lastOfPage.compareTo(firstOfNext) < 0);
        // the next link works as given
        String next = null;
        for (JsonNode l : page.get("links")) {
            if (l.get("rel").asText().equals("next")) {
                next = l.get("href").asText();
            }
        }
        assertEquals(firstOfNext, TestServer.json(server.get(next)).get("features").get(0).get("id").asText());
    }

    @Test
    void aLimitAbove10000IsClampedAndTheDefaultIs100() {
        assertEquals(100, json("/ogc/collections/households/items").get("numberReturned").asInt());
        JsonNode big = json("/ogc/collections/households/items?limit=50000");
        assertEquals(10_000, big.get("numberReturned").asInt());
        assertEquals(50_000, big.get("numberMatched").asInt());
    }

    @Test
    void bboxPropertyValueAndPropertiesSelectWhatTheDatabaseSays() {
        String bbox = "108.44,15.51,108.56,15.64";
        long expected = Sql.count(url, "SELECT count(*) FROM household WHERE ST_Intersects(geom, ST_MakeEnvelope(108.44,15.51,108.56,15.64,4326))");
        assertEquals(expected, json("/ogc/collections/households/items?limit=1&bbox=" + bbox).get("numberMatched").asLong());
        long tamThang = Sql.count(url, "SELECT count(*) FROM village v JOIN admin_unit c ON c.id = v.commune_id WHERE c.code = '20362' AND c.valid_to IS NOT NULL");
        assertEquals(tamThang, json("/ogc/collections/villages/items?commune_code=20362").get("numberMatched").asLong());
        JsonNode slim = json("/ogc/collections/villages/items?limit=1&properties=name,models_active");
        List<String> names = new ArrayList<>();
        slim.get("features").get(0).get("properties").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("name", "models_active"), names);
    }

    @Test
    void cql2FiltersMatchTheSameQueryInPostgis() {
        record Case(String layer, String cql, String sql) {
        }
        List<Case> cases = List.of(
                new Case("villages", "name LIKE 'An %'", "SELECT count(*) FROM village WHERE name LIKE 'An %'"),
                new Case("villages", "commune_code IN ('20362','20371','20359')",
                        "SELECT count(*) FROM village v JOIN admin_unit c ON c.id = v.commune_id WHERE c.code IN ('20362','20371','20359')"),
                new Case("households", "members BETWEEN 5 AND 7 AND status = 'safe'",
                        "SELECT count(*) FROM household WHERE members BETWEEN 5 AND 7 AND status = 'safe'"),
                new Case("households", "NOT (members > 2) OR members = 8", "SELECT count(*) FROM household WHERE NOT (members > 2) OR members = 8"),
                new Case("evacuation_points", "capacity_day >= 500 AND is_open = true",
                        "SELECT count(*) FROM evacuation_point WHERE capacity_day >= 500 AND is_open"),
                new Case("households", "S_INTERSECTS(geometry, BBOX(108.44, 15.51, 108.56, 15.64))",
                        "SELECT count(*) FROM household WHERE ST_Intersects(geom, ST_MakeEnvelope(108.44, 15.51, 108.56, 15.64, 4326))"),
                new Case("communes", "S_INTERSECTS(geometry, POINT(108.474 15.573))",
                        "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND valid_to IS NOT NULL AND ST_Intersects(geom, ST_Point(108.474, 15.573, 4326))"),
                new Case("roads", "S_INTERSECTS(geometry, POLYGON((108.47 15.56, 108.49 15.56, 108.49 15.58, 108.47 15.58, 108.47 15.56))) AND road_class <> 'village'",
                        "SELECT count(*) FROM road WHERE ST_Intersects(geom, ST_GeomFromText('POLYGON((108.47 15.56, 108.49 15.56, 108.49 15.58, 108.47 15.58, 108.47 15.56))', 4326)) AND road_class <> 'village'"),
                new Case("admin_units_2025", "population > 40000 OR area_km2 < 10",
                        "SELECT count(*) FROM admin_unit WHERE valid_from = '2025-07-01' AND level = 'commune' AND (population > 40000 OR area_km2 < 10)"),
                new Case("provinces", "valid_to = DATE('2025-07-01')", "SELECT count(*) FROM admin_unit WHERE level = 'province' AND geom IS NOT NULL"),
                new Case("villages", "population IS NULL", "SELECT 0"));
        for (Case c : cases) {
            long expected = Sql.count(url, c.sql());
            long got = json("/ogc/collections/" + c.layer() + "/items?limit=1&filter=" + enc(c.cql()) + "&filter-lang=cql2-text")
                    .get("numberMatched").asLong();
            assertEquals(expected, got, c.cql());
        }
        assertTrue(Sql.count(url, "SELECT count(*) FROM village WHERE name LIKE 'An %'") >= 4, "the test filters select something");
    }

    @Test
    void singleItemsAndTheirAbsence() {
        JsonNode tamThang = json("/ogc/collections/communes/items/20362");
        assertEquals("Xã Tam Thăng", tamThang.at("/properties/name").asText());
        assertEquals("Phường Bàn Thạch", tamThang.at("/properties/unit_2025_name").asText());
        assertEquals(8, tamThang.at("/properties/villages").asInt());
        assertEquals("Phường Bàn Thạch", json("/ogc/collections/admin_units_2025/items/20335").at("/properties/name").asText());
        assertEquals("Phường Tân Thạnh", json("/ogc/collections/communes/items/20335").at("/properties/name").asText());
        JsonNode kimDoi = json("/ogc/collections/villages/items?filter=" + enc("name = 'Kim Đới'")).get("features").get(0);
        boolean hasFiveInOne = false;
        for (JsonNode m : kimDoi.at("/properties/models")) {
            hasFiveInOne |= m.get("name").asText().equals("Tổ tự quản \"5 trong 1\"") && m.get("started_on").asText().equals("2022-03-01");
        }
        assertTrue(hasFiveInOne, "Kim Đới lists the 5 in 1 group with its start date");
        for (String missing : List.of("/ogc/collections/communes/items/99999", "/ogc/collections/households/items/abc",
                "/ogc/collections/households/items/999999999")) {
            HttpResponse<String> r = server.get(missing);
            assertEquals(404, r.statusCode(), missing);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
    }

    @Test
    void queryablesAreJsonSchemaWithoutPersonalData() {
        HttpResponse<String> r = server.get("/ogc/collections/households/queryables");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/schema+json"));
        JsonNode q = TestServer.json(r);
        assertEquals("https://json-schema.org/draft/2020-12/schema", q.get("$schema").asText());
        assertEquals("object", q.get("type").asText());
        assertTrue(q.at("/properties/status").has("type"));
        assertEquals("geometry-point", q.at("/properties/geometry/format").asText());
        for (String personal : List.of("head_name", "phone", "elderly", "disabled", "pregnant", "young_children")) {
            assertFalse(q.get("properties").has(personal), personal);
            assertEquals(400, server.get("/ogc/collections/households/items?filter=" + enc(personal + " IS NULL")).statusCode(),
                    "no filtering on " + personal);
        }
    }

    @Test
    void anonymousHouseholdFeaturesCarryNoPersonalData() {
        HttpResponse<String> r = server.get("/ogc/collections/households/items?limit=10000");
        String someName = (String) Sql.scalar(url, "SELECT head_name FROM household ORDER BY id LIMIT 1");
        String somePhone = (String) Sql.scalar(url, "SELECT phone FROM household ORDER BY id LIMIT 1");
        assertFalse(r.body().contains(someName));
        assertFalse(r.body().contains(somePhone));
        for (String field : List.of("head_name", "phone", "elderly", "young_children", "disabled", "pregnant")) {
            assertFalse(r.body().contains("\"" + field + "\""), field);
        }
        String csv = server.get("/ogc/collections/households/items?f=csv&limit=10000").body();
        assertFalse(csv.contains(someName) || csv.contains(somePhone) || csv.contains("head_name"));
    }

    @Test
    void openApiDescribesEveryCollection() {
        HttpResponse<String> r = server.get("/ogc/api");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.oai.openapi+json"));
        JsonNode api = TestServer.json(r);
        assertTrue(api.get("openapi").asText().startsWith("3.0"));
        for (String id : List.of("communes", "households", "roads")) {
            assertTrue(api.get("paths").has("/collections/" + id + "/items"), id);
        }
    }

    @Test
    void csvAndHtmlRepresentations() {
        HttpResponse<String> csv = server.get("/ogc/collections/communes/items?f=csv&limit=300");
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("\uFEFF"), "a byte-order mark: a spreadsheet reads the Vietnamese as UTF-8");
        String[] lines = csv.body().substring(1).split("\n");
        assertTrue(lines[0].startsWith("id,code,name,"), lines[0]);
        assertTrue(lines[0].endsWith(",wkt"), lines[0]);
        assertEquals(235, lines.length, "a header and 234 communes");
        assertTrue(csv.body().contains("Xã Tam Thăng"));
        HttpResponse<String> html = server.get("/ogc/collections/communes/items?limit=5", "Accept", "text/html");
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("<table>"));
        assertTrue(server.get("/ogc?f=html").body().contains("OGC API"));
        assertFalse(server.get("/ogc/collections/villages/items?f=html&filter=" + enc("name = '<script>'")).body().contains("<script>"),
                "user input is escaped in HTML");
    }

    @Test
    void etagsGive304AndChangeWithTheData() throws InterruptedException {
        String path = "/ogc/collections/evacuation_points/items?limit=5";
        HttpResponse<String> first = server.get(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(first.body(), server.get(path).body(), "same data, same bytes");
        assertEquals(304, server.get(path, "If-None-Match", etag).statusCode());
        assertEquals(304, server.get("/ogc/collections", "If-None-Match",
                server.get("/ogc/collections").headers().firstValue("ETag").orElseThrow()).statusCode());
        Sql.update(url, "UPDATE evacuation_point SET reserved = reserved + 1 WHERE id = (SELECT min(id) FROM evacuation_point)");
        long deadline = System.currentTimeMillis() + 3_000;
        int status = 304;
        while (status == 304 && System.currentTimeMillis() < deadline) {
            status = server.get(path, "If-None-Match", etag).statusCode();
            Thread.sleep(50);
        }
        assertEquals(200, status, "a change to the rows invalidates the ETag");
    }

    @Test
    void jsonIsGzipped() {
        HttpResponse<byte[]> r = server.getBytes("/ogc/collections/villages/items?limit=1000", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
    }
}
