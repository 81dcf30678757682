package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.communeatlas.geo.TileMath;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Vector tiles and TileJSON: status codes, merging, caching, and tiles that follow the data. */
class TileTest extends DemoServerTest {

    private static String tileAt(String layers, double lon, double lat, int z) {
        long[] t = TileMath.tileOf(lon, lat, z);
        return "/tiles/" + layers + "/" + z + "/" + t[0] + "/" + t[1] + ".mvt";
    }

    @Test
    void everyLayerServesTilesOverTamKy() {
        for (Layer layer : server.services().catalog().all()) {
            int z = Math.max(layer.minZoom(), Math.min(layer.maxZoom(), 13));
            HttpResponse<byte[]> r = server.getBytes(tileAt(layer.id(), 108.53, 15.59, z));
            assertEquals(200, r.statusCode(), layer.id());
            assertEquals("application/vnd.mapbox-vector-tile", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.headers().firstValue("ETag").isPresent());
            assertTrue(contains(r.body(), layer.id()), "the MVT layer is named " + layer.id());
        }
    }

    @Test
    void headOnATileAnswersTheHeadersOfItsGet() {
        String path = tileAt("villages", 108.53, 15.59, 13);
        HttpResponse<byte[]> get = server.getBytes(path);
        HttpResponse<String> head = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + path))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        for (String header : new String[] {"Content-Type", "ETag", "Cache-Control"}) {
            assertEquals(get.headers().firstValue(header), head.headers().firstValue(header), header);
        }
        HttpResponse<String> emptyHead = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base()
                + tileAt("villages", 110.5, 14.0, 12))).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, emptyHead.statusCode());
    }

    @Test
    void anEmptyTileIs204AndMergedTilesHoldEveryLayer() {
        HttpResponse<byte[]> sea = server.getBytes(tileAt("villages", 110.5, 14.0, 12));
        assertEquals(204, sea.statusCode());
        HttpResponse<byte[]> merged = server.getBytes(tileAt("communes,villages,evacuation_points", 108.53, 15.59, 12));
        assertEquals(200, merged.statusCode());
        for (String name : new String[] {"communes", "villages", "evacuation_points"}) {
            assertTrue(contains(merged.body(), name), name);
        }
        // a layer outside its zoom range is left out of a merged tile
        assertEquals(200, server.getBytes(tileAt("provinces,villages", 108.53, 15.59, 16)).statusCode());
    }

    @Test
    void householdsAreClustersBelowZoom13AndPointsFrom13() {
        byte[] low = server.getBytes(tileAt("households", 108.53, 15.59, 12)).body();
        assertTrue(contains(low, "count") && contains(low, "isolated") && !contains(low, "village_code"), "clusters with counts per status");
        byte[] high = server.getBytes(tileAt("households", 108.53, 15.59, 14)).body();
        assertTrue(contains(high, "village_code") && !contains(high, "\u0005count"), "points with their properties");
        String someName = (String) Sql.scalar(url, "SELECT head_name FROM household h WHERE ST_DWithin(h.geom, ST_Point(108.53, 15.59, 4326), 0.01) LIMIT 1");
        assertFalse(contains(high, someName), "no personal data in tiles");
    }

    @Test
    void etagsAnd304() {
        String path = tileAt("communes", 108.53, 15.59, 11);
        HttpResponse<byte[]> first = server.getBytes(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, server.getBytes(path, "If-None-Match", etag).statusCode());
        assertEquals(200, server.getBytes(path, "If-None-Match", "\"something-else\"").statusCode());
    }

    @Test
    void aStatusEditStraightIntoTheDatabaseChangesTheCachedTile() throws InterruptedException {
        long id = Sql.count(url, "SELECT id FROM household WHERE status = 'safe' ORDER BY id LIMIT 1");
        double lon = ((Number) Sql.scalar(url, "SELECT ST_X(geom) FROM household WHERE id = ?", id)).doubleValue();
        double lat = ((Number) Sql.scalar(url, "SELECT ST_Y(geom) FROM household WHERE id = ?", id)).doubleValue();
        String path = tileAt("households", lon, lat, 16);
        HttpResponse<byte[]> first = server.getBytes(path);
        byte[] before = first.body();
        String etagBefore = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(before.length, server.getBytes(path).body().length);
        assertTrue(server.services().tileCache().size() > 0, "the tile is cached");
        assertFalse(contains(before, "isolated"));
        Layer households = server.services().catalog().find("households").orElseThrow();
        String version = server.services().versions().of(households);
        // another client (psql, QGIS) writes; the trigger's NOTIFY reaches the server
        Sql.update(url, "UPDATE household SET status = 'isolated' WHERE id = ?", id);
        long deadline = System.currentTimeMillis() + 5_000;
        while (version.equals(server.services().versions().of(households)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        HttpResponse<byte[]> after = server.getBytes(path);
        assertTrue(contains(after.body(), "isolated"), "the next request sees the new status");
        assertNotEquals(etagBefore, after.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, server.getBytes(path, "If-None-Match", etagBefore).statusCode(), "the old ETag no longer matches");
        // tiles elsewhere stay cached: only the tiles under the change are dropped
        String far = tileAt("households", 108.38, 15.45, 16);
        server.getBytes(far);
        long size = server.services().tileCache().size();
        Sql.update(url, "UPDATE household SET status = 'safe' WHERE id = ?", id);
        Thread.sleep(500);
        assertTrue(server.services().tileCache().size() >= size - 20, "a small edit does not empty the cache");
    }

    @Test
    void theCacheCanBeTurnedOff() {
        try (TestServer uncached = new TestServer(url, Map.of("ATLAS_TILE_CACHE_MB", "0"))) {
            String path = tileAt("villages", 108.53, 15.59, 13);
            assertEquals(200, uncached.getBytes(path).statusCode());
            HttpResponse<byte[]> r = uncached.getBytes(path, "Accept-Encoding", "gzip");
            assertEquals(200, r.statusCode());
            assertEquals(0, uncached.services().tileCache().size());
            // a small tile made for one response is not worth compressing; the same bytes as from the cache
            assertTrue(r.body().length < org.communeatlas.layers.tiles.TileCache.Tile.COMPRESS_UNKEPT_FROM_BYTES, r.body().length + " bytes");
            assertTrue(r.headers().firstValue("Content-Encoding").isEmpty());
            assertArrayEquals(server.getBytes(path).body(), r.body());
        }
    }

    @Test
    void tilesFromZoom11KeepTheirGenericPlansAndEverythingElseIsPlannedPerValues() throws java.sql.SQLException {
        assertEquals("force_generic_plan", planMode(server.services().database().tileReader()));
        assertEquals("force_custom_plan", planMode(server.services().database().reader()));
        assertEquals(11, org.communeatlas.layers.tiles.TileService.GENERIC_PLANS_FROM_ZOOM);
        // the same tile from either pool is the same bytes
        String path = tileAt("households", 108.53, 15.59, 15);
        long[] t = TileMath.tileOf(108.53, 15.59, 15);
        var households = server.services().catalog().find("households").orElseThrow();
        assertArrayEquals(server.getBytes(path).body(), server.services().tiles().render(java.util.List.of(households), 15, t[0], t[1]));
    }

    private static String planMode(javax.sql.DataSource pool) throws java.sql.SQLException {
        try (var c = pool.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SHOW plan_cache_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aCachedTileIsCompressedOnceForClientsThatAsk() throws java.io.IOException {
        String path = tileAt("households", 108.53, 15.59, 15);
        HttpResponse<byte[]> plain = server.getBytes(path);
        HttpResponse<byte[]> gz = server.getBytes(path, "Accept-Encoding", "gzip");
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals("Accept-Encoding", gz.headers().firstValue("Vary").orElse(""));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
        assertTrue(gz.body().length < plain.body().length, gz.body().length + " < " + plain.body().length);
        // two representations, two strong tags; each revalidates as itself
        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        String gzTag = gz.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(plainTag, gzTag);
        assertEquals(304, server.getBytes(path, "Accept-Encoding", "gzip", "If-None-Match", gzTag).statusCode());
        assertEquals(304, server.getBytes(path, "If-None-Match", plainTag).statusCode());
    }

    @Test
    void tileJsonHasTheRequiredFieldsOf300() {
        for (Layer layer : server.services().catalog().all()) {
            HttpResponse<String> r = server.get("/tiles/" + layer.id() + ".json");
            assertEquals(200, r.statusCode());
            JsonNode tj = TestServer.json(r);
            assertEquals("3.0.0", tj.get("tilejson").asText());
            assertTrue(tj.get("tiles").isArray() && tj.get("tiles").size() == 1);
            String template = tj.get("tiles").get(0).asText();
            assertTrue(template.startsWith(server.base() + "/tiles/" + layer.id() + "/") && template.endsWith("/{z}/{x}/{y}.mvt"), template);
            assertTrue(tj.get("vector_layers").isArray() && tj.get("vector_layers").size() == 1);
            JsonNode vl = tj.get("vector_layers").get(0);
            assertEquals(layer.id(), vl.get("id").asText());
            assertTrue(vl.get("fields").isObject() && vl.get("fields").size() > 0);
            vl.get("fields").forEach(f -> assertTrue(f.isTextual()));
            int min = tj.get("minzoom").asInt();
            int max = tj.get("maxzoom").asInt();
            assertTrue(0 <= min && min <= max && max <= 30);
            assertEquals(4, tj.get("bounds").size());
            assertTrue(tj.get("bounds").get(0).asDouble() < tj.get("bounds").get(2).asDouble());
            assertEquals(3, tj.get("center").size());
            assertTrue(tj.get("center").get(2).asInt() >= min && tj.get("center").get(2).asInt() <= max);
        }
    }

    @Test
    void metricsReportRequestsTileCacheAndPoolToAdminsOnly() {
        server.getBytes(tileAt("communes", 108.53, 15.59, 10));
        server.getBytes(tileAt("communes", 108.53, 15.59, 10));
        assertEquals(401, server.get("/metrics").statusCode(), "the server's internals are not public");
        org.communeatlas.testing.Accounts.create(url, "metrics.admin", org.communeatlas.accounts.Viewer.Role.ADMIN);
        org.communeatlas.testing.Accounts.create(url, "metrics.viewer", org.communeatlas.accounts.Viewer.Role.VIEWER);
        assertEquals(403, server.signIn("metrics.viewer", org.communeatlas.testing.Accounts.PASSWORD).get("/metrics").statusCode());
        String metrics = server.signIn("metrics.admin", org.communeatlas.testing.Accounts.PASSWORD).get("/metrics").body();
        assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/tiles/{layers}/{z}/{x}/{y}.mvt\""), "per-route latency");
        assertTrue(metrics.contains("atlas_tile_cache_requests_total{result=\"hit\"}"));
        assertTrue(metrics.contains("hikaricp_connections_active"));
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
}
