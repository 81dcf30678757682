package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import org.communeatlas.accounts.TokenStore;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.geo.TileMath;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OGC API – Features Part 4 on households, as a script (or QGIS) does it with a personal API token: create, read the
 * ETag, replace and patch with If-Match, be told 412 on a stale version and 428 without one, delete; refused outside the
 * officer's communes and as a viewer; the importer's checks on every value; the audit log and the tiles follow.
 * Requirements: /req/create-replace-delete/insert-post-op, /insert-response, /req/create-replace-delete/replace-put-op,
 * /delete-delete-op, /req/update/update-patch-op, /req/optimistic-locking-etags/*.
 */
class OgcTransactionsTest extends DemoServerTest {

    static String officer;
    static String viewer;
    static String admin;
    static String commune;
    static String village;
    static String otherVillage;
    static long otherHousehold;
    static final String ITEMS = "/ogc/collections/households/items";

    @BeforeAll
    static void accounts() throws Exception {
        List<Object> row = Sql.rows(url, "SELECT v.code, c.code FROM village v JOIN admin_unit c ON c.id = v.commune_id "
                + "WHERE ST_Intersects(v.geom, ST_SetSRID(ST_MakePoint(108.474, 15.573), 4326))").get(0);
        village = (String) row.get(0);
        commune = (String) row.get(1);
        otherVillage = (String) Sql.scalar(url, "SELECT v.code FROM village v JOIN admin_unit c ON c.id = v.commune_id WHERE c.code <> ? "
                + "ORDER BY v.code LIMIT 1", commune);
        otherHousehold = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id WHERE v.code = ? "
                + "ORDER BY h.id LIMIT 1", otherVillage)).longValue();
        int officerId = Accounts.create(url, "ogc.officer", Viewer.Role.OFFICER, commune);
        int viewerId = Accounts.create(url, "ogc.viewer", Viewer.Role.VIEWER);
        int adminId = Accounts.create(url, "ogc.admin", Viewer.Role.ADMIN);
        try (Connection c = DriverManager.getConnection(url)) {
            officer = TokenStore.issue(c, officerId, "script");
            viewer = TokenStore.issue(c, viewerId, "script");
            admin = TokenStore.issue(c, adminId, "qgis");
        }
    }

    private static HttpResponse<String> send(String method, String path, String token, String body, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 4);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = "Bearer " + token;
        all[headers.length + 2] = "Content-Type";
        all[headers.length + 3] = method.equals("PATCH") ? "application/merge-patch+json" : "application/geo+json";
        return server.request(method, path, body, all);
    }

    private static String feature(String code, String villageCode, int members, int elderly, double x, double y) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + x + "," + y + "]},\"properties\":{"
                + "\"code\":\"" + code + "\",\"village_code\":\"" + villageCode + "\",\"head_name\":\"Nguyễn Văn Thử\","
                + "\"phone\":\"0905 000 111\",\"members\":" + members + ",\"elderly\":" + elderly + ",\"village_name\":\"ignored\"}}";
    }

    private static void assertProblem(HttpResponse<String> r, int status, String parameter) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        if (parameter != null) {
            assertEquals(parameter, TestServer.json(r).get("parameter").asText(), r.body());
        }
    }

    @Test
    void anOfficersScriptCreatesReplacesPatchesAndDeletesAHousehold() throws Exception {
        long[] tile = TileMath.tileOf(108.474, 15.573, 15);
        String tilePath = "/tiles/households/15/" + tile[0] + "/" + tile[1] + ".mvt";
        byte[] tileBefore = server.getBytes(tilePath).body();

        HttpResponse<String> created = send("POST", ITEMS, officer, feature("OGC-001", village, 4, 1, 108.474, 15.573));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String etag = created.headers().firstValue("ETag").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String item = ITEMS + "/" + id;

        HttpResponse<String> read = server.get(item, "Authorization", "Bearer " + officer);
        assertEquals(200, read.statusCode());
        assertEquals(etag, read.headers().firstValue("ETag").orElse(""), "the feature's ETag is the version the write answered");
        assertEquals("Nguyễn Văn Thử", TestServer.json(read).at("/properties/head_name").asText());
        assertEquals(304, server.get(item, "Authorization", "Bearer " + officer, "If-None-Match", etag).statusCode());
        long deadline = System.currentTimeMillis() + 3000;
        while (Arrays.equals(tileBefore, server.getBytes(tilePath).body()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(Arrays.equals(tileBefore, server.getBytes(tilePath).body()), "the cached tile shows the new household");

        // replace with the version read: 204 and a new version; the old one is stale now
        HttpResponse<String> replaced = send("PUT", item, officer, feature("OGC-001", village, 5, 1, 108.474, 15.573), "If-Match", etag);
        assertEquals(204, replaced.statusCode(), replaced.body());
        String etag2 = replaced.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, etag2);
        assertEquals(5L, Sql.count(url, "SELECT members FROM household WHERE id = ?", id));
        assertProblem(send("PUT", item, officer, feature("OGC-001", village, 6, 1, 108.474, 15.573), "If-Match", etag), 412, "If-Match");
        assertProblem(send("PATCH", item, officer, "{\"properties\":{\"members\":6}}"), 428, "If-Match");

        // a merge patch: members changed, the phone removed, the rest kept
        HttpResponse<String> patched = send("PATCH", item, officer, "{\"properties\":{\"members\":6,\"phone\":null}}", "If-Match", etag2);
        assertEquals(204, patched.statusCode(), patched.body());
        String etag3 = patched.headers().firstValue("ETag").orElseThrow();
        assertEquals(List.of(List.of(6, "Nguyễn Văn Thử", 1)), Sql.rows(url, "SELECT members::int, head_name, elderly::int FROM household WHERE id = ?", id));
        assertEquals(null, Sql.scalar(url, "SELECT phone FROM household WHERE id = ?", id));
        // a point given in VN-2000 (Content-Crs) is stored in WGS 84 by PostGIS: the FACTS test vector
        HttpResponse<String> moved = send("PATCH", item, officer, "{\"geometry\":{\"type\":\"Point\",\"coordinates\":[577454.189,1722465.313]}}",
                "If-Match", etag3, "Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/5899>");
        assertEquals(204, moved.statusCode(), moved.body());
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM household WHERE id = ? AND ST_DWithin(geom::geography, "
                + "ST_SetSRID(ST_MakePoint(108.474, 15.573), 4326)::geography, 0.01)", id), "within a centimetre");
        String etag4 = moved.headers().firstValue("ETag").orElseThrow();

        // the importer's checks, each naming its property
        assertProblem(send("PATCH", item, officer, "{\"properties\":{\"members\":99}}", "If-Match", etag4), 400, "members");
        assertProblem(send("PATCH", item, officer, "{\"properties\":{\"elderly\":9}}", "If-Match", etag4), 400, "elderly");
        assertProblem(send("PATCH", item, officer, "{\"properties\":{\"village_code\":\"00000-99\"}}", "If-Match", etag4), 400, "village_code");
        assertProblem(send("PATCH", item, officer, "{\"properties\":{\"colour\":\"red\"}}", "If-Match", etag4), 400, "colour");
        HttpResponse<String> swapped = send("PATCH", item, officer, "{\"geometry\":{\"type\":\"Point\",\"coordinates\":[15.573,108.474]}}",
                "If-Match", etag4);
        assertProblem(swapped, 400, "geometry");
        assertTrue(swapped.body().contains("đảo cho nhau"), swapped.body());
        assertProblem(send("POST", ITEMS, officer, feature("OGC-001", village, 2, 0, 108.474, 15.573)), 409, null);

        // outside the officer's communes, and as a viewer: 403, nothing written
        assertProblem(send("POST", ITEMS, officer, feature("OGC-002", otherVillage, 2, 0, 108.47, 15.57)), 403, null);
        String othersTag = server.get(ITEMS + "/" + otherHousehold, "Authorization", "Bearer " + officer).headers().firstValue("ETag").orElseThrow();
        assertProblem(send("PATCH", ITEMS + "/" + otherHousehold, officer, "{\"properties\":{\"members\":3}}", "If-Match", othersTag), 403, null);
        assertProblem(send("PATCH", item, officer, "{\"properties\":{\"village_code\":\"" + otherVillage + "\"}}", "If-Match", etag4), 403, null);
        assertProblem(send("POST", ITEMS, viewer, feature("OGC-003", village, 2, 0, 108.47, 15.57)), 403, null);
        assertProblem(send("DELETE", item, viewer, null, "If-Match", etag4), 403, null);
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household WHERE code IN ('OGC-002', 'OGC-003')"));
        assertProblem(send("POST", "/ogc/collections/communes/items", officer, feature("OGC-004", village, 2, 0, 108.47, 15.57)), 405, "collectionId");

        HttpResponse<String> deleted = send("DELETE", item, officer, null, "If-Match", etag4);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, server.get(item, "Authorization", "Bearer " + officer).statusCode());

        List<Object> actions = Sql.rows(url, "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity = 'household' AND entity_id = ?",
                String.valueOf(id)).get(0);
        assertEquals("feature_create,feature_replace,feature_update,feature_update,feature_delete", actions.get(0));
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE audit_log::text LIKE '%Thử%'"), "no personal value in the log");
    }

    /** Evacuation points: written like households; capacity never below the people there; a site in use is not deleted. */
    @Test
    void anOfficerKeepsTheCommunesSitesAndTheirCapacityHonest() {
        String sites = "/ogc/collections/evacuation_points/items";
        String site = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[108.475,15.574]},\"properties\":{"
                + "\"code\":\"OGC-S1\",\"name\":\"Trường Tiểu học Thử\",\"kind\":\"school\",\"commune_code\":\"" + commune + "\","
                + "\"capacity_day\":200,\"capacity_night\":150,\"is_open\":true,\"occupancy\":0}}";
        // occupancy is the check-ins': a new site sent with people in it is refused, naming it (it used to be ignored)
        assertProblem(send("POST", sites, officer, site.replace("\"occupancy\":0", "\"occupancy\":999")), 400, "occupancy");
        HttpResponse<String> created = send("POST", sites, officer, site);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertEquals(List.of(List.of(200, 150, 0)), Sql.rows(url, "SELECT capacity_day, capacity_night, occupancy FROM evacuation_point WHERE id = ?", id),
                "occupancy is the check-ins', not the client's");
        String etag = created.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> patched = send("PATCH", sites + "/" + id, officer, "{\"properties\":{\"capacity_night\":100}}", "If-Match", etag);
        assertEquals(204, patched.statusCode(), patched.body());
        etag = patched.headers().firstValue("ETag").orElseThrow();

        // a family checks in (with the same token, on the map's route): the site now has people
        long family = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id WHERE v.code = ? "
                + "AND h.site_id IS NULL ORDER BY h.id LIMIT 1", village)).longValue();
        HttpResponse<String> checkIn = server.request("PATCH", "/api/households/" + family, "{\"status\":\"evacuated\",\"site_id\":" + id + "}",
                "Content-Type", "application/json", "Authorization", "Bearer " + officer);
        assertEquals(200, checkIn.statusCode(), checkIn.body());
        etag = server.get(sites + "/" + id, "Authorization", "Bearer " + officer).headers().firstValue("ETag").orElseThrow();
        assertProblem(send("PATCH", sites + "/" + id, officer, "{\"properties\":{\"capacity_day\":0,\"capacity_night\":0}}", "If-Match", etag),
                400, "capacity_day");
        assertProblem(send("DELETE", sites + "/" + id, officer, null, "If-Match", etag), 409, null);
        assertProblem(send("POST", sites, officer, site.replace("OGC-S1", "OGC-S2").replace("\"" + commune + "\"", "\"" + otherCommune() + "\"")),
                403, null);
        assertProblem(send("POST", sites, viewer, site.replace("OGC-S1", "OGC-S3")), 403, null);
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE code IN ('OGC-S2', 'OGC-S3')"));

        // checked out again, the site can go
        HttpResponse<String> checkOut = server.request("PATCH", "/api/households/" + family, "{\"status\":\"safe\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + officer);
        assertEquals(200, checkOut.statusCode(), checkOut.body());
        etag = server.get(sites + "/" + id, "Authorization", "Bearer " + officer).headers().firstValue("ETag").orElseThrow();
        assertEquals(204, send("DELETE", sites + "/" + id, officer, null, "If-Match", etag).statusCode());
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE id = ?", id));
    }

    /** Villages: admins only; the boundary read by PostGIS in the body's CRS, valid and inside Vietnam; one name per commune. */
    @Test
    void anAdminDrawsAVillageAndOfficersMayNot() {
        String villages = "/ogc/collections/villages/items";
        String square = "[[[108.60,15.40],[108.61,15.40],[108.61,15.41],[108.60,15.41],[108.60,15.40]]]";
        String body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "},\"properties\":{"
                + "\"code\":\"OGC-V1\",\"name\":\"Thôn Thử Nghiệm\",\"kind\":\"thôn\",\"commune_code\":\"" + commune + "\",\"population\":120,"
                + "\"models_active\":3}}";
        assertProblem(send("POST", villages, officer, body), 403, null);
        HttpResponse<String> created = send("POST", villages, admin, body);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertEquals("OGC-V1", id, "a village's feature id is its code");
        assertEquals(List.of(List.of("MULTIPOLYGON", true)), Sql.rows(url, "SELECT upper(GeometryType(geom)), centre IS NOT NULL AND unit_2025_id IS NOT NULL "
                + "FROM village WHERE code = ?", id));
        String etag = created.headers().firstValue("ETag").orElseThrow();
        // the same village name twice in a commune is refused; a bow tie is not a boundary
        assertProblem(send("POST", villages, admin, body.replace("OGC-V1", "OGC-V2")), 400, "name");
        String bowTie = "[[[108.60,15.40],[108.61,15.41],[108.61,15.40],[108.60,15.41],[108.60,15.40]]]";
        assertProblem(send("PATCH", villages + "/" + id, admin, "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + bowTie + "}}",
                "If-Match", etag), 400, "geometry");
        assertProblem(send("PATCH", villages + "/" + id, admin, "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,2]]]}}",
                "If-Match", etag), 400, "geometry");
        // renamed, and its boundary given in VN-2000: PostGIS brings it to WGS 84 around the test vector
        String vn = "[[[577400,1722400],[577500,1722400],[577500,1722500],[577400,1722500],[577400,1722400]]]";
        HttpResponse<String> moved = send("PATCH", villages + "/" + id, admin, "{\"properties\":{\"name\":\"Thôn Mới\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + vn + "}}", "If-Match", etag,
                "Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/5899>");
        assertEquals(204, moved.statusCode(), moved.body());
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM village WHERE code = ? AND name = 'Thôn Mới' "
                + "AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(108.474, 15.573), 4326))", id));
        String etag2 = moved.headers().firstValue("ETag").orElseThrow();
        // a village households live in is not deleted; an empty one is
        String livedTag = server.get(villages + "/" + village, "Authorization", "Bearer " + admin).headers().firstValue("ETag").orElseThrow();
        assertProblem(send("DELETE", villages + "/" + village, admin, null, "If-Match", livedTag), 409, null);
        assertEquals(204, send("DELETE", villages + "/" + id, admin, null, "If-Match", etag2).statusCode());
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM village WHERE code = 'OGC-V1'"));
    }

    private static String otherCommune() {
        return (String) Sql.scalar(url, "SELECT c.code FROM village v JOIN admin_unit c ON c.id = v.commune_id WHERE v.code = ?", otherVillage);
    }

    @Test
    void theConformanceAndTheApiDeclareTheWrites() {
        List<String> conformance = new java.util.ArrayList<>();
        TestServer.json(server.get("/ogc/conformance")).get("conformsTo").forEach(n -> conformance.add(n.asText()));
        for (String c : List.of("create-replace-delete", "update", "optimistic-locking-etags")) {
            assertTrue(conformance.contains("http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/" + c), c);
        }
        JsonNode paths = TestServer.json(server.get("/ogc/api")).get("paths");
        for (String collection : List.of("households", "evacuation_points", "villages")) {
            assertTrue(paths.at("/~1collections~1" + collection + "~1items/post").isObject(), collection);
            for (String method : List.of("put", "patch", "delete")) {
                assertTrue(paths.at("/~1collections~1" + collection + "~1items~1{featureId}/" + method).isObject(), collection + " " + method);
            }
        }
        assertTrue(paths.at("/~1collections~1communes~1items/post").isMissingNode(), "communes are read only here");
    }
}
