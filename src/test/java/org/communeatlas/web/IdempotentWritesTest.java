package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write the contract names takes an Idempotency-Key: SOS requests, road closures, floods, plans, the needs profile, features — sent twice
 * (or twice at once) it is applied once, the replay gets the first answer; a refused write consumes no key.
 */
class IdempotentWritesTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static TestServer.Session admin;

    @BeforeAll
    static void accounts() {
        Accounts.create(url, "once-officer", Role.OFFICER, TAM_THANG);
        Accounts.create(url, "once-admin", Role.ADMIN);
        officer = server.signIn("once-officer", Accounts.PASSWORD);
        admin = server.signIn("once-admin", Accounts.PASSWORD);
    }

    private static void sentTwiceAppliedOnce(TestServer.Session who, String method, String path, String body, String countSql, Object... params) {
        sentTwiceAppliedOnce(who, method, path, body, new String[0], countSql, params);
    }

    private static void sentTwiceAppliedOnce(TestServer.Session who, String method, String path, String body, String[] headers, String countSql,
                                             Object... params) {
        long before = Sql.count(url, countSql, params);
        String key = UUID.randomUUID().toString();
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Idempotency-Key";
        all[headers.length + 1] = key;
        HttpResponse<String> first = who.send(method, path, body, all);
        assertTrue(first.statusCode() >= 200 && first.statusCode() < 300, method + " " + path + " → " + first.statusCode() + " " + first.body());
        HttpResponse<String> again = who.send(method, path, body, all);
        assertEquals(first.statusCode(), again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""), method + " " + path);
        assertEquals(first.body(), again.body());
        assertEquals(first.headers().firstValue("ETag"), again.headers().firstValue("ETag"), "the first answer's version, if it had one");
        assertEquals(before + 1, Sql.count(url, countSql, params), method + " " + path + " applied once");
    }

    @Test
    void sosRoadsFloodsAndFeaturesAreAppliedOnce() {
        List<Object> family = Sql.rows(url, "SELECT ST_X(geom), ST_Y(geom) FROM household WHERE commune_code = ? ORDER BY id LIMIT 1", TAM_THANG).get(0);
        sentTwiceAppliedOnce(officer, "POST", "/api/sos", String.format(java.util.Locale.ROOT,
                "{\"lon\": %.6f, \"lat\": %.6f, \"phone\": \"0912 000 222\", \"people\": 3}", ((Number) family.get(0)).doubleValue(),
                ((Number) family.get(1)).doubleValue()), "SELECT count(*) FROM sos_request");
        long sos = Sql.count(url, "SELECT max(id) FROM sos_request");
        sentTwiceAppliedOnce(officer, "PATCH", "/api/sos/" + sos, "{\"state\": \"verified\"}",
                "SELECT count(*) FROM audit_log WHERE entity = 'sos_request' AND entity_id = ?", String.valueOf(sos));
        long road = Sql.count(url, "SELECT r.id FROM road r JOIN admin_unit c ON ST_Intersects(r.geom, c.geom) AND c.code = ? WHERE r.is_open "
                + "ORDER BY r.id LIMIT 1", TAM_THANG);
        sentTwiceAppliedOnce(officer, "PATCH", "/api/roads/" + road, "{\"closed\": true, \"reason\": \"sạt lở\"}",
                "SELECT count(*) FROM audit_log WHERE action = 'road_close' AND entity_id = ?", String.valueOf(road));
        sentTwiceAppliedOnce(officer, "POST", "/api/floods", "{\"scenario\": \"TK-I\"}", "SELECT count(*) FROM flood_event");
        long flood = Sql.count(url, "SELECT max(id) FROM flood_event");
        // a plan is kept with its key by reference: sent again, the same plan is read again, with no second solve
        sentTwiceAppliedOnce(officer, "POST", "/api/floods/" + flood + "/plan", "{}", "SELECT count(*) FROM evacuation_plan");
        sentTwiceAppliedOnce(admin, "PUT", "/api/needs-profile", "{\"items\": [{\"code\": \"drinking_water\", \"per_person\": 17.5}]}",
                "SELECT count(*) FROM audit_log WHERE action = 'needs_profile'");
        long site = Sql.count(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit c ON c.id = p.commune_id AND c.code = ? ORDER BY p.id LIMIT 1",
                TAM_THANG);
        String item = "/ogc/collections/evacuation_points/items/" + site;
        String etag = admin.get(item).headers().firstValue("ETag").orElseThrow();
        sentTwiceAppliedOnce(admin, "PATCH", item, "{\"properties\": {\"elevation_m\": 7.5}}", new String[] {"If-Match", etag},
                "SELECT count(*) FROM audit_log WHERE action = 'feature_update' AND entity_id = ?", String.valueOf(site));
    }

    @Test
    void aRefusedWriteConsumesNoKeyAndTwoAtOnceAreOne() throws Exception {
        long sos = Sql.count(url, "SELECT count(*) FROM sos_request");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> refused = officer.send("POST", "/api/sos", "{\"people\": 3}", "Idempotency-Key", key);
        assertEquals(400, refused.statusCode(), refused.body());
        // the same key again, now with the request as it should have been — a key is one request: a new one
        HttpResponse<String> fixed = officer.send("POST", "/api/sos", "{\"address\": \"Thôn Vĩnh Bình, Tam Thăng\", \"people\": 3}",
                "Idempotency-Key", key);
        assertEquals(201, fixed.statusCode(), "the refusal let its key go: " + fixed.body());
        assertEquals(sos + 1, Sql.count(url, "SELECT count(*) FROM sos_request"));

        long floods = Sql.count(url, "SELECT count(*) FROM flood_event");
        String together = UUID.randomUUID().toString();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sent.add(CompletableFuture.supplyAsync(() -> officer.send("POST", "/api/floods", "{\"scenario\": \"TK-II\"}", "Idempotency-Key", together)));
        }
        // the key is taken in the change's own transaction: the second waits for the first to commit and gets its answer
        int replays = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            assertEquals(201, f.get().statusCode(), f.get().body());
            replays += f.get().headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
        }
        assertEquals(1, replays, "one applied, one replayed");
        assertEquals(sent.get(0).get().body(), sent.get(1).get().body());
        assertEquals(floods + 1, Sql.count(url, "SELECT count(*) FROM flood_event"), "one flood");
        HttpResponse<String> anonymous = server.request("POST", "/api/sos", "{\"address\": \"Tam Thăng\"}", "Content-Type", "application/json",
                "Origin", server.base(), "Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(400, anonymous.statusCode());
        assertTrue(anonymous.body().contains("Idempotency-Key"), anonymous.body());
    }
}
