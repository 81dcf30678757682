package org.communeatlas.web;

import org.communeatlas.core.JsonCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed requests across every route — bad numbers, huge values, unicode, SQL and path
 * tricks, oversized bodies, wrong methods and content types, raw bytes that are not HTTP — as anonymous,
 * with a forged cookie, as a signed-in officer and as an admin: no 5xx, every error a problem+json, the data unchanged.
 */
class FuzzTest extends DemoServerTest {

    private static final String[] ROUTES = {
        "/health", "/metrics", "/", "/ogc", "/ogc/api", "/ogc/conformance", "/ogc/collections", "/ogc/collections/{c}",
        "/ogc/collections/{c}/queryables", "/ogc/collections/{c}/items", "/ogc/collections/{c}/items/{id}", "/api/models",
        "/api/models/summary", "/api/models/{id}", "/api/coverage", "/api/coverage.csv", "/api/coverage/matrix.csv", "/api/search",
        "/api/labels", "/api/session", "/api/audit", "/api/flood-scenarios", "/api/flood-scenarios/{id}/roads", "/api/households/{id}",
        "/tiles/{c}.json", "/tiles/{c}/{z}/{x}/{y}.mvt", "/api/events", "/nope/{id}", "/webjars/{id}", "/js/{id}", "/api/floods",
        "/api/floods/{id}", "/api/floods/{id}/extent.geojson", "/api/floods/{id}/impact", "/api/floods/{id}/households.geojson",
        "/api/floods/{id}/plan", "/api/floods/{id}/plan.csv", "/api/floods/{id}/plan/sheet", "/api/needs-profile", "/api/imports/{c}",
        "/api/exports/{c}", "/api/exports/{c}.csv", "/api/exports/{c}.gpkg", "/api/pack/{c}.gpkg", "/api/pack/{c}.pmtiles", "/api/pack/{id}"};
    private static final String[] VALUES = {"", "-1", "0", "1", "99999999999999999999", "1e309", "NaN", "-0.0", "abc", "null", "true",
        "' OR 1=1 --", "\"; DROP TABLE household; --", "1; DELETE FROM household", "../../etc/passwd", "..%2F..%2F", "%00", "\u0000",
        "Tam Thăng 🌊", "\uD83D", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "households", "communes,villages", "a,b,c,d",
        "108.4,15.5,108.6", "108.6,15.5,108.4,15.7", "2024-02-30", "9999-12-31", "-5,-5,5,5", "S_INTERSECTS(geometry,POINT(1))",
        "name LIKE", "x".repeat(5_000), "[1,2,3]", "{\"a\":1}", "áàảãạăắằẳẵặâấầẩẫậ", "DVK-00002", "20362", "2025", "csv", "html", "xml"};
    private static final String[] PARAMS = {"bbox", "limit", "offset", "filter", "filter-lang", "f", "asOf", "model", "level", "units", "q",
        "properties", "sort", "order", "full_only", "commune", "sector", "datetime", "bbox-crs", "status", "evil", "id", "filename", "mode",
        "dry_run", "srs", "column"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"};
    private static final String[] TYPES = {"application/json", "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1"};
    private static final String[] BODIES = {"", "{", "[]", "null", "{\"status\":123}", "{\"status\":\"flying\"}", "{\"status\":null}",
        "{\"username\":1,\"password\":[]}", "{\"site_id\":\"abc\"}", "{\"status\":\"evacuated\",\"site_id\":-4}", "{\"status\":\"evacuated\"}",
        "<xml/>", "a=b&c=d", "\u0000\u0001\u0002", "{\"status\":\"safe\",\"extra\":\"" + "z".repeat(10_000) + "\"}"};

    @Test
    void malformedRequestsGetProblemsAndChangeNothing() throws Exception {
        Accounts.create(url, "officer.fuzz", Viewer.Role.OFFICER, "20362");
        Accounts.create(url, "admin.fuzz", Viewer.Role.ADMIN);
        TestServer.Session officer = server.signIn("officer.fuzz", Accounts.PASSWORD);
        TestServer.Session admin = server.signIn("admin.fuzz", Accounts.PASSWORD);
        String before = fingerprint();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        SplittableRandom random = new SplittableRandom(7);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int requests = 3_000;
        for (int i = 0; i < requests; i++) {
            String method = pick(METHODS, random);
            String path = path(random);
            StringBuilder query = new StringBuilder();
            for (int p = random.nextInt(4); p > 0; p--) {
                query.append(query.length() == 0 ? "?" : "&").append(pick(PARAMS, random)).append('=').append(enc(pick(VALUES, random)));
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path + query)).timeout(Duration.ofSeconds(30));
            String body = pick(BODIES, random);
            if (i % 500 == 0) {
                body = "a".repeat(11 * 1024 * 1024); // over the 10 MB body limit
            }
            b.method(method, method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") && random.nextBoolean()
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (random.nextBoolean()) {
                b.header("Content-Type", pick(TYPES, random));
            }
            switch (i % 4) {
                case 1 -> b.header("Cookie", "atlas_session=" + pick(VALUES, random).replaceAll("[^A-Za-z0-9]", "x"));
                case 2 -> b.header("Cookie", officer.cookie()).header("X-CSRF-Token", officer.csrf()).header("Origin", server.base());
                case 3 -> b.header("Cookie", admin.cookie()).header("X-CSRF-Token", admin.csrf()).header("Origin", server.base());
                default -> { }
            }
            if (i % 7 == 0) {
                b.header("Accept", pick(new String[] {"text/html", "application/xml", "*/*", "text/event-stream", "image/png"}, random));
            }
            if (i % 11 == 0) {
                b.header("If-None-Match", pick(VALUES, random).replaceAll("[^A-Za-z0-9]", "x"));
            }
            HttpResponse<InputStream> r;
            byte[] responseBody;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                // an event stream never ends: read what comes within a moment, then hang up
                responseBody = readBounded(r.body(), path.startsWith("/api/events") ? 1_000 : 30_000);
            } catch (java.io.IOException e) {
                // the server may close a connection on an oversized body; the next request must still work
                assertEquals(200, server.get("/health").statusCode(), "server alive after " + method + " " + path);
                continue;
            }
            check(method + " " + path + query, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), responseBody, method);
            statuses.merge(r.statusCode(), 1, Integer::sum);
        }
        int raw = rawRequests(random, statuses);
        System.out.println("fuzz: " + requests + " HTTP requests and " + raw + " raw ones, statuses " + statuses);
        assertEquals(before, fingerprint(), "the data did not change");
        assertEquals(200, server.get("/health").statusCode());
    }

    /** Reads a body until it ends or the time is up (then closes it). */
    private static byte[] readBounded(InputStream in, long millis) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<Void> reading = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (in) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                // closed by us when the time is up
            }
        });
        try {
            reading.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            in.close();
        }
        synchronized (out) {
            return out.toByteArray();
        }
    }

    /** Requests no HTTP client library would send: bad escapes, control bytes, broken request lines. */
    private static int rawRequests(SplittableRandom random, Map<Integer, Integer> statuses) throws Exception {
        String[] lines = {"GET /ogc/collections/%ZZ HTTP/1.1", "GET /api/search?q=%E0%A4%A HTTP/1.1", "GET /ogc/collections/a%00b/items HTTP/1.1",
            "GET /../../../etc/passwd HTTP/1.1", "GET /tiles/communes/1/%FF/0.mvt HTTP/1.1", "BREW /health HTTP/1.1",
            "GET /health HTTP/9.9", "GET /%2e%2e/%2e%2e/ HTTP/1.1", "POST /api/session HTTP/1.1"};
        int n = 0;
        for (int i = 0; i < 60; i++) {
            String line = lines[i % lines.length];
            String extra = i % 5 == 0 ? "X-Big: " + "b".repeat(70_000) + "\r\n" : "";
            String request = line + "\r\nHost: 127.0.0.1\r\n" + extra + "Connection: close\r\n\r\n";
            URI base = URI.create(server.base());
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                String response = all.toString(StandardCharsets.UTF_8);
                if (response.isEmpty()) {
                    continue; // closed without an answer: allowed for garbage
                }
                int status = Integer.parseInt(response.substring(9, 12));
                String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
                String type = head.lines().filter(h -> h.toLowerCase().startsWith("content-type:")).findFirst().orElse("").substring(Math.min(13,
                        head.lines().filter(h -> h.toLowerCase().startsWith("content-type:")).findFirst().orElse("").length())).trim();
                byte[] body = response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8);
                check("raw " + line, status, type, response.contains("Transfer-Encoding: chunked") ? new byte[0] : body, "RAW");
                statuses.merge(status, 1, Integer::sum);
                n++;
            } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
                // reset by the server, or left waiting for a request that never completes: fine for garbage
            }
        }
        return n;
    }

    private static void check(String what, int status, String type, byte[] body, String method) throws Exception {
        // a request line claiming HTTP/9.9 is not something a user types; 505 is the protocol's own answer
        boolean badVersion = method.equals("RAW") && what.contains("HTTP/9.9") && status == 505;
        assertTrue(status < 500 || badVersion, what + " → " + status + " " + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
        if (status >= 400 && !method.equals("HEAD") && body.length > 0) {
            assertTrue(type.startsWith("application/problem+json"), what + " → " + status + " with " + type);
            JsonNode problem = org.communeatlas.core.JsonCodec.MAPPER.readTree(body);
            assertEquals(status, problem.get("status").asInt(), what);
            String text = new String(body, StandardCharsets.UTF_8);
            assertTrue(!text.contains("Exception") && !text.contains("at org.") && !text.contains("SQL"), what + " leaks internals: " + text);
        }
    }

    /** Everything a request could change, summarised (the audit log and sessions record the requests themselves). */
    private static String fingerprint() {
        List<String> parts = new ArrayList<>();
        for (String q : List.of(
                "SELECT md5(string_agg(id || status || coalesce(site_id::text, '-'), ',' ORDER BY id)) FROM household",
                "SELECT md5(string_agg(id || ':' || occupancy || ':' || reserved || is_open, ',' ORDER BY id)) FROM evacuation_point",
                "SELECT count(*) || md5(string_agg(username || role || disabled || password_hash, ',' ORDER BY id)) FROM app_user",
                "SELECT count(*) FROM model", "SELECT count(*) FROM adoption", "SELECT count(*) FROM village", "SELECT count(*) FROM admin_unit",
                "SELECT count(*) FROM flood_event", "SELECT count(*) FROM road", "SELECT count(*) FROM evacuation_point_status")) {
            parts.add(String.valueOf(Sql.scalar(url, q)));
        }
        return String.join("|", parts);
    }

    private static String path(SplittableRandom random) {
        String route = pick(ROUTES, random);
        for (String hole : new String[] {"{c}", "{id}", "{z}", "{x}", "{y}"}) {
            while (route.contains(hole)) {
                String v = random.nextInt(3) == 0 ? pick(new String[] {"households", "villages", "communes", "TK-III", "1", "13", "6563"}, random)
                        : pick(VALUES, random);
                route = route.replaceFirst(java.util.regex.Pattern.quote(hole), java.util.regex.Matcher.quoteReplacement(enc(v).replace("+", "%20")));
            }
        }
        return route;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String pick(String[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}
