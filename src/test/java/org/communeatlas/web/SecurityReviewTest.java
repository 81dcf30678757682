package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.EventStream;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defects a security review found, each tried the way an attacker would: live events that gave away a family's
 * site and house, an officer filling another commune's site, guesses sent in parallel past the throttle, storable
 * pages of personal data, a filter that broke the server, forwarded headers and method overrides believed from
 * anyone, Jetty's own errors without the security headers.
 */
class SecurityReviewTest extends DemoServerTest {

    static TestServer.Session officer;

    @BeforeAll
    static void accounts() {
        Accounts.create(url, "sec.officer", Role.OFFICER, "20362");
        officer = server.signIn("sec.officer", Accounts.PASSWORD);
    }

    /** A household of Tam Thăng (20362) without a site, and an open site of Tam Thăng with room. */
    private static long[] householdAndSite(String village) {
        long household = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id WHERE v.code = ? "
                + "AND h.site_id IS NULL ORDER BY h.id LIMIT 1", village)).longValue();
        long site = ((Number) Sql.scalar(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit c ON c.id = p.commune_id WHERE c.code = '20362' "
                + "AND c.level = 'commune' AND p.is_open AND p.capacity_day - p.occupancy - p.reserved > 60 ORDER BY p.id LIMIT 1")).longValue();
        return new long[] {household, site};
    }

    @Test
    void anonymousLiveMapsHearNoSiteAndNoHouseAfterACheckIn() throws Exception {
        long[] hs = householdAndSite("20362-02");
        try (EventStream anonymous = new EventStream(server.base());
             EventStream ownOfficer = new EventStream(server.base(), "Cookie", officer.cookie())) {
            HttpResponse<String> r = officer.send("PATCH", "/api/households/" + hs[0], "{\"status\":\"evacuated\",\"site_id\":" + hs[1] + "}");
            assertEquals(200, r.statusCode(), r.body());
            EventStream.Event full = ownOfficer.await(e -> e.name().equals("household"), Duration.ofSeconds(10));
            assertNotNull(full, "the commune's officer hears of it");
            assertTrue(full.data().contains("\"site_id\":" + hs[1]) && full.data().contains("\"id\":" + hs[0]), full.data());
            EventStream.Event shown = anonymous.await(e -> e.name().equals("household"), Duration.ofSeconds(10));
            assertNotNull(shown, "anyone hears that a household of the village changed");
            assertTrue(shown.data().contains("\"village_code\":\"20362-02\"") && shown.data().contains("\"status\":\"evacuated\""), shown.data());
            Thread.sleep(1_500);    // the change feed's notification of the same write
            double[] point = ((List<?>) Sql.rows(url, "SELECT ST_X(geom), ST_Y(geom) FROM household WHERE id = ?", hs[0]).get(0)).stream()
                    .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            for (EventStream.Event e : anonymous.events()) {
                assertFalse(e.data().contains("site_id"), e.name() + " " + e.data());
                assertFalse(e.data().contains("\"id\":" + hs[0]), e.name() + " " + e.data());
                assertFalse(e.data().contains("bbox") && e.data().contains("household"), "no box around the house: " + e.data());
                assertFalse(e.data().contains(Double.toString(point[0])), e.data());
            }
        }
    }

    @Test
    void anOfficerCannotFillAnotherCommunesSite() {
        long household = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id WHERE v.code = '20362-03' "
                + "AND h.site_id IS NULL ORDER BY h.id LIMIT 1")).longValue();
        long elsewhere = ((Number) Sql.scalar(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit c ON c.id = p.commune_id "
                + "WHERE c.code <> '20362' AND p.is_open AND p.capacity_day - p.occupancy > 50 ORDER BY p.id LIMIT 1")).longValue();
        long before = Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", elsewhere);
        HttpResponse<String> r = officer.send("PATCH", "/api/households/" + household, "{\"status\":\"evacuated\",\"site_id\":" + elsewhere + "}");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("outside your own"), r.body());
        assertEquals(before, Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", elsewhere), "not a place taken");
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM household WHERE id = ? AND site_id IS NULL", household));
    }

    @Test
    void twelveParallelGuessesGetAtMostFivePasswordChecks() throws Exception {
        Accounts.create(url, "sec.target", Role.VIEWER);
        double before = checks();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            answers.add(pool.submit(() -> {
                go.await();
                return server.request("POST", "/api/session", "{\"username\":\"sec.target\",\"password\":\"guess number " + n + "\"}",
                        "Content-Type", "application/json").statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get());
        }
        pool.shutdown();
        double checked = checks() - before;
        System.out.println("12 parallel guesses: " + statuses + ", " + (long) checked + " password checks");
        assertTrue(checked <= 5, checked + " password checks");
        assertEquals(checked, statuses.stream().filter(s -> s == 401).count(), 0.0);
        assertEquals(12 - checked, statuses.stream().filter(s -> s == 429).count(), 0.0);
    }

    private static double checks() {
        var counter = server.services().metrics().find("atlas_sign_in_password_checks").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void pagesWithPersonalDataAreNeverStored() {
        HttpResponse<String> html = officer.get("/ogc/collections/households/items?f=html&limit=5&commune_code=20362");
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("head_name") || html.body().contains("Họ và tên"), "the officer sees personal fields");
        assertEquals("private, no-store", html.headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<String> patch = officer.get("/api/session");
        assertEquals("private, no-store", patch.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void aLikePatternEndingInTheEscapeCharacterIsA400() {
        HttpResponse<String> r = server.get("/ogc/collections/villages/items?filter=" + java.net.URLEncoder.encode("name LIKE '%\\'",
                StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("filter", TestServer.json(r).get("parameter").asText());
        assertEquals(200, server.get("/ogc/collections/villages/items?filter=" + java.net.URLEncoder.encode("name LIKE '%\\\\'",
                StandardCharsets.UTF_8)).statusCode(), "an escaped backslash is fine");
    }

    @Test
    void forwardedHeadersAreBelievedOnlyFromTrustedProxies() {
        // a page of evil.example claims to be our host through X-Forwarded-Host: the same-origin check sees through it
        HttpResponse<String> r = server.request("DELETE", "/api/session", null, "Cookie", officer.cookie(), "X-CSRF-Token", officer.csrf(),
                "Origin", "http://evil.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http");
        assertEquals(403, r.statusCode(), r.body());
        HttpResponse<String> landing = server.get("/ogc", "X-Forwarded-Host", "evil.example");
        assertFalse(landing.body().contains("evil.example"), "links are not built on a claimed host");
    }

    @Test
    void noMethodOverride() {
        HttpResponse<String> r = server.request("POST", "/api/session", "{}", "Content-Type", "application/json",
                "X-HTTP-Method-Override", "DELETE");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("X-HTTP-Method-Override"));
    }

    @Test
    void jettysOwnErrorsCarryTheSecurityHeaders() throws Exception {
        URI base = URI.create(server.base());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("Content-Security-Policy: default-src 'self'"), answer);
            assertTrue(answer.contains("X-Content-Type-Options: nosniff"), answer);
        }
        HttpResponse<String> ok = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/ogc")).GET());
        assertTrue(ok.headers().firstValue("Content-Security-Policy").isPresent());
    }
}
