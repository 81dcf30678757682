package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OGC API – Features Part 2 (Coordinate Reference Systems by Reference, OGC 18-058r1) and the Part 1 requirements on
 * bbox and the OpenAPI parameter fragments (OGC 17-069r4), each test naming the requirement ids it checks. The FACTS
 * test vector: WGS 84 lat 15.573, lon 108.474 is EPSG:5899 E 577454.189, N 1722465.313.
 */
class OgcCrsTest extends DemoServerTest {

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
    static final String VN2000 = "http://www.opengis.net/def/crs/EPSG/0/5899";
    static final double LON = 108.474;
    static final double LAT = 15.573;
    static final double EASTING = 577454.189;
    static final double NORTHING = 1722465.313;

    @TempDir
    static Path dir;
    /** An evacuation point moved onto the test vector. */
    static long site;

    @BeforeAll
    static void aSiteOnTheTestVector() {
        site = ((Number) Sql.scalar(url, "SELECT min(id) FROM evacuation_point")).longValue();
        Sql.update(url, "UPDATE evacuation_point SET geom = ST_SetSRID(ST_MakePoint(?, ?), 4326) WHERE id = ?", LON, LAT, site);
    }

    private static HttpResponse<String> get(String path) {
        HttpResponse<String> r = server.get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return r;
    }

    private static JsonNode json(String path) {
        return TestServer.json(get(path));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** /req/crs/fc-md-crs-list, /req/crs/fc-md-storageCrs, /req/crs/fc-md-crs-list-A (the list holds the storage CRS). */
    @Test
    void everyCollectionOffersTheThreeCrsAndSaysItsStorageCrs() {
        for (JsonNode c : json("/ogc/collections").get("collections")) {
            List<String> crs = new ArrayList<>();
            c.get("crs").forEach(n -> crs.add(n.asText()));
            assertEquals(List.of(CRS84, EPSG4326, VN2000), crs, c.get("id").asText());
            assertEquals(CRS84, c.get("storageCrs").asText());
        }
        List<String> conformance = new ArrayList<>();
        json("/ogc/conformance").get("conformsTo").forEach(n -> conformance.add(n.asText()));
        assertTrue(conformance.contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"), conformance.toString());
    }

    /**
     * /req/crs/fc-crs-definition, /req/crs/fc-crs-action, /req/crs/ogc-crs-header, /req/crs/ogc-crs-header-value,
     * /req/crs/fc-crs-default-value: the test vector through the API in each CRS, within a centimetre, and the header.
     */
    @Test
    void theTestVectorComesBackInVn2000WithinACentimetreAndInEachAxisOrder() {
        String item = "/ogc/collections/evacuation_points/items/" + site;
        HttpResponse<String> plain = get(item);
        assertEquals("<" + CRS84 + ">", plain.headers().firstValue("Content-Crs").orElse(""), "default CRS84, said");
        JsonNode lonLat = TestServer.json(plain).at("/geometry/coordinates");
        assertEquals(LON, lonLat.get(0).asDouble(), 1e-9);
        assertEquals(LAT, lonLat.get(1).asDouble(), 1e-9);

        HttpResponse<String> vn = get(item + "?crs=" + enc(VN2000));
        assertEquals("<" + VN2000 + ">", vn.headers().firstValue("Content-Crs").orElse(""));
        JsonNode en = TestServer.json(vn).at("/geometry/coordinates");
        assertEquals(EASTING, en.get(0).asDouble(), 0.01, "easting within 1 cm");
        assertEquals(NORTHING, en.get(1).asDouble(), 0.01, "northing within 1 cm");
        assertTrue(TestServer.json(vn).at("/geometry/crs").isMissingNode(), "no GeoJSON 2008 crs member");

        JsonNode latLon = json(item + "?crs=" + enc(EPSG4326)).at("/geometry/coordinates");
        assertEquals(LAT, latLon.get(0).asDouble(), 1e-9, "EPSG:4326 is latitude first");
        assertEquals(LON, latLon.get(1).asDouble(), 1e-9);

        // the safe CURIE names the same CRS
        assertEquals(en, json(item + "?crs=" + enc("[EPSG:5899]")).at("/geometry/coordinates"));

        // pages too, and CSV's WKT
        HttpResponse<String> page = get("/ogc/collections/evacuation_points/items?limit=3&crs=" + enc(VN2000));
        assertEquals("<" + VN2000 + ">", page.headers().firstValue("Content-Crs").orElse(""));
        for (JsonNode f : TestServer.json(page).get("features")) {
            double e = f.at("/geometry/coordinates/0").asDouble();
            double n = f.at("/geometry/coordinates/1").asDouble();
            assertTrue(e > 300_000 && e < 700_000 && n > 1_600_000 && n < 1_800_000, "metres of TM-3 107-45: " + e + " " + n);
        }
        String csv = get("/ogc/collections/evacuation_points/items?f=csv&crs=" + enc(VN2000) + "&bbox=108.4739,15.5729,108.4741,15.5731").body();
        assertTrue(csv.contains("POINT(577454.18"), csv);
    }

    /** /req/crs/fc-bbox-crs-definition, /req/crs/fc-bbox-crs-valid-value, /req/crs/fc-bbox-crs-action, /req/crs/fc-bbox-crs-default-value. */
    @Test
    void aBboxInVn2000OrInLatitudeFirstOrderSelectsWhatTheSameBoxInCrs84Selects() {
        String vnBox = (EASTING - 50) + "," + (NORTHING - 50) + "," + (EASTING + 50) + "," + (NORTHING + 50);
        JsonNode near = json("/ogc/collections/evacuation_points/items?bbox-crs=" + enc(VN2000) + "&bbox=" + vnBox + "&crs=" + enc(VN2000));
        List<Long> ids = new ArrayList<>();
        for (JsonNode f : near.get("features")) {
            ids.add(f.get("id").asLong());
            assertTrue(Math.abs(f.at("/geometry/coordinates/0").asDouble() - EASTING) <= 50.001
                    && Math.abs(f.at("/geometry/coordinates/1").asDouble() - NORTHING) <= 50.001, f.toString());
        }
        assertTrue(ids.contains(site), "the site on the test vector is inside its 100 m box: " + ids);

        String lonLat = "108.40,15.50,108.60,15.65";
        String latLon = "15.50,108.40,15.65,108.60";
        long byCrs84 = json("/ogc/collections/villages/items?limit=1&bbox=" + lonLat).get("numberMatched").asLong();
        assertTrue(byCrs84 > 10, "villages around Tam Kỳ: " + byCrs84);
        assertEquals(byCrs84, json("/ogc/collections/villages/items?limit=1&bbox-crs=" + enc(CRS84) + "&bbox=" + lonLat).get("numberMatched").asLong());
        assertEquals(byCrs84, json("/ogc/collections/villages/items?limit=1&bbox-crs=" + enc(EPSG4326) + "&bbox=" + latLon).get("numberMatched").asLong());
        assertEquals(byCrs84, Sql.count(url, "SELECT count(*) FROM village WHERE ST_Intersects(geom, ST_MakeEnvelope(108.40, 15.50, 108.60, 15.65, 4326))"));
    }

    /** /req/core/fc-bbox-definition: a west edge larger than the east edge spans the antimeridian; it is answered, not refused. */
    @Test
    void aBboxAcrossTheAntimeridianIsAnswered() {
        long total = Sql.count(url, "SELECT count(*) FROM village WHERE ST_Intersects(geom, ST_MakeEnvelope(-180, 10, 109, 17, 4326))");
        assertTrue(total > 1000, "villages west of 109°E: " + total);
        // from 170°E eastwards over the antimeridian to 109°E: Quảng Nam lies in the part west of 109°E
        assertEquals(total, json("/ogc/collections/villages/items?limit=1&bbox=170,10,109,17").get("numberMatched").asLong());
        // from 179°E over the antimeridian to 179°W: nothing of ours
        JsonNode none = json("/ogc/collections/villages/items?bbox=179,-90,-179,90");
        assertEquals(0, none.get("numberMatched").asLong());
        assertEquals(0, none.get("features").size());
    }

    /** /req/core/fc-bbox-definition, /req/core/fc-limit-definition, /req/core/fc-time-definition, /req/oas30/oas-definition-2. */
    @Test
    void theOpenApiDocumentDefinesBboxLimitAndDatetimeAsTheStandardsFragmentsDo() {
        JsonNode params = json("/ogc/api").at("/components/parameters");
        for (String name : List.of("bbox", "limit", "datetime", "crs", "bbox-crs")) {
            JsonNode p = params.get(name);
            assertEquals(name, p.get("name").asText());
            assertEquals("query", p.get("in").asText());
            assertEquals(false, p.get("required").asBoolean());
            assertEquals("form", p.get("style").asText(), name);
            assertEquals(false, p.get("explode").asBoolean(), name);
        }
        JsonNode bbox = params.at("/bbox/schema");
        assertEquals("array", bbox.get("type").asText());
        assertEquals("number", bbox.at("/items/type").asText());
        assertEquals(4, bbox.at("/oneOf/0/minItems").asInt());
        assertEquals(4, bbox.at("/oneOf/0/maxItems").asInt());
        assertEquals(6, bbox.at("/oneOf/1/minItems").asInt());
        assertEquals(6, bbox.at("/oneOf/1/maxItems").asInt());
        JsonNode limit = params.at("/limit/schema");
        assertEquals("integer", limit.get("type").asText());
        assertEquals(1, limit.get("minimum").asInt());
        assertEquals(10_000, limit.get("maximum").asInt());
        assertEquals(100, limit.get("default").asInt());
        assertEquals("string", params.at("/datetime/schema/type").asText());
        List<String> crs = new ArrayList<>();
        params.at("/crs/schema/enum").forEach(n -> crs.add(n.asText()));
        assertEquals(List.of(CRS84, EPSG4326, VN2000), crs);
    }

    /** GDAL reads the VN-2000 answer as EPSG:5899 and takes it back to WGS 84 onto the test vector. */
    @Test
    void ogr2ogrTakesTheVn2000AnswerBackToTheTestVector() throws Exception {
        Path answer = dir.resolve("site-5899.geojson");
        Files.writeString(answer, get("/ogc/collections/evacuation_points/items/" + site + "?crs=" + enc(VN2000)).body());
        Path back = dir.resolve("site-4326.csv");
        ProcessResult r = ProcessResult.run(List.of("ogr2ogr", "-f", "CSV", back.toString(), answer.toString(), "-s_srs", "EPSG:5899",
                "-t_srs", "EPSG:4326", "-lco", "GEOMETRY=AS_XY"), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.output());
        String[] row = Files.readAllLines(back).get(1).split(",");
        // GDAL 3.6 orders EPSG:4326 as the CSV driver writes it: X = longitude
        double x = Double.parseDouble(row[0]);
        double y = Double.parseDouble(row[1]);
        double lon = x < 90 ? y : x;
        double lat = x < 90 ? x : y;
        assertEquals(LON, lon, 1e-7, "within a centimetre: " + String.join(",", row));
        assertEquals(LAT, lat, 1e-7);
    }
}
