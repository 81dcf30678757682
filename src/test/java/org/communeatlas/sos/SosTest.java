package org.communeatlas.sos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls for help: a volunteer list with repeated phones and near-duplicates is linked so each family counts once; the
 * public form gives anonymous readers no personal data and is rate-limited; officers move requests through their states
 * in their own communes only.
 */
class SosTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session admin;
    private static TestServer.Session officer;
    private static TestServer.Session stranger;
    private static List<Object> family;   // id, phone, lon, lat of a Tam Thăng household with a phone
    private static List<Object> neighbour; // id, lon, lat of another

    @TempDir
    static Path dir;

    @BeforeAll
    static void accounts() {
        Accounts.create(url, "sos-admin", Role.ADMIN);
        Accounts.create(url, "sos-officer", Role.OFFICER, TAM_THANG);
        Accounts.create(url, "sos-stranger", Role.OFFICER, "20335");
        admin = server.signIn("sos-admin", Accounts.PASSWORD);
        officer = server.signIn("sos-officer", Accounts.PASSWORD);
        stranger = server.signIn("sos-stranger", Accounts.PASSWORD);
        String inTamThang = "FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit a ON a.id = v.commune_id AND a.code = '"
                + TAM_THANG + "' ";
        family = Sql.rows(url, "SELECT h.id, h.phone, ST_X(h.geom), ST_Y(h.geom) " + inTamThang
                + "WHERE h.phone IS NOT NULL AND (SELECT count(*) FROM household o WHERE o.phone IS NOT NULL AND atlas_phone(o.phone) = atlas_phone(h.phone)) = 1 "
                + "ORDER BY h.id LIMIT 1").get(0);
        neighbour = Sql.rows(url, "SELECT h.id, ST_X(h.geom), ST_Y(h.geom) " + inTamThang + "AND h.id <> ? ORDER BY h.id DESC LIMIT 1",
                family.get(0)).get(0);
    }

    private static double num(List<Object> row, int i) {
        return ((Number) row.get(i)).doubleValue();
    }

    @Test
    void aListWithRepeatedPhonesAndNearDuplicatesCountsEachFamilyOnce() throws Exception {
        String digits = ((String) family.get(1)).replaceAll("[^0-9]", "");
        String international = "+84 " + digits.substring(1);
        double lon = num(neighbour, 1), lat = num(neighbour, 2);
        Path csv = dir.resolve("sos-list.csv");
        Files.writeString(csv, String.join("\n",
                "Thời gian,Họ tên,Số điện thoại,Địa chỉ,Kinh độ,Vĩ độ,Số người,Nhu cầu,Ghi chú",
                "29/10/2025 08:00,Nguyễn Văn An," + international + ",,,,4,nước uống,nhà ngập tới mái",
                "29/10/2025 09:30,Nguyễn Văn An," + digits + ",,,,4,,gọi lại lần hai",
                String.format(Locale.ROOT, "29/10/2025 10:00,Trần Thị Bình,,,%.6f,%.6f,3,gạo,", lon, lat + 0.0001),
                String.format(Locale.ROOT, "29/10/2025 12:00,Người nhà bà Bình,,,%.6f,%.6f,3,,cách 30 m", lon, lat + 0.0001 + 0.00027),
                String.format(Locale.ROOT, "29/10/2025 18:30,Trần Thị Bình,,,%.6f,%.6f,3,,tối vẫn chưa ai tới", lon, lat + 0.0001),
                "29/10/2025 11:00,Lê Văn Cường,,Thôn 3 Tam Thăng,,,2,,") + "\n", StandardCharsets.UTF_8);
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/imports/sos?filename=sos-list.csv"))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)), "Content-Type", "application/octet-stream", "Cookie", admin.cookie(),
                "X-CSRF-Token", admin.csrf(), "Origin", server.base());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(6, TestServer.json(r).get("added").asInt(), r.body());

        List<List<Object>> rows = Sql.rows(url, "SELECT id, state, duplicate_of, household_id, matched_by, located_by, phone, reported_at "
                + "FROM sos_request WHERE source = 'import' ORDER BY reported_at, id");
        assertEquals(6, rows.size());
        // the two calls of the same number (written two ways) are one family: the second links to the first
        List<Object> first = rows.get(0), again = rows.get(1);
        assertEquals(digits, first.get(6));
        assertEquals(family.get(0), first.get(3), "matched by phone to the household");
        assertEquals("phone", first.get(4));
        assertEquals("household", first.get(5), "located at the household");
        assertEquals("duplicate", again.get(1));
        assertEquals(first.get(0), again.get(2));
        // 10:00 at a place; 12:00 30 m away (a duplicate); 18:30 at the first place but 8.5 hours later (a new call)
        List<Object> place = rows.get(2), near = rows.get(4), later = rows.get(5), unlocated = rows.get(3);
        assertEquals("new", place.get(1));
        assertEquals("distance", place.get(4));
        assertEquals("duplicate", near.get(1));
        assertEquals(place.get(0), near.get(2));
        assertEquals("new", later.get(1), "outside 6 hours: not a duplicate");
        assertEquals("none", unlocated.get(5), "an address alone is left for an officer to locate");
        // the matched household is the nearest one within 100 m of the call, as PostGIS finds it
        assertEquals(Sql.scalar(url, "SELECT h.id FROM household h, sos_request s WHERE s.id = ? ORDER BY h.geom <-> s.geom, h.id LIMIT 1",
                place.get(0)), place.get(3));
        // each family once: the open requests that are not duplicates
        JsonNode open = TestServer.json(admin.get("/api/sos?state=new"));
        long counted = 0;
        for (JsonNode s : open) {
            counted += s.get("source").asText().equals("import") ? 1 : 0;
        }
        assertEquals(4, counted, open.toString());
        assertEquals(2, TestServer.json(admin.get("/api/sos?state=duplicate")).size());
    }

    @Test
    void aFamilyTakenForItsNeighbourWaitsAgainOnceTheNeighbourIsNamed() {
        // a Tam Thăng family with a phone of its own (not the other tests'), and the nearest family of the commune next door
        List<Object> home = Sql.rows(url, "SELECT h.id, h.phone, ST_X(h.geom), ST_Y(h.geom) FROM household h JOIN admin_unit a ON a.id = h.commune_id "
                + "WHERE a.code = ? AND h.phone IS NOT NULL AND h.id NOT IN (?, ?) "
                + "AND (SELECT count(*) FROM household o WHERE o.phone IS NOT NULL AND atlas_phone(o.phone) = atlas_phone(h.phone)) = 1 "
                + "ORDER BY h.id LIMIT 1 OFFSET 7", TAM_THANG, family.get(0), neighbour.get(0)).get(0);
        Object nextDoor = Sql.scalar(url, "SELECT o.id FROM household o, household h WHERE h.id = ? AND o.id <> h.id AND o.commune_id = h.commune_id "
                + "ORDER BY o.geom <-> h.geom, o.id LIMIT 1", home.get(0));
        // the neighbour calls from a phone not on the list, at the family's door: taken for the family (by distance)
        HttpResponse<String> first = officer.send("POST", "/api/sos", String.format(Locale.ROOT,
                "{\"lon\": %.7f, \"lat\": %.7f, \"name\": \"Hàng xóm\", \"phone\": \"0912 345 678\", \"people\": 3}", num(home, 2), num(home, 3)));
        assertEquals(201, first.statusCode(), first.body());
        long neighbourCall = TestServer.json(first).get("id").asLong();
        assertEquals(List.of(home.get(0), "distance"), Sql.rows(url, "SELECT household_id, matched_by FROM sos_request WHERE id = ?", neighbourCall).get(0));
        // the family calls from its own phone: taken for a repeat of that call
        HttpResponse<String> own = officer.send("POST", "/api/sos", "{\"name\": \"Chủ hộ\", \"phone\": \"" + home.get(1) + "\", \"people\": 4}");
        assertEquals(201, own.statusCode(), own.body());
        long familyCall = TestServer.json(own).get("id").asLong();
        assertEquals(List.of("duplicate", neighbourCall), Sql.rows(url, "SELECT state, duplicate_of FROM sos_request WHERE id = ?", familyCall).get(0));
        // the team that reached the first call rescued the family next door: the family's own call is waiting again
        HttpResponse<String> rescued = officer.send("PATCH", "/api/sos/" + neighbourCall, "{\"state\": \"rescued\", \"household_id\": " + nextDoor + "}");
        assertEquals(200, rescued.statusCode(), rescued.body());
        assertEquals(Sql.rows(url, "SELECT 'new', NULL::bigint").get(0), Sql.rows(url, "SELECT state, duplicate_of FROM sos_request WHERE id = ?", familyCall).get(0));
        // and its repost links to its own call, not to the neighbour's rescue
        HttpResponse<String> again = officer.send("POST", "/api/sos", "{\"name\": \"Chủ hộ\", \"phone\": \"" + home.get(1) + "\", \"people\": 4}");
        assertEquals(familyCall, ((Number) Sql.scalar(url, "SELECT duplicate_of FROM sos_request WHERE id = ?", TestServer.json(again).get("id").asLong())).longValue());
    }

    @Test
    void officersHandleRequestsOfTheirCommunesAndEveryChangeIsAudited() {
        HttpResponse<String> made = officer.send("POST", "/api/sos", String.format(Locale.ROOT,
                "{\"lon\": %.6f, \"lat\": %.6f, \"name\": \"Phạm Thị Dung\", \"phone\": \"0912 000 111\", \"people\": 5, \"needs\": \"thuyền\"}",
                num(family, 2), num(family, 3)));
        assertEquals(201, made.statusCode(), made.body());
        JsonNode sos = TestServer.json(made);
        long id = sos.get("id").asLong();
        assertEquals("officer", sos.get("source").asText());
        assertEquals(TAM_THANG, sos.get("commune_code").asText());
        assertEquals("0912000111", sos.get("phone").asText(), "the officer of the commune sees the phone");

        assertEquals(403, stranger.send("PATCH", "/api/sos/" + id, "{\"state\": \"verified\"}").statusCode());
        HttpResponse<String> noTeam = officer.send("PATCH", "/api/sos/" + id, "{\"state\": \"assigned\"}");
        assertEquals(400, noTeam.statusCode());
        assertTrue(noTeam.body().contains("team"), noTeam.body());
        assertEquals(400, officer.send("PATCH", "/api/sos/" + id, "{\"state\": \"rescued-ish\"}").statusCode());
        assertEquals(400, officer.send("PATCH", "/api/sos/" + id, "{\"state\": \"duplicate\"}").statusCode());
        for (String change : List.of("{\"state\": \"verified\"}", "{\"state\": \"assigned\", \"team\": \"Tổ tự quản thôn 2\"}",
                "{\"state\": \"rescued\"}")) {
            HttpResponse<String> ok = officer.send("PATCH", "/api/sos/" + id, change);
            assertEquals(200, ok.statusCode(), ok.body());
        }
        assertEquals("rescued", Sql.scalar(url, "SELECT state FROM sos_request WHERE id = ?", id));
        assertEquals("Tổ tự quản thôn 2", Sql.scalar(url, "SELECT team FROM sos_request WHERE id = ?", id));
        assertEquals(4, Sql.count(url, "SELECT count(*) FROM audit_log WHERE entity = 'sos_request' AND entity_id = ?", String.valueOf(id)));
        // another commune's officer sees where and how many, not who
        JsonNode seen = TestServer.json(stranger.get("/api/sos/" + id));
        assertFalse(seen.has("phone") || seen.has("name") || seen.has("needs"), seen.toString());
    }

    @Test
    void thePublicFormGivesBackNoPersonalDataAndIsRateLimited() {
        String body = String.format(Locale.ROOT, "{\"lon\": %.6f, \"lat\": %.6f, \"name\": \"Hoàng Văn Em\", \"phone\": \"0987 654 321\", "
                + "\"people\": 6, \"note\": \"có người già\"}", num(neighbour, 1) + 0.002, num(neighbour, 2));
        HttpResponse<String> posted = server.request("POST", "/api/sos", body, "Content-Type", "application/json");
        assertEquals(201, posted.statusCode(), posted.body());
        JsonNode answer = TestServer.json(posted);
        assertEquals("public", answer.get("source").asText());
        for (HttpResponse<String> read : List.of(posted, server.get("/api/sos"), server.get("/api/sos/" + answer.get("id").asLong()))) {
            assertFalse(read.body().contains("0987654321") || read.body().contains("Hoàng Văn Em") || read.body().contains("có người già"),
                    read.body());
        }
        assertEquals("0987654321", Sql.scalar(url, "SELECT phone FROM sos_request WHERE id = ?", answer.get("id").asLong()), "kept for the officers");

        HttpResponse<String> bad = server.request("POST", "/api/sos", "{\"lon\": 200, \"lat\": 15}", "Content-Type", "application/json");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("lon"), bad.body());
        int accepted = 1;
        HttpResponse<String> last = null;
        for (int i = 0; i < 10; i++) {
            last = server.request("POST", "/api/sos", body, "Content-Type", "application/json");
            if (last.statusCode() != 201) {
                break;
            }
            accepted++;
        }
        assertEquals(429, last.statusCode(), last.body());
        assertTrue(last.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(last.headers().firstValue("Retry-After").isPresent());
        assertTrue(accepted <= 5, "accepted " + accepted);
        assertEquals(accepted, Sql.count(url, "SELECT count(*) FROM sos_request WHERE source = 'public'"), "nothing written for a refused call");
        // an officer is not limited
        assertEquals(201, officer.send("POST", "/api/sos", body).statusCode());
    }
}
