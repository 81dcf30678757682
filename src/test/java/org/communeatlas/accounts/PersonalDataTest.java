package org.communeatlas.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.geo.TileMath;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nobody but an officer of the commune or an admin ever sees a household head's name, phone number or the
 * vulnerable members: the test reads the real seeded values from the database and scans every response
 * body of anonymous users and viewers for them — features, CSV, HTML, tiles, search, events, errors.
 */
class PersonalDataTest extends DemoServerTest {

    private static final Pattern PHONE = Pattern.compile("000 \\d{3} \\d{4}");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final List<String> PERSONAL_FIELDS = List.of("head_name", "phone", "elderly", "young_children", "disabled", "pregnant",
            "host_household_id", "house_class");
    private static Set<String> names;
    private static Set<String> phones;

    @BeforeAll
    static void seededValues() {
        names = new HashSet<>();
        phones = new HashSet<>();
        for (List<Object> row : Sql.rows(url, "SELECT head_name, phone FROM household")) {
            names.add((String) row.get(0));
            phones.add((String) row.get(1));
        }
        assertTrue(names.size() > 1000 && phones.size() == 50_000);
        Accounts.create(url, "viewer.pd", org.communeatlas.accounts.Viewer.Role.VIEWER);
        Accounts.create(url, "officer.pd", org.communeatlas.accounts.Viewer.Role.OFFICER, "20362");
        Accounts.create(url, "admin.pd", org.communeatlas.accounts.Viewer.Role.ADMIN);
        // a flood and its plan, so that their routes answer with households in them
        TestServer.Session officer = server.signIn("officer.pd", Accounts.PASSWORD);
        HttpResponse<String> flood = officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}");
        assertEquals(201, flood.statusCode(), flood.body());
        floodId = TestServer.json(flood).get("id").asInt();
        HttpResponse<String> plan = officer.send("POST", "/api/floods/" + floodId + "/plan", "{}");
        assertEquals(201, plan.statusCode(), plan.body());
    }

    private static int floodId;

    /** Every seeded name or phone in a body, by scanning phone-shaped strings and every run of three words. */
    static List<String> personal(String body) {
        List<String> found = new ArrayList<>();
        Matcher m = PHONE.matcher(body);
        while (m.find()) {
            if (phones.contains(m.group())) {
                found.add(m.group());
            }
        }
        List<String> words = new ArrayList<>();
        Matcher w = WORD.matcher(body);
        while (w.find()) {
            words.add(w.group());
        }
        for (int i = 0; i + 2 < words.size(); i++) {
            String three = words.get(i) + " " + words.get(i + 1) + " " + words.get(i + 2);
            if (names.contains(three)) {
                found.add(three);
            }
        }
        return found;
    }

    /** The requests a client can make, anonymous or viewer, across every route and layer. */
    private static List<String> paths() {
        List<String> paths = new ArrayList<>(List.of("/", "/ogc", "/ogc?f=html", "/ogc/api", "/ogc/conformance", "/ogc/collections",
                "/ogc/collections?f=html", "/health", "/metrics", "/api/session", "/api/models?limit=1000", "/api/models/summary",
                "/api/models/2", "/api/coverage", "/api/coverage.csv?level=district", "/api/coverage/matrix.csv?asOf=2024-12-31",
                "/api/flood-scenarios", "/api/flood-scenarios/TK-III/roads", "/api/labels?level=commune",
                "/api/search?q=Nguy%E1%BB%85n%20V%C4%83n", "/api/search?q=000", "/api/search?q=tam%20thang", "/api/audit",
                "/tiles/households.json", "/ogc/collections/households/queryables"));
        for (String layer : List.of("provinces", "districts", "communes", "villages", "evacuation_points", "flood_zones", "admin_units_2025")) {
            paths.add("/ogc/collections/" + layer + "/items?limit=10000");
            paths.add("/ogc/collections/" + layer + "/items?f=csv&limit=10000");
        }
        for (int offset = 0; offset < 50_000; offset += 10_000) {
            paths.add("/ogc/collections/households/items?limit=10000&offset=" + offset);
            paths.add("/ogc/collections/households/items?f=csv&limit=10000&offset=" + offset);
        }
        paths.add("/ogc/collections/households/items?f=html&limit=2000");
        paths.add("/ogc/collections/households/items?properties=status,members&commune_code=20362");
        for (long id : new long[] {1, 2, 25_000, 49_999}) {
            paths.add("/ogc/collections/households/items/" + id);
            paths.add("/ogc/collections/households/items/" + id + "?f=html");
        }
        // errors a user can cause around personal data
        paths.add("/ogc/collections/households/items?filter=head_name%20LIKE%20%27N%25%27");
        paths.add("/ogc/collections/households/items?phone=000");
        paths.add("/ogc/collections/households/items?properties=head_name");
        paths.add("/ogc/collections/households/items/99999999");
        for (int z = 13; z <= 16; z++) {
            for (double[] p : new double[][] {{108.49, 15.58}, {108.52, 15.61}, {108.43, 15.58}, {108.40, 15.47}}) {
                long[] t = TileMath.tileOf(p[0], p[1], z);
                paths.add("/tiles/households/" + z + "/" + t[0] + "/" + t[1] + ".mvt");
                paths.add("/tiles/households,evacuation_points,villages/" + z + "/" + t[0] + "/" + t[1] + ".mvt");
            }
        }
        long[] t = TileMath.tileOf(108.49, 15.58, 10);
        paths.add("/tiles/households/10/" + t[0] + "/" + t[1] + ".mvt");
        String flood = "/api/floods/" + floodId;
        paths.addAll(List.of("/api/floods", flood, flood + "/extent.geojson", flood + "/impact", flood + "/households.geojson", flood + "/plan",
                flood + "/plan.csv", flood + "/plan.geojson", flood + "/plan.gpkg", flood + "/plan/routes.geojson", flood + "/plan/sheet?commune=20362",
                flood + "/plan/sheet?commune=20371", "/api/needs-profile"));
        // exports (signed-in users; GeoPackage is SQLite pages, uncompressed, so names would show in its bytes)
        paths.addAll(List.of("/api/exports/households.csv", "/api/exports/households.geojson", "/api/exports/households.gpkg",
                "/api/exports/households.csv?srs=EPSG:5899", "/api/exports/evacuation_points.csv"));
        return paths;
    }

    @Test
    void anonymousUsersAndViewersNeverReceivePersonalData() {
        TestServer.Session viewer = server.signIn("viewer.pd", Accounts.PASSWORD);
        int scanned = 0;
        long bytes = 0;
        for (String path : paths()) {
            for (boolean asViewer : new boolean[] {false, true}) {
                HttpResponse<byte[]> r = asViewer ? viewer.getBytes(path) : server.getBytes(path);
                assertTrue(r.statusCode() < 500, path + " → " + r.statusCode());
                String body = new String(r.body(), StandardCharsets.UTF_8);
                String who = asViewer ? "viewer" : "anonymous";
                assertEquals(List.of(), personal(body), who + " got personal data from " + path);
                // property names in successful bodies (an error may name the parameter the user typed)
                if (r.statusCode() == 200 && !path.startsWith("/tiles") && !path.equals("/ogc/api")
                        && !path.startsWith("/ogc/collections/households/queryables")) {
                    // flood impact counts vulnerable people and weak houses per village: aggregates, not personal
                    for (String field : path.startsWith("/api/floods") ? List.of("head_name", "phone") : PERSONAL_FIELDS) {
                        assertFalse(body.contains("\"" + field + "\"") || body.contains("," + field + ",") || body.contains("<td>" + field + "</td>"),
                                who + " got the field " + field + " from " + path);
                    }
                    for (String header : path.startsWith("/api/exports/households") ? List.of("Họ và tên chủ hộ", "Số điện thoại",
                            "Người cao tuổi", "Trẻ em dưới 6 tuổi") : List.<String>of()) {
                        assertFalse(body.contains(header), who + " got the column " + header + " from " + path);
                    }
                }
                scanned++;
                bytes += r.body().length;
            }
        }
        System.out.println("scanned " + scanned + " responses, " + bytes / 1_000_000 + " MB, for " + names.size() + " names and "
                + phones.size() + " phone numbers");
    }

    @Test
    void liveEventsCarryNoPersonalData() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/events")).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        StringBuilder received = new StringBuilder();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    received.append(line).append('\n');
                    if (line.startsWith("event: household")) {
                        received.append(reader.readLine()).append('\n');
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                // stream closed
            }
        });
        Thread.sleep(300);
        TestServer.Session officer = server.signIn("officer.pd", Accounts.PASSWORD);
        long id = AccountsTest.household("20362");
        assertEquals(200, officer.send("PATCH", "/api/households/" + id, "{\"status\":\"isolated\"}").statusCode());
        read.get(10, java.util.concurrent.TimeUnit.SECONDS);
        String events = received.toString();
        assertTrue(events.contains("event: household"), events);
        assertTrue(events.contains("\"status\":\"isolated\""), events);
        assertEquals(List.of(), personal(events));
        for (String field : PERSONAL_FIELDS) {
            assertFalse(events.contains("\"" + field + "\""), field);
        }
        stream.body().close();
        officer.send("PATCH", "/api/households/" + id, "{\"status\":\"safe\"}");
    }

    @Test
    void anOfficerSeesPersonalDataOfTheirCommuneOnlyAndAnAdminSeesAll() {
        TestServer.Session officer = server.signIn("officer.pd", Accounts.PASSWORD);
        JsonNode own = TestServer.json(officer.get("/ogc/collections/households/items?commune_code=20362&limit=50"));
        assertEquals(50, own.get("features").size());
        for (JsonNode f : own.get("features")) {
            assertTrue(names.contains(f.at("/properties/head_name").asText()), "Tam Thăng names are visible to its officer");
            assertTrue(phones.contains(f.at("/properties/phone").asText()));
            assertTrue(f.at("/properties/elderly").isNumber());
        }
        HttpResponse<String> other = officer.get("/ogc/collections/households/items?commune_code=20371&limit=200");
        for (JsonNode f : TestServer.json(other).get("features")) {
            assertTrue(f.at("/properties/head_name").isNull(), "no names from Tam Phú");
            assertTrue(f.at("/properties/phone").isNull());
        }
        assertEquals(List.of(), personal(other.body()));
        assertTrue(other.headers().firstValue("Cache-Control").orElse("").contains("no-store"), "personal responses are not cached");
        // a filter on a personal field is for admins only: counting names would reveal them
        assertEquals(400, officer.get("/ogc/collections/households/items?filter=head_name%20IS%20NULL").statusCode());
        TestServer.Session admin = server.signIn("admin.pd", Accounts.PASSWORD);
        JsonNode tamPhu = TestServer.json(admin.get("/ogc/collections/households/items?commune_code=20371&limit=20"));
        for (JsonNode f : tamPhu.get("features")) {
            assertTrue(names.contains(f.at("/properties/head_name").asText()));
        }
        assertEquals(200, admin.get("/ogc/collections/households/items?filter=head_name%20LIKE%20%27Nguy%E1%BB%85n%25%27&limit=1").statusCode());
        // tiles carry no personal data for anyone, so one cached tile serves every role
        long[] t = TileMath.tileOf(108.49, 15.615, 15);
        String tile = new String(officer.getBytes("/tiles/households/15/" + t[0] + "/" + t[1] + ".mvt").body(), StandardCharsets.UTF_8);
        assertEquals(List.of(), personal(tile));
    }
}
