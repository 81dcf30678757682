package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.communeatlas.accounts.TokenStore;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What QGIS (3.32 and later, its OAPIF provider) sends when it edits, sent exactly so: OPTIONS first (it offers editing
 * only when Allow lists the writes), POST with every field of the layer and {@code "id": null}, PUT, PATCH and DELETE
 * without If-Match, and the API token as the password of Basic authentication (what its Basic method sends). Evacuation
 * points and villages take such writes, audited as unconditional; households answer 428 and say why (README: "Use it
 * from QGIS and GDAL"). GDAL, with the same Basic credentials, reads the officer's households with their personal fields.
 */
class QgisEditingTest extends DemoServerTest {

    private static final String SITES = "/ogc/collections/evacuation_points/items";
    private static final String VILLAGES = "/ogc/collections/villages/items";
    private static String commune;
    private static String officer;
    private static String admin;

    @BeforeAll
    static void accounts() throws Exception {
        commune = (String) Sql.scalar(url, "SELECT a.code FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id ORDER BY p.id LIMIT 1");
        int officerId = Accounts.create(url, "qgis.officer", Viewer.Role.OFFICER, commune);
        int adminId = Accounts.create(url, "qgis.admin", Viewer.Role.ADMIN);
        try (Connection c = DriverManager.getConnection(url)) {
            officer = TokenStore.issue(c, officerId, "qgis");
            admin = TokenStore.issue(c, adminId, "qgis");
        }
    }

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("qgis-user:" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** A request as QGIS makes it: Basic credentials, no If-Match, no Origin, no cookie. */
    private static HttpResponse<String> qgis(String method, String path, String token, String body) {
        List<String> headers = new ArrayList<>(List.of("Authorization", basic(token)));
        if (body != null) {
            headers.addAll(List.of("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/geo+json"));
        }
        return server.request(method, path, body, headers.toArray(String[]::new));
    }

    private static String allow(String path, String token) {
        HttpResponse<String> r = token == null ? server.request("OPTIONS", path, null) : qgis("OPTIONS", path, token, null);
        assertTrue(r.statusCode() < 300, path + " → " + r.statusCode());
        return r.headers().firstValue("Allow").orElse("");
    }

    private static long audited(String action, String entityId) {
        return Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = ? AND entity_id = ? AND (after->>'unconditional')::boolean",
                action, entityId);
    }

    @Test
    void optionsSaysWhatTheCallerMayDo() {
        long site = Sql.count(url, "SELECT min(id) FROM evacuation_point");
        assertEquals("GET, HEAD, OPTIONS", allow(SITES, null), "anonymous: reads only");
        assertTrue(allow(SITES, officer).contains("POST"));
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            assertTrue(allow(SITES + "/" + site, officer).contains(method), method);
        }
        assertFalse(allow(SITES + "/" + site, null).contains("PUT"));
        assertFalse(allow(VILLAGES, officer).contains("POST"), "villages are the admins' to draw");
        assertTrue(allow(VILLAGES, admin).contains("POST"));
        assertFalse(allow("/ogc/collections/communes/items", admin).contains("POST"), "communes are read only here");
    }

    @Test
    void anEvacuationPointIsCreatedReplacedPatchedAndDeletedAsQgisSendsThem() {
        // QGIS's layer has every property the features show; a new feature carries them all, most empty, and "id": null
        JsonNode shown = TestServer.json(qgis("GET", SITES + "?limit=1&bbox=102,6,118,24", officer, null)).at("/features/0/properties");
        ObjectNode props = JsonCodec.MAPPER.createObjectNode();
        shown.fieldNames().forEachRemaining(name -> props.putNull(name));
        props.put("code", "QGIS-S1").put("name", "Nhà văn hóa thôn (QGIS)").put("kind", "cultural_house").put("commune_code", commune)
                .put("capacity_day", 120).put("capacity_night", 80).put("is_open", true);
        double[] inside = inside(commune);
        String feature = "{\"type\":\"Feature\",\"id\":null,\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + inside[0] + "," + inside[1]
                + "]},\"properties\":" + props + "}";
        HttpResponse<String> created = qgis("POST", SITES, officer, feature);
        assertEquals(201, created.statusCode(), created.body());
        String item = created.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        String id = item.substring(item.lastIndexOf('/') + 1);
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'feature_create' AND entity_id = ?", id));

        // PUT: the whole feature as QGIS read it back, one field changed, read-only ones as they were
        JsonNode read = TestServer.json(qgis("GET", item, officer, null));
        ObjectNode replaced = (ObjectNode) read.deepCopy();
        replaced.remove("links");
        ((ObjectNode) replaced.get("properties")).put("name", "Nhà văn hóa thôn Một (QGIS)");
        HttpResponse<String> put = qgis("PUT", item, officer, replaced.toString());
        assertEquals(204, put.statusCode(), put.body());
        assertEquals("Nhà văn hóa thôn Một (QGIS)", Sql.scalar(url, "SELECT name FROM evacuation_point WHERE id = ?", Long.parseLong(id)));
        assertEquals(1, audited("feature_replace", id), "a write without If-Match is audited as unconditional");

        HttpResponse<String> patch = qgis("PATCH", item, officer, "{\"properties\":{\"capacity_day\":150}}");
        assertEquals(204, patch.statusCode(), patch.body());
        HttpResponse<String> moved = qgis("PATCH", item, officer, "{\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (inside[0] + 0.0002) + ","
                + inside[1] + "]}}");
        assertEquals(204, moved.statusCode(), moved.body());
        assertEquals(List.of(List.of(150, true)), Sql.rows(url, "SELECT capacity_day, ST_X(geom) > ? FROM evacuation_point WHERE id = ?",
                inside[0] + 0.0001, Long.parseLong(id)));
        assertEquals(2, audited("feature_update", id));

        // a read-only property sent changed is refused, naming it; sent as it is, it is let go (QGIS sends them all)
        HttpResponse<String> occupancy = qgis("PATCH", item, officer, "{\"properties\":{\"occupancy\":40}}");
        assertEquals(400, occupancy.statusCode(), occupancy.body());
        assertEquals("occupancy", TestServer.json(occupancy).get("parameter").asText());
        HttpResponse<String> posted = qgis("POST", SITES, officer, feature.replace("QGIS-S1", "QGIS-S2").replace("\"occupancy\":null", "\"occupancy\":50"));
        assertEquals(400, posted.statusCode(), posted.body());
        assertEquals("occupancy", TestServer.json(posted).get("parameter").asText());
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE code = 'QGIS-S2'"));

        HttpResponse<String> deleted = qgis("DELETE", item, officer, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE id = ?", Long.parseLong(id)));
        assertEquals(1, audited("feature_delete", id));
    }

    @Test
    void anAdminDrawsAVillageFromQgis() {
        String square = "[[[108.60,15.40],[108.61,15.40],[108.61,15.41],[108.60,15.41],[108.60,15.40]]]";
        String feature = "{\"type\":\"Feature\",\"id\":null,\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "},\"properties\":{"
                + "\"code\":\"QGIS-V1\",\"name\":\"Thôn Vẽ Từ QGIS\",\"kind\":\"thôn\",\"commune_code\":\"" + commune + "\",\"population\":null,"
                + "\"commune_name\":null,\"unit_2025_code\":null,\"unit_2025_name\":null,\"models_active\":null}}";
        assertEquals(403, qgis("POST", VILLAGES, officer, feature).statusCode());
        HttpResponse<String> created = qgis("POST", VILLAGES, admin, feature);
        assertEquals(201, created.statusCode(), created.body());
        String item = VILLAGES + "/QGIS-V1";
        JsonNode read = TestServer.json(qgis("GET", item, admin, null));
        ObjectNode replaced = (ObjectNode) read.deepCopy();
        replaced.remove("links");
        ((ObjectNode) replaced.get("properties")).put("population", 240);
        assertEquals(204, qgis("PUT", item, admin, replaced.toString()).statusCode());
        assertEquals(204, qgis("PATCH", item, admin, "{\"properties\":{\"name\":\"Thôn Vẽ Lại\"}}").statusCode());
        assertEquals(List.of(List.of("Thôn Vẽ Lại", 240)), Sql.rows(url, "SELECT name, population FROM village WHERE code = 'QGIS-V1'"));
        assertEquals(204, qgis("DELETE", item, admin, null).statusCode());
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM village WHERE code = 'QGIS-V1'"));
        String villageId = String.valueOf(Sql.count(url, "SELECT entity_id::bigint FROM audit_log WHERE entity = 'village' "
                + "AND action = 'feature_create' AND after->>'code' = 'QGIS-V1'"));
        for (String action : List.of("feature_replace", "feature_update", "feature_delete")) {
            assertEquals(1, audited(action, villageId), action + " audited as unconditional");
        }
    }

    @Test
    void householdsAskForTheVersionAndAnyReadersTagNamesIt() {
        long household = Sql.count(url, "SELECT min(h.id) FROM household h JOIN admin_unit a ON a.id = h.commune_id WHERE a.code = ? "
                + "AND h.site_id IS NULL", commune);
        String item = "/ogc/collections/households/items/" + household;
        HttpResponse<String> blind = qgis("PATCH", item, officer, "{\"properties\":{\"members\":4}}");
        assertEquals(428, blind.statusCode(), blind.body());
        assertTrue(blind.body().contains("If-Match") && blind.body().contains("hộ"), blind.body());

        // the tag an anonymous reader got names the same version as an officer's: a write made with it lands
        String anonymous = server.get(item).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> head = server.request("HEAD", item, null);
        assertEquals(200, head.statusCode());
        assertEquals(anonymous, head.headers().firstValue("ETag").orElse(""), "HEAD carries the ETag");
        HttpResponse<String> written = server.request("PATCH", item, "{\"properties\":{\"members\":4}}", "Authorization", basic(officer),
                "Content-Type", "application/merge-patch+json", "If-Match", anonymous);
        assertEquals(204, written.statusCode(), written.body());
        HttpResponse<String> stale = server.request("PATCH", item, "{\"properties\":{\"members\":5}}", "Authorization", basic(officer),
                "Content-Type", "application/merge-patch+json", "If-Match", anonymous);
        assertEquals(412, stale.statusCode(), "the version moved on: " + stale.body());
    }

    @Test
    void basicCredentialsActAsTheTokenAndAWrongOneReadsAsThePublic() {
        HttpResponse<String> me = server.get("/api/session", "Authorization", basic(officer));
        assertEquals("qgis.officer", TestServer.json(me).get("username").asText(), me.body());
        String wrong = "Basic " + Base64.getEncoder().encodeToString("qgis:atl_not-a-token".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> publicRead = server.get("/ogc/collections/evacuation_points/items?limit=1", "Authorization", wrong);
        assertEquals(200, publicRead.statusCode(), "a layer kept with stale credentials still shows what anyone sees");
        HttpResponse<String> write = server.request("POST", SITES, "{}", "Authorization", wrong, "Content-Type", "application/geo+json");
        assertEquals(401, write.statusCode());
        assertTrue(write.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), write.headers().toString());
        // a browser that kept Basic credentials sends them by itself: from another site they change nothing
        HttpResponse<String> crossSite = server.request("PATCH", SITES + "/1", "{\"properties\":{}}", "Authorization", basic(officer),
                "Content-Type", "application/merge-patch+json", "Origin", "https://evil.example");
        assertEquals(403, crossSite.statusCode(), crossSite.body());
    }

    @Test
    void gdalReadsTheOfficersHouseholdsWithBasicCredentials() {
        String layer = "OAPIF:" + server.base() + "/ogc/collections/households";
        ProcessResult officers = ProcessResult.run(List.of("ogrinfo", "-ro", "-so", "-al", "--config", "GDAL_HTTP_AUTH", "BASIC", "--config",
                "GDAL_HTTP_USERPWD", "qgis:" + officer, layer), Duration.ofMinutes(2));
        assertEquals(0, officers.exitCode(), officers.output());
        ProcessResult anyone = ProcessResult.run(List.of("ogrinfo", "-ro", "-so", "-al", layer), Duration.ofMinutes(2));
        assertEquals(0, anyone.exitCode(), anyone.output());
        long households = Sql.count(url, "SELECT count(*) FROM household");
        for (ProcessResult r : List.of(officers, anyone)) {
            assertTrue(r.output().contains("Feature Count: " + households), r.output());
        }
        assertTrue(officers.output().contains("head_name: String"), "an officer's layer has the names: " + officers.output());
        assertFalse(anyone.output().contains("head_name"), "the public's has none");
    }

    /** A point inside the commune (its outline's point on surface). */
    private static double[] inside(String code) {
        List<Object> xy = Sql.rows(url, "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM admin_unit WHERE code = ? "
                + "AND level = 'commune' ORDER BY id LIMIT 1) x", code).get(0);
        return new double[] {((Number) xy.get(0)).doubleValue(), ((Number) xy.get(1)).doubleValue()};
    }
}
