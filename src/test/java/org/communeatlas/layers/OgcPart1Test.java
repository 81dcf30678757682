package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * OGC API – Features Part 1 (OGC 17-069r4) requirement by requirement, one test per requirements class, each naming
 * the requirement ids it checks (Core, GeoJSON, HTML, OpenAPI 3.0). The Part 2 requirements and the bbox and OpenAPI
 * fragment details are in {@link OgcCrsTest}; the CQL2 ones in the filter tests.
 */
class OgcPart1Test extends DemoServerTest {

    private static HttpResponse<String> ok(String path, String... headers) {
        HttpResponse<String> r = server.get(path, headers);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return r;
    }

    private static JsonNode json(String path) {
        return TestServer.json(ok(path));
    }

    private static Map<String, JsonNode> byRel(JsonNode links) {
        Map<String, JsonNode> m = new HashMap<>();
        links.forEach(l -> m.putIfAbsent(l.get("rel").asText() + "|" + l.path("type").asText(""), l));
        links.forEach(l -> m.putIfAbsent(l.get("rel").asText(), l));
        return m;
    }

    /**
     * /req/core/http, /req/core/root-op, /req/core/root-success, /req/core/api-definition-op,
     * /req/core/api-definition-success, /req/core/conformance-op, /req/core/conformance-success, /req/core/fc-md-op,
     * /req/core/fc-md-success, /req/core/fc-md-links, /req/core/fc-md-items, /req/core/fc-md-items-links,
     * /req/core/fc-md-extent, /req/core/sfc-md-op, /req/core/sfc-md-success, /req/core/fc-op, /req/core/fc-limit-response-1,
     * /req/core/fc-bbox-response, /req/core/fc-response, /req/core/fc-links, /req/core/fc-next-1, /req/core/fc-next-2,
     * /req/core/fc-numberMatched, /req/core/fc-numberReturned, /req/core/f-op, /req/core/f-success, /req/core/f-links,
     * /req/core/query-param-unknown, /req/core/query-param-invalid.
     */
    @Test
    void core() {
        HttpResponse<String> root = ok("/ogc");
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, root.version());
        Map<String, JsonNode> landing = byRel(TestServer.json(root).get("links"));
        for (String rel : List.of("self", "service-desc", "conformance", "data")) {
            assertTrue(landing.containsKey(rel), rel);
        }
        HttpResponse<String> api = ok(landing.get("service-desc").get("href").asText().substring(server.base().length()));
        assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.oai.openapi+json;version=3.0"));
        JsonNode conformance = json("/ogc/conformance").get("conformsTo");
        List<String> classes = new ArrayList<>();
        conformance.forEach(c -> classes.add(c.asText()));
        assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));

        JsonNode collections = json("/ogc/collections");
        Map<String, JsonNode> collectionsLinks = byRel(collections.get("links"));
        assertTrue(collectionsLinks.containsKey("self") && collectionsLinks.containsKey("alternate"));
        for (JsonNode c : collections.get("collections")) {
            String id = c.get("id").asText();
            Map<String, JsonNode> links = byRel(c.get("links"));
            assertTrue(links.containsKey("items|application/geo+json"), id + ": an items link");
            JsonNode bbox = c.at("/extent/spatial/bbox/0");
            assertEquals(4, bbox.size(), id);
            assertEquals(c, json("/ogc/collections/" + id), id + ": the same as in /collections");
        }

        JsonNode page = json("/ogc/collections/villages/items?limit=7&bbox=108.40,15.50,108.60,15.65");
        assertEquals("FeatureCollection", page.get("type").asText());
        assertEquals(7, page.get("features").size());
        assertEquals(7, page.get("numberReturned").asInt());
        assertTrue(page.get("numberMatched").asInt() > 7);
        Map<String, JsonNode> pageLinks = byRel(page.get("links"));
        assertTrue(pageLinks.containsKey("self") && pageLinks.containsKey("alternate") && pageLinks.containsKey("next"));
        JsonNode next = json(pageLinks.get("next").get("href").asText().substring(server.base().length()));
        assertEquals(7, next.get("features").size());
        assertFalse(next.get("features").get(0).get("id").equals(page.get("features").get(0).get("id")), "next is the next page");
        for (JsonNode f : page.get("features")) {
            assertEquals("Feature", f.get("type").asText());
        }
        String id = page.at("/features/0/id").asText();
        JsonNode feature = json("/ogc/collections/villages/items/" + id);
        Map<String, JsonNode> featureLinks = byRel(feature.get("links"));
        assertTrue(featureLinks.containsKey("self") && featureLinks.containsKey("alternate") && featureLinks.containsKey("collection"));

        assertEquals(400, server.get("/ogc/collections/villages/items?colour=red").statusCode(), "an unknown parameter");
        assertEquals(400, server.get("/ogc/collections/villages/items?limit=many").statusCode(), "an invalid value");
        assertEquals(404, server.get("/ogc/collections/villages/items/no-such-village").statusCode());
    }

    /** /req/geojson/definition, /req/geojson/content: GeoJSON on request, links as a foreign member. */
    @Test
    void geoJson() {
        HttpResponse<String> r = ok("/ogc/collections/villages/items?limit=2", "Accept", "application/geo+json");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/geo+json"));
        assertTrue(TestServer.json(r).get("links").isArray());
        HttpResponse<String> one = ok("/ogc/collections/villages/items/" + TestServer.json(r).at("/features/0/id").asText() + "?f=geojson");
        assertTrue(one.headers().firstValue("Content-Type").orElse("").startsWith("application/geo+json"));
    }

    /** /req/html/definition, /req/html/content: every JSON resource as HTML 5, holding all its links as a elements. */
    @Test
    void html() {
        String id = json("/ogc/collections/villages/items?limit=1").at("/features/0/id").asText();
        for (String path : List.of("/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/villages",
                "/ogc/collections/villages/items?limit=3", "/ogc/collections/villages/items/" + id)) {
            String html = ok(path + (path.contains("?") ? "&" : "?") + "f=html").body();
            assertTrue(html.regionMatches(true, 0, "<!DOCTYPE html>", 0, 15), path);
            JsonNode doc = json(path);
            List<String> missing = new ArrayList<>();
            for (JsonNode l : doc.path("links")) {
                String href = l.get("href").asText().replace("&", "&amp;");
                if (!html.contains("href=\"" + href + "\"")) {
                    missing.add(l.get("rel").asText() + " " + l.get("href").asText());
                }
            }
            assertEquals(List.of(), missing, path + ": links of the JSON missing from the HTML");
        }
    }

    /**
     * /req/oas30/oas-definition-1, /req/oas30/oas-definition-2, /req/oas30/oas-impl, /req/oas30/completeness,
     * /req/oas30/exceptions-codes: every path the API serves is described, with every status it answers.
     */
    @Test
    void openApi() {
        JsonNode doc = json("/ogc/api");
        assertTrue(doc.get("openapi").asText().startsWith("3.0"));
        JsonNode paths = doc.get("paths");
        for (String path : List.of("/", "/conformance", "/collections", "/collections/villages", "/collections/villages/items",
                "/collections/villages/items/{featureId}", "/collections/villages/queryables")) {
            assertTrue(paths.has(path), path);
        }
        Iterator<Map.Entry<String, JsonNode>> all = paths.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> e = all.next();
            JsonNode responses = e.getValue().at("/get/responses");
            for (String status : List.of("200", "400", "401", "404", "503")) {
                assertTrue(responses.has(status), e.getKey() + " declares " + status);
            }
            if (e.getKey().endsWith("{tileCol}")) {
                assertTrue(responses.has("204"), e.getKey() + " declares the empty tile's 204");
            }
        }
        // what the server answers with 401 and 503 is indeed possible on these paths
        assertEquals(401, server.get("/ogc/collections/villages/items", "Authorization", "Bearer nonsense").statusCode());
    }
}
