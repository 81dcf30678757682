package org.communeatlas.imports;

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
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's upload and everyone's export over HTTP: roles, CSRF, problem+json, personal data. */
class ImportApiTest extends DemoServerTest {

    @TempDir
    static Path dir;
    static TestServer.Session admin;
    static TestServer.Session officer;
    static TestServer.Session viewer;

    @BeforeAll
    static void accounts() {
        Accounts.create(url, "admin.import", Viewer.Role.ADMIN);
        Accounts.create(url, "officer.import", Viewer.Role.OFFICER, "20362");
        Accounts.create(url, "viewer.import", Viewer.Role.VIEWER);
        admin = server.signIn("admin.import", Accounts.PASSWORD);
        officer = server.signIn("officer.import", Accounts.PASSWORD);
        viewer = server.signIn("viewer.import", Accounts.PASSWORD);
    }

    static HttpResponse<String> upload(TestServer.Session who, String query, Path file) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/api/imports/" + query))
                .POST(HttpRequest.BodyPublishers.ofFile(file));
        return who == null ? server.send(b, "Content-Type", "application/octet-stream")
                : server.send(b, "Content-Type", "application/octet-stream", "Cookie", who.cookie(), "X-CSRF-Token", who.csrf(), "Origin", server.base());
    }

    static Path csv(String name, String... lines) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void anAdminUploadsAHouseholdListAndGetsTheReport() throws Exception {
        Path file = csv("ho.csv", "Mã hộ,Mã thôn,Họ và tên chủ hộ,Số nhân khẩu,Kinh độ,Vĩ độ", "API-001,20362-01,Đặng Thị Mai,3,108.5411,15.5602");
        HttpResponse<String> dry = upload(admin, "households?filename=ho.csv&dry_run=true", file);
        assertEquals(200, dry.statusCode(), dry.body());
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household WHERE code = 'API-001'"));
        HttpResponse<String> r = upload(admin, "households?filename=ho.csv", file);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode report = TestServer.json(r);
        assertEquals(1, report.get("added").asInt());
        assertEquals("head_name", report.get("columns").get("Họ và tên chủ hộ").asText());
        assertEquals("Đặng Thị Mai", Sql.scalar(url, "SELECT head_name FROM household WHERE code = 'API-001'"));
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'import' AND username = 'admin.import' AND after ->> 'file' = 'ho.csv'"));
        // the same again is a clash of codes: 422 with the row
        HttpResponse<String> again = upload(admin, "households?filename=ho.csv", file);
        assertEquals(422, again.statusCode());
        JsonNode problem = TestServer.json(again).get("problems").get(0);
        assertEquals(2, problem.get("row").asInt());
        assertEquals("Mã hộ", problem.get("column").asText());
    }

    @Test
    void anAdoptionSheetWithVietnameseDatesMovesTheCoverage() throws Exception {
        long model = Sql.count(url, "SELECT id FROM model WHERE code = 'DVK-00002'");     // "5 in 1", founded 2022-03-01
        List<Object> place = Sql.rows(url, "SELECT v.code, a.code FROM village v JOIN admin_unit a ON a.id = v.commune_id "
                + "WHERE NOT EXISTS (SELECT 1 FROM adoption d WHERE d.village_id = v.id AND d.model_id = ?) ORDER BY v.code LIMIT 1", model).get(0);
        String village = (String) place.get(0);
        String commune = (String) place.get(1);
        String path = "/api/coverage?model=" + model + "&level=commune&asOf=2022-03-31";
        int before = withModel(path, commune);
        Path early = csv("mo-hinh-som.csv", "Mã mô hình,Mã thôn,Ngày bắt đầu", "DVK-00002," + village + ",15/02/2022");
        HttpResponse<String> refused = upload(admin, "adoptions?filename=mo-hinh-som.csv", early);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("trước ngày thành lập mô hình (2022-03-01)"), refused.body());
        // Tam Thăng's villages all have it from some day in 2022: a second, overlapping period is refused by name
        String tamThang = (String) Sql.scalar(url, "SELECT v.code FROM village v JOIN adoption d ON d.village_id = v.id AND d.model_id = ? "
                + "JOIN admin_unit a ON a.id = v.commune_id WHERE a.code = '20362' ORDER BY v.code LIMIT 1", model);
        Path overlap = csv("mo-hinh-trung.csv", "Mã mô hình,Mã thôn,Ngày bắt đầu", "DVK-00002," + tamThang + ",01/01/2024");
        HttpResponse<String> overlapping = upload(admin, "adoptions?filename=mo-hinh-trung.csv", overlap);
        assertEquals(422, overlapping.statusCode());
        assertTrue(overlapping.body().contains("trùng thời gian với lần áp dụng từ 2022-"), overlapping.body());
        Path sheet = csv("mo-hinh.csv", "Mã mô hình,Mã thôn,Ngày bắt đầu", "DVK-00002," + village + ",15/03/2022");
        HttpResponse<String> written = upload(admin, "adoptions?filename=mo-hinh.csv", sheet);
        assertEquals(201, written.statusCode(), written.body());
        assertEquals(before + 1, withModel(path, commune), "one more village of " + commune + " has the model on 2022-03-31");
    }

    private static int withModel(String path, String commune) {
        for (JsonNode row : TestServer.json(server.get(path)).get("rows")) {
            if (row.get("code").asText().equals(commune)) {
                return row.get("villages_with_model").asInt();
            }
        }
        throw new AssertionError("no " + commune + " in " + path);
    }

    @Test
    void onlyAdminsImportAndBadOptionsAreNamed() throws Exception {
        Path file = csv("x.csv", "Mã hộ,Mã thôn,Số nhân khẩu,Kinh độ,Vĩ độ", "API-009,20362-01,3,108.5411,15.5602");
        assertEquals(401, upload(null, "households?filename=x.csv", file).statusCode());
        assertEquals(403, upload(officer, "households?filename=x.csv", file).statusCode());
        HttpResponse<String> noCsrf = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/imports/households?filename=x.csv"))
                .POST(HttpRequest.BodyPublishers.ofFile(file)), "Cookie", admin.cookie());
        assertEquals(403, noCsrf.statusCode(), "a cross-site form cannot import");
        for (String[] bad : new String[][] {{"rivers?filename=x.csv", "layer"}, {"households?filename=x.exe", "filename"},
                {"households?filename=x.csv&mode=merge", "mode"}, {"households?filename=x.csv&srs=VN2000", "srs"},
                {"households?filename=x.csv&dry_run=maybe", "dry_run"}}) {
            HttpResponse<String> r = upload(admin, bad[0], file);
            assertEquals(400, r.statusCode(), bad[0]);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals(bad[1], TestServer.json(r).get("parameter").asText(), bad[0]);
        }
        Path xy = csv("xy.csv", "Mã hộ,Mã thôn,Số nhân khẩu,X,Y", "API-010,20362-01,3,577454.189,1722465.313");
        HttpResponse<String> noSrs = upload(admin, "households?filename=xy.csv", xy);
        assertEquals(400, noSrs.statusCode());
        assertEquals("srs", TestServer.json(noSrs).get("parameter").asText());
        assertEquals(201, upload(admin, "households?filename=xy.csv&srs=EPSG:5899", xy).statusCode());
    }

    @Test
    void exportsGivePersonalFieldsToAdminsOnly() throws Exception {
        HttpResponse<String> anonymous = server.get("/api/exports/households.csv");
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> forViewer = viewer.get("/api/exports/households.csv");
        assertEquals(200, forViewer.statusCode());
        String header = forViewer.body().lines().findFirst().orElseThrow();
        assertTrue(header.contains("Số nhân khẩu") && header.contains("Kinh độ"), header);
        assertFalse(header.contains("Họ và tên chủ hộ") || header.contains("Số điện thoại") || header.contains("Người cao tuổi"), header);
        assertFalse(forViewer.body().contains(Sql.scalar(url, "SELECT head_name FROM household WHERE head_name IS NOT NULL LIMIT 1").toString()));
        String forAdmin = admin.get("/api/exports/households.csv?srs=EPSG:5899").body();
        assertTrue(forAdmin.lines().findFirst().orElseThrow().contains("Họ và tên chủ hộ,Số điện thoại"));
        assertTrue(forAdmin.lines().findFirst().orElseThrow().endsWith(",X,Y"));
        HttpResponse<byte[]> gpkg = viewer.getBytes("/api/exports/evacuation_points.gpkg");
        assertEquals(200, gpkg.statusCode());
        assertEquals("SQLite format 3", new String(gpkg.body(), 0, 15, StandardCharsets.US_ASCII));
        assertEquals(404, viewer.get("/api/exports/rivers.csv").statusCode());
        assertEquals(400, viewer.get("/api/exports/households.kml").statusCode());
        HttpResponse<byte[]> shapefile = viewer.getBytes("/api/exports/communes.zip?srs=EPSG:5899");
        assertEquals(200, shapefile.statusCode());
        assertEquals("PK", new String(shapefile.body(), 0, 2, StandardCharsets.US_ASCII), "a Shapefile travels zipped");
        assertEquals(400, viewer.get("/api/exports/households.csv?srs=EPSG:3857").statusCode());
    }
}
