package org.communeatlas.floods;

import org.communeatlas.core.JsonCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.BusyCpu;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Checking households in at a site: 64 one-person families rushing a site with 10 places left, all at once.
 * Exactly 10 get in, 54 are told 409, the site's occupancy is exactly full, and a live map hears of it.
 */
class CheckInTest extends DemoServerTest {

    @Test
    void sixtyFourConcurrentCheckInsIntoTenPlaces() throws Exception {
        Accounts.create(url, "checkin-officer", Role.OFFICER, "20362");
        TestServer.Session officer = server.signIn("checkin-officer", Accounts.PASSWORD);
        // a site in Tam Thăng with 25 places, 15 taken
        Sql.update(url, "INSERT INTO evacuation_point (code, name, kind, commune_id, capacity_day, capacity_night, occupancy, geom) "
                + "SELECT 'EP-TEST-64', 'Nhà văn hóa thử nghiệm', 'cultural_house', c.id, 25, 20, 15, ST_SetSRID(ST_Point(108.52, 15.55), 4326) "
                + "FROM admin_unit c WHERE c.code = '20362' AND c.level = 'commune'");
        int site = ((Number) Sql.scalar(url, "SELECT id FROM evacuation_point WHERE code = 'EP-TEST-64'")).intValue();
        List<Long> households = Sql.rows(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id "
                + "WHERE c.code = '20362' AND h.site_id IS NULL ORDER BY h.id LIMIT 64").stream().map(r -> ((Number) r.get(0)).longValue()).toList();
        assertEquals(64, households.size());
        Sql.update(url, "UPDATE household SET members = 1, elderly = 0, young_children = 0, disabled = 0, pregnant = 0, status = 'at_risk' "
                + "WHERE id = ANY (?)", (Object) households.toArray(new Long[0]));

        // a live map listening
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        List<String> siteEvents = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<Void> full = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while ((line = events.readLine()) != null) {
                    if (line.startsWith("event: hello")) {
                        subscribed.countDown();
                    }
                    if (line.startsWith("data:") && line.contains("\"code\":\"EP-TEST-64\"")) {
                        siteEvents.add(line.substring(5).strip());
                        if (siteEvents.size() == 10) {
                            return;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // closed
            }
        });
        assertTrue(subscribed.await(10, TimeUnit.SECONDS), "the live map is subscribed");

        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (long id : households) {
            answers.add(pool.submit(() -> {
                go.await();
                return officer.send("PATCH", "/api/households/" + id, "{\"status\":\"evacuated\",\"site_id\":" + site + "}").statusCode();
            }));
        }
        go.countDown();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Integer> a : answers) {
            statuses.merge(a.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(200, 10, 409, 54), statuses);
        assertEquals(25L, Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", site));
        assertEquals(10L, Sql.count(url, "SELECT count(*) FROM household WHERE site_id = ? AND status = 'evacuated'", site));
        assertEquals(54L, Sql.count(url, "SELECT count(*) FROM household WHERE id = ANY (?) AND status = 'at_risk'", (Object) households.toArray(new Long[0])));
        assertEquals(10L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'household_status' AND after ->> 'site_id' = ?", String.valueOf(site)));

        full.get(5, TimeUnit.SECONDS);
        assertEquals(10, siteEvents.size(), "the live map heard every check-in");
        // published from ten threads, they may arrive in any order; the newest version is the full site
        com.fasterxml.jackson.databind.JsonNode newest = null;
        for (String e : siteEvents) {
            com.fasterxml.jackson.databind.JsonNode n = org.communeatlas.core.JsonCodec.MAPPER.readTree(e);
            if (newest == null || n.get("version").asLong() > newest.get("version").asLong()) {
                newest = n;
            }
        }
        assertEquals(25, newest.get("occupancy").asInt(), "the newest event shows the site full");
        stream.body().close();

        // checking one out gives its place back
        long in = ((Number) Sql.scalar(url, "SELECT id FROM household WHERE site_id = ? ORDER BY id LIMIT 1", site)).longValue();
        assertEquals(200, officer.send("PATCH", "/api/households/" + in, "{\"status\":\"safe\"}").statusCode());
        assertEquals(24L, Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", site));
    }

    /**
     * Busy is not down: 256 families check into one site with 100 places left, all at once, while every processor of the
     * machine is kept busy. Each is answered 200 (in) or 409 (full) — never 503 — and the occupancy is exact.
     */
    @Test
    void twoHundredFiftySixCheckInsIntoOneSiteOnABusyMachine() throws Exception {
        Accounts.create(url, "surge-officer", Role.OFFICER, "20362");
        TestServer.Session officer = server.signIn("surge-officer", Accounts.PASSWORD);
        Sql.update(url, "INSERT INTO evacuation_point (code, name, kind, commune_id, capacity_day, capacity_night, occupancy, geom) "
                + "SELECT 'EP-TEST-256', 'Trường thử nghiệm', 'school', c.id, 150, 150, 50, ST_SetSRID(ST_Point(108.52, 15.55), 4326) "
                + "FROM admin_unit c WHERE c.code = '20362' AND c.level = 'commune'");
        int site = ((Number) Sql.scalar(url, "SELECT id FROM evacuation_point WHERE code = 'EP-TEST-256'")).intValue();
        List<Long> households = Sql.rows(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id "
                + "WHERE c.code = '20362' AND h.site_id IS NULL ORDER BY h.id DESC LIMIT 256").stream().map(r -> ((Number) r.get(0)).longValue()).toList();
        assertEquals(256, households.size());
        Sql.update(url, "UPDATE household SET members = 1, elderly = 0, young_children = 0, disabled = 0, pregnant = 0, status = 'at_risk' "
                + "WHERE id = ANY (?)", (Object) households.toArray(new Long[0]));
        Map<Integer, Integer> statuses = new TreeMap<>();
        long took;
        try (BusyCpu busy = new BusyCpu()) {
            ExecutorService pool = Executors.newFixedThreadPool(256);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (long id : households) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return officer.send("PATCH", "/api/households/" + id, "{\"status\":\"evacuated\",\"site_id\":" + site + "}").statusCode();
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<Integer> a : answers) {
                statuses.merge(a.get(120, TimeUnit.SECONDS), 1, Integer::sum);
            }
            took = (System.nanoTime() - t0) / 1_000_000;
            pool.shutdown();
        }
        System.out.println("issue 27: 256 check-ins into one site on a busy machine: " + statuses + " in " + took + " ms");
        assertEquals(Map.of(200, 100, 409, 156), statuses);
        assertEquals(150L, Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", site));
        assertEquals(100L, Sql.count(url, "SELECT count(*) FROM household WHERE site_id = ? AND status = 'evacuated'", site));
    }
}
