package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.geo.TileMath;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OGC API – Tiles 1.0 (OGC 20-057) over the demo data, each test naming the requirement classes it checks: the
 * WebMercatorQuad tile matrix set, each layer's and the dataset's tilesets and their tiles, read back by GDAL. GDAL 3.6
 * as Debian builds it reads vector tiles through {@code OGCAPI:} not at all (its vector branch is compiled out with the
 * GML driver's define: libgdal.so.32 holds no "vectorType"), so GDAL reads our tile matrix set with its TMS parser and
 * each tile with its MVT driver, placed by the tileset's own z/row/col.
 */
class OgcTilesTest extends DemoServerTest {

    static final String TILES = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";
    /** A point in Tam Kỳ, where every layer has data. */
    static final double LON = 108.474;
    static final double LAT = 15.573;

    @TempDir
    static Path work;

    private static JsonNode json(String path) {
        HttpResponse<String> r = server.get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return TestServer.json(r);
    }

    private static String run(String... command) {
        ProcessResult r = ProcessResult.run(List.of(command), Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }

    private static Map<String, String> rels(JsonNode links) {
        Map<String, String> byRel = new HashMap<>();
        links.forEach(l -> byRel.putIfAbsent(l.get("rel").asText(), l.get("href").asText()));
        return byRel;
    }

    /** /conf/core, /conf/tileset, /conf/tilesets-list, /conf/geodata-tilesets, /conf/dataset-tilesets, /conf/mvt, /conf/oas30. */
    @Test
    void theLandingPageAndConformanceLeadToTheTiles() {
        List<String> conformance = new ArrayList<>();
        json("/ogc/conformance").get("conformsTo").forEach(n -> conformance.add(n.asText()));
        for (String c : List.of("core", "tileset", "tilesets-list", "geodata-tilesets", "dataset-tilesets", "mvt", "oas30")) {
            assertTrue(conformance.contains(TILES + c), c);
        }
        Map<String, String> landing = rels(json("/ogc").get("links"));
        assertEquals(server.base() + "/ogc/tiles", landing.get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"));
        assertEquals(server.base() + "/ogc/tileMatrixSets", landing.get("http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"));
        for (JsonNode c : json("/ogc/collections").get("collections")) {
            assertEquals(server.base() + "/ogc/collections/" + c.get("id").asText() + "/tiles",
                    rels(c.get("links")).get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"));
        }
        JsonNode paths = json("/ogc/api").get("paths");
        assertTrue(paths.has("/collections/villages/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"));
        assertTrue(paths.has("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"));
        assertTrue(paths.has("/tileMatrixSets/{tileMatrixSetId}"));
    }

    /**
     * As the OGC's test suite for Tiles 1.0 reads the API: every tile path's operation id ends in the name Table 11 of
     * the standard gives it (/req/oas30/operation-id); every tileset summary names its tile matrix set by id and URI; the
     * landing page's tilesets link leads, through a summary's tileMatrixSetId and the tileset's template, to a tile of
     * each collection (200 or 204), and a tile out of range is a 4xx problem.
     */
    @Test
    void theOgcTestSuiteFindsEveryTileFromTheLandingPage() {
        JsonNode paths = json("/ogc/api").get("paths");
        int tilePaths = 0;
        for (var it = paths.fields(); it.hasNext();) {
            var path = it.next();
            String p = path.getKey();
            String expected = p.equals("/tileMatrixSets") ? "getTileMatrixSetsList"
                    : p.equals("/tileMatrixSets/{tileMatrixSetId}") ? "getTileMatrixSet"
                    : p.endsWith("/tiles") ? "vector.getTileSetsList"
                    : p.endsWith("/tiles/{tileMatrixSetId}") ? "vector.getTileSet"
                    : p.endsWith("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}") ? "vector.getTile" : null;
            if (expected == null) {
                continue;
            }
            tilePaths++;
            String scope = p.startsWith("/collections/") ? ".collection." : p.startsWith("/tiles") ? "dataset." : "";
            String id = path.getValue().at("/get/operationId").asText();
            assertTrue(id.endsWith(scope + expected) || (scope.isEmpty() && id.equals(expected)), p + " → " + id);
        }
        assertEquals(3 * (server.services().catalog().all().size() + 1) + 2, tilePaths);
        Set<String> ids = new HashSet<>();
        paths.forEach(p -> p.forEach(op -> assertTrue(!op.has("operationId") || ids.add(op.get("operationId").asText()), op.toString())));

        String tilesets = rels(json("/ogc").get("links")).get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        List<String> summaries = new ArrayList<>();
        summaries.add(tilesets);
        for (JsonNode c : json("/ogc/collections").get("collections")) {
            summaries.add(rels(c.get("links")).get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"));
        }
        int z = 12;
        long[] tile = TileMath.tileOf(LON, LAT, z);
        for (String list : summaries) {
            JsonNode summary = json(list.substring(server.base().length())).get("tilesets").get(0);
            assertEquals("WebMercatorQuad", summary.get("tileMatrixSetId").asText(), list);
            assertEquals("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", summary.get("tileMatrixSetURI").asText(), list);
            String tileset = list + "/" + summary.get("tileMatrixSetId").asText();
            JsonNode metadata = json(tileset.substring(server.base().length()));
            assertEquals("WebMercatorQuad", metadata.get("tileMatrixSetId").asText());
            String template = null;
            for (JsonNode l : metadata.get("links")) {
                if (l.get("rel").asText().equals("item")) {
                    template = l.get("href").asText();
                }
            }
            String url = template.replace("{tileMatrix}", "" + z).replace("{tileRow}", "" + tile[1]).replace("{tileCol}", "" + tile[0]);
            HttpResponse<byte[]> r = server.getBytes(url.substring(server.base().length()));
            assertTrue(r.statusCode() == 200 || r.statusCode() == 204, url + " → " + r.statusCode());
            HttpResponse<String> out = server.get(template.replace("{tileMatrix}", "" + z).replace("{tileRow}", "99999").replace("{tileCol}", "0")
                    .substring(server.base().length()));
            assertTrue(out.statusCode() >= 400 && out.statusCode() < 500, url + " out of range → " + out.statusCode());
            assertTrue(out.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        assertEquals(server.services().catalog().all().size() + 1, summaries.size());
    }

    /** The WebMercatorQuad definition (OGC 17-083r4): 23 matrices halving in scale; GDAL's tile matrix set parser reads it. */
    @Test
    void theTileMatrixSetIsWebMercatorQuadAndGdalReadsIt() throws Exception {
        assertEquals("WebMercatorQuad", json("/ogc/tileMatrixSets").at("/tileMatrixSets/0/id").asText());
        JsonNode tms = json("/ogc/tileMatrixSets/WebMercatorQuad");
        assertEquals("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", tms.get("uri").asText());
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/3857", tms.get("crs").asText());
        JsonNode matrices = tms.get("tileMatrices");
        assertEquals(TileMath.MAX_ZOOM + 1, matrices.size());
        for (int z = 0; z < matrices.size(); z++) {
            JsonNode m = matrices.get(z);
            assertEquals(Integer.toString(z), m.get("id").asText());
            assertEquals(1L << z, m.get("matrixWidth").asLong());
            assertEquals(TileMath.tileWidth(z) / 256, m.get("cellSize").asDouble(), 1e-6);
        }
        assertEquals(404, server.get("/ogc/tileMatrixSets/WorldCRS84Quad").statusCode());

        // GDAL tiles a raster on our definition: its pixel size is one of our cell sizes
        Path definition = work.resolve("tms.json");
        Files.writeString(definition, server.get("/ogc/tileMatrixSets/WebMercatorQuad").body());
        Path small = work.resolve("small.tif");
        run("gdal_create", "-of", "GTiff", "-outsize", "100", "100", "-a_srs", "EPSG:3857", "-a_ullr", "11933000", "1817000", "12111000", "1677000",
                small.toString());
        Path tiled = work.resolve("tiled.tif");
        run("gdal_translate", "-q", "-of", "COG", "-co", "TILING_SCHEME=" + definition, small.toString(), tiled.toString());
        JsonNode info = JsonCodec.MAPPER.readTree(run("gdalinfo", "-json", tiled.toString()));
        double pixel = info.at("/geoTransform/1").asDouble();
        boolean ours = false;
        for (JsonNode m : matrices) {
            ours |= Math.abs(m.get("cellSize").asDouble() - pixel) < 1e-6;
        }
        assertTrue(ours, "GDAL's pixel size " + pixel + " is a cell size of WebMercatorQuad as we define it");
    }

    /** /conf/geodata-tilesets, /conf/tileset, /conf/mvt: each layer's tileset and its tiles, the same bytes as /tiles/...; GDAL decodes them in place. */
    @Test
    void everyLayersTilesetLeadsToItsTilesAndGdalPlacesThemInQuangNam() throws Exception {
        List<String> decodedLayers = new ArrayList<>();
        for (JsonNode collection : json("/ogc/collections").get("collections")) {
            String id = collection.get("id").asText();
            JsonNode list = json("/ogc/collections/" + id + "/tiles").get("tilesets");
            assertEquals(1, list.size());
            assertEquals("vector", list.get(0).get("dataType").asText());
            String tilesetUrl = rels(list.get(0).get("links")).get("self");
            JsonNode tileset = json(tilesetUrl.substring(server.base().length()));
            assertEquals("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", tileset.get("tileMatrixSetURI").asText());
            Map<String, String> links = rels(tileset.get("links"));
            assertEquals(server.base() + "/ogc/tileMatrixSets/WebMercatorQuad", links.get("http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"));
            String template = links.get("item");
            assertTrue(template.endsWith("/{tileMatrix}/{tileRow}/{tileCol}"), template);
            JsonNode layer = tileset.at("/layers/0");
            assertEquals(id, layer.get("id").asText());
            assertTrue(layer.at("/propertiesSchema/properties").size() > 0, id);

            // a point of the layer's first feature in Tam Kỳ: the most detailed zoom's limits hold its tile, /tiles/'s tile
            String first = json("/ogc/collections/" + id + "/items?limit=1&bbox=108.44,15.51,108.58,15.64").at("/features/0/geometry/coordinates")
                    .toString().replaceAll("^[\\[]+", "").split("]")[0];
            double lon0 = Double.parseDouble(first.split(",")[0]);
            double lat0 = Double.parseDouble(first.split(",")[1]);
            JsonNode limits = tileset.get("tileMatrixSetLimits");
            JsonNode deepest = limits.get(limits.size() - 1);
            int z = deepest.get("tileMatrix").asInt();
            assertEquals(layer.get("maxTileMatrix").asInt(), z);
            long[] tile = TileMath.tileOf(lon0, lat0, z);
            assertTrue(tile[0] >= deepest.get("minTileCol").asLong() && tile[0] <= deepest.get("maxTileCol").asLong(), id);
            assertTrue(tile[1] >= deepest.get("minTileRow").asLong() && tile[1] <= deepest.get("maxTileRow").asLong(), id);
            String url = template.replace("{tileMatrix}", Integer.toString(z)).replace("{tileRow}", Long.toString(tile[1]))
                    .replace("{tileCol}", Long.toString(tile[0]));
            HttpResponse<byte[]> ogc = server.getBytes(url.substring(server.base().length()));
            HttpResponse<byte[]> plain = server.getBytes("/tiles/" + id + "/" + z + "/" + tile[0] + "/" + tile[1] + ".mvt");
            assertEquals(200, ogc.statusCode(), id);
            assertArrayEquals(plain.body(), ogc.body(), id + ": the same tile");
            {
                Path mvt = work.resolve(id + ".mvt");
                Files.write(mvt, ogc.body());
                Path decoded = work.resolve(id + ".geojson");
                Files.deleteIfExists(decoded);
                run("ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4326", decoded.toString(), mvt.toString(), "-oo", "X=" + tile[0], "-oo",
                        "Y=" + tile[1], "-oo", "Z=" + z, id);
                JsonNode features = JsonCodec.MAPPER.readTree(decoded.toFile()).get("features");
                assertTrue(features.size() > 0, id + ": GDAL decoded features");
                decodedLayers.add(id);
                for (JsonNode f : features) {
                    String c = f.at("/geometry/coordinates").toString();
                    String start = c.replaceAll("^[\\[]+", "").split("]")[0];
                    double lon = Double.parseDouble(start.split(",")[0]);
                    double lat = Double.parseDouble(start.split(",")[1]);
                    assertTrue(Math.abs(lon - lon0) < 0.1 && Math.abs(lat - lat0) < 0.1, id + " feature placed at " + lon + ", " + lat);
                }
            }
        }
        assertEquals(server.services().catalog().all().size(), decodedLayers.size(), "every layer decoded by GDAL: " + decodedLayers);
    }

    /** /conf/dataset-tilesets: every layer in one tile, the same bytes as /tiles/{every layer}/...; out of range is 404 naming the part. */
    @Test
    void theDatasetTilesHoldEveryLayerAndOutOfRangeIsNamed() {
        JsonNode tileset = json("/ogc/tiles/WebMercatorQuad");
        List<String> layers = new ArrayList<>();
        tileset.get("layers").forEach(l -> layers.add(l.get("id").asText()));
        assertEquals(server.services().catalog().all().stream().map(Layer::id).toList(), layers);
        assertEquals(1, json("/ogc/tiles").get("tilesets").size());
        int z = 12;
        long[] tile = TileMath.tileOf(LON, LAT, z);
        HttpResponse<byte[]> dataset = server.getBytes("/ogc/tiles/WebMercatorQuad/" + z + "/" + tile[1] + "/" + tile[0]);
        assertEquals(200, dataset.statusCode());
        List<String> inRange = server.services().catalog().all().stream().filter(l -> z >= l.minZoom() && z <= l.maxZoom()).map(Layer::id).toList();
        HttpResponse<byte[]> same = server.getBytes("/tiles/" + String.join(",", inRange) + "/" + z + "/" + tile[0] + "/" + tile[1] + ".mvt");
        assertArrayEquals(same.body(), dataset.body());

        for (String[] bad : new String[][] {{"/ogc/tiles/WebMercatorQuad/12/4096/0", "tileRow"}, {"/ogc/tiles/WebMercatorQuad/12/0/5000", "tileCol"},
                {"/ogc/tiles/WebMercatorQuad/30/0/0", "tileMatrix"}, {"/ogc/tiles/EuropeanETRS89_LAEAQuad/1/0/0", "tileMatrixSetId"},
                {"/ogc/collections/villages/tiles/WebMercatorQuad/12/x/0", "tileRow"}}) {
            HttpResponse<String> r = server.get(bad[0]);
            assertEquals(bad[1].equals("tileRow") && bad[0].contains("/x/") ? 400 : 404, r.statusCode(), bad[0] + " " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), bad[0]);
            assertEquals(bad[1], TestServer.json(r).get("parameter").asText(), bad[0]);
        }
    }
}
