package org.communeatlas.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Model coverage over the demo data, as the Mass Mobilization Commission asks it. */
class CoverageApiTest extends DemoServerTest {

    private static int fiveInOne;
    private static int anThien;

    @BeforeAll
    static void models() {
        fiveInOne = (int) Sql.count(url, "SELECT id FROM model WHERE name = 'Tổ tự quản \"5 trong 1\"'");
        anThien = (int) Sql.count(url, "SELECT id FROM model WHERE name = 'Tổ tự quản an ninh trật tự thôn An Thiện'");
    }

    private static JsonNode get(String path) {
        HttpResponse<String> r = server.get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return TestServer.json(r);
    }

    private static JsonNode row(JsonNode coverage, String code) {
        for (JsonNode r : coverage.get("rows")) {
            if (r.get("code").asText().equals(code)) {
                return r;
            }
        }
        throw new AssertionError("no row " + code + " in " + coverage);
    }

    private static JsonNode commune(int model, String date, String code) {
        return row(get("/api/coverage?model=" + model + "&level=commune&asOf=" + date), code);
    }

    @Test
    void fiveInOneSpreadsThroughTamThangTamPhuAndTamThanh() {
        JsonNode before = commune(fiveInOne, "2022-02-28", "20362");
        assertEquals(8, before.get("villages_total").asInt());
        assertEquals(0, before.get("villages_with_model").asInt());
        assertFalse(before.get("full_adoption").asBoolean());
        JsonNode march = commune(fiveInOne, "2022-03-31", "20362");
        assertEquals(1, march.get("villages_with_model").asInt(), "Kim Đới only");
        JsonNode december = commune(fiveInOne, "2022-12-31", "20362");
        assertEquals(8, december.get("villages_with_model").asInt());
        assertEquals(1.0, december.get("share").asDouble());
        assertTrue(december.get("full_adoption").asBoolean());
        JsonNode tamPhu = commune(fiveInOne, "2023-08-31", "20371");
        assertEquals(7, tamPhu.get("villages_with_model").asInt());
        assertEquals(7, tamPhu.get("villages_total").asInt());
        assertTrue(commune(fiveInOne, "2023-12-31", "20359").get("full_adoption").asBoolean(), "Tam Thanh full by the end of 2023");
        assertFalse(commune(fiveInOne, "2023-06-30", "20359").get("full_adoption").asBoolean());
    }

    @Test
    void tamAnHasTheAnThienGroupInAllFourVillages() {
        JsonNode tamAn = commune(anThien, "2024-12-31", "20368");
        assertEquals(4, tamAn.get("villages_total").asInt());
        assertEquals(4, tamAn.get("villages_with_model").asInt());
        assertTrue(tamAn.get("full_adoption").asBoolean());
    }

    @Test
    void inThe2025UnitsBanThachHoldsTamThangsEightVillages() {
        JsonNode banThach = row(get("/api/coverage?model=" + fiveInOne + "&asOf=2022-12-31&units=2025"), "20335");
        assertEquals("Phường Bàn Thạch", banThach.get("name").asText());
        assertEquals(8, banThach.get("villages_with_model").asInt());
        long villages = Sql.count(url, "SELECT count(*) FROM village v JOIN admin_unit_succession s ON s.old_unit_id = v.commune_id "
                + "JOIN admin_unit n ON n.id = s.new_unit_id WHERE n.code = '20335' AND n.valid_from = '2025-07-01'");
        assertEquals(villages, banThach.get("villages_total").asLong());
        assertEquals(78, get("/api/coverage?units=2025&asOf=2024-12-31").get("total").asInt());
        assertEquals(400, server.get("/api/coverage?units=2025&level=district").statusCode(), "no districts after the reform");
    }

    @Test
    void districtAndProvinceRowsCountCommunesWithFullAdoption() {
        JsonNode tamKy = row(get("/api/coverage?model=" + fiveInOne + "&level=district&asOf=2023-12-31"), "502");
        assertEquals(3, tamKy.get("communes_full").asInt(), "Tam Thăng, Tam Phú and Tam Thanh");
        assertEquals(12, tamKy.get("communes_total").asInt());
        assertEquals(0.25, tamKy.get("communes_full_share").asDouble(), 1e-9);
        JsonNode province = get("/api/coverage?level=province&asOf=2023-12-31");
        assertEquals(1, province.get("rows").size());
        JsonNode quangNam = province.get("rows").get(0);
        assertEquals("49", quangNam.get("code").asText());
        assertEquals(Sql.count(url, "SELECT count(*) FROM village"), quangNam.get("villages_total").asLong());
        assertEquals(234, quangNam.get("communes_total").asInt());
        long anyModel = Sql.count(url, "SELECT count(DISTINCT village_id) FROM adoption WHERE started_on <= '2023-12-31' "
                + "AND (ended_on IS NULL OR ended_on > '2023-12-31')");
        assertEquals(anyModel, quangNam.get("villages_with_model").asLong(), "any model: villages with at least one");
    }

    @Test
    void fullOnlyListsExactlyTheCommunesWhoseShareIsOne() {
        JsonNode all = get("/api/coverage?model=" + fiveInOne + "&asOf=2023-12-31");
        List<String> full = new ArrayList<>();
        all.get("rows").forEach(r -> {
            if (r.get("share").asDouble() == 1.0) {
                full.add(r.get("code").asText());
            }
        });
        List<String> filtered = new ArrayList<>();
        get("/api/coverage?model=" + fiveInOne + "&asOf=2023-12-31&full_only=true").get("rows").forEach(r -> filtered.add(r.get("code").asText()));
        assertEquals(full, filtered);
        assertEquals(List.of("20359", "20362", "20371"), filtered);
        JsonNode anyFull = get("/api/coverage?asOf=2024-12-31&full_only=true&sort=share&order=desc&limit=5");
        anyFull.get("rows").forEach(r -> assertTrue(r.get("full_adoption").asBoolean()));
    }

    @Test
    void csvHasTheSameRowsAsJson() {
        HttpResponse<String> answer = server.get("/api/coverage.csv?model=" + fiveInOne + "&asOf=2023-12-31&sort=share&order=desc");
        String csv = answer.body();
        // a byte-order mark, so that Excel on Windows reads the Vietnamese; the headers in Vietnamese; the model and date in the name
        assertTrue(csv.startsWith("\uFEFF"), "byte-order mark");
        String[] lines = csv.substring(1).split("\n");
        assertEquals("\"Mã đơn vị\",\"Tên đơn vị\",\"Số thôn\",\"Số thôn có mô hình\",\"Tỷ lệ thôn có mô hình\",\"Toàn bộ các thôn có mô hình\"", lines[0]);
        assertEquals("attachment; filename=\"do-phu-DVK-00002-xa-2024-2023-12-31.csv\"", answer.headers().firstValue("Content-Disposition").orElse(""));
        assertTrue(csv.contains(",có\n") && csv.contains(",không\n"), "yes and no in words");
        String english = server.get("/api/coverage.csv?model=" + fiveInOne + "&asOf=2023-12-31&lang=en").body();
        assertEquals("code,name,villages_total,villages_with_model,share,full_adoption", english.substring(1).split("\n")[0]);
        JsonNode json = get("/api/coverage?model=" + fiveInOne + "&asOf=2023-12-31&sort=share&order=desc");
        assertEquals(json.get("rows").size() + 1, lines.length);
        for (int i = 0; i < json.get("rows").size(); i++) {
            JsonNode r = json.get("rows").get(i);
            assertTrue(lines[i + 1].startsWith(r.get("code").asText() + ",\"" + r.get("name").asText() + "\"," + r.get("villages_total").asInt()
                    + "," + r.get("villages_with_model").asInt() + ","), lines[i + 1]);
        }
        String matrix = server.get("/api/coverage/matrix.csv?asOf=2023-12-31").body();
        assertTrue(matrix.startsWith("\uFEFF\"Mã mô hình\",\"Tên mô hình\",\"Mã đơn vị\",\"Tên đơn vị\","), matrix.substring(0, 80));
        assertTrue(matrix.contains("DVK-00002,\"Tổ tự quản \"\"5 trong 1\"\"\",20362,\"Xã Tam Thăng\",8,8,1.0,có"), "Tam Thăng's 5 in 1 cell");
        String matrixEn = server.get("/api/coverage/matrix.csv?asOf=2023-12-31&lang=en").body();
        assertTrue(matrixEn.startsWith("\uFEFFmodel_code,model_name,unit_code,unit_name,villages_with_model,villages_total,share,full_adoption\n"));
    }

    @Test
    void modelsAndTheSummaryComeOutOfTheData() {
        JsonNode summary = get("/api/models/summary");
        assertEquals(6540, summary.get("models").asInt());
        for (JsonNode s : summary.get("by_sector")) {
            if (s.get("code").asText().equals("political_system")) {
                assertEquals(564, s.get("models").asInt());
            }
            if (s.get("code").asText().equals("culture_society")) {
                assertEquals(3391, s.get("models").asInt());
            }
        }
        assertEquals(1360, summary.get("commended_by_party").asInt());
        assertEquals(185, summary.get("commended_by_commission").asInt());
        int byYear = 0;
        for (JsonNode y : summary.get("by_year")) {
            byYear += y.get("models").asInt();
        }
        assertEquals(6540, byYear);
        assertEquals(6540, get("/api/models?limit=1").get("total").asInt());
        assertEquals(564, get("/api/models?sector=political_system&limit=1").get("total").asInt());
        JsonNode found = get("/api/models?q=" + URLEncoder.encode("5 trong 1", StandardCharsets.UTF_8));
        assertEquals("Tổ tự quản \"5 trong 1\"", found.at("/models/0/name").asText());
        assertEquals(21, found.at("/models/0/villages_active").asInt(), "8 + 7 + 6 villages today");
        assertEquals(3, found.at("/models/0/communes_full").asInt());
        JsonNode inTamAn = get("/api/models?commune=20368&q=an%20thien&limit=100");
        List<String> names = new ArrayList<>();
        inTamAn.get("models").forEach(m -> names.add(m.get("name").asText()));
        assertTrue(names.contains("Tổ tự quản an ninh trật tự thôn An Thiện"), "diacritics ignored: 'an thien' finds An Thiện: " + names);
        names.forEach(n -> assertTrue(java.text.Normalizer.normalize(n, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('đ', 'd').toLowerCase().contains("an thien"), n));
        assertTrue(get("/api/models?host=bien%20phong").get("total").asInt() >= 1);
    }

    @Test
    void aModelsTimelineGoesMonthByMonthFromItsFounding() {
        JsonNode model = get("/api/models/" + fiveInOne + "?asOf=2023-12-31");
        assertEquals("month", model.get("founded_precision").asText());
        JsonNode timeline = model.get("timeline");
        assertEquals("2022-03", timeline.get(0).get("month").asText());
        assertEquals(1, timeline.get(0).get("villages").asInt());
        assertEquals("2023-12", timeline.get(timeline.size() - 1).get("month").asText());
        JsonNode dec2022 = timeline.get(9);
        assertEquals("2022-12", dec2022.get("month").asText());
        assertEquals(8, dec2022.get("villages").asInt());
        assertEquals(1, dec2022.get("communes_full").asInt());
        assertEquals(3, timeline.get(timeline.size() - 1).get("communes_full").asInt());
        assertEquals(21, model.get("villages").size());
        assertEquals(404, server.get("/api/models/999999").statusCode());
        assertEquals(400, server.get("/api/models/abc").statusCode());
    }

    @Test
    void searchIgnoresDiacriticsAndCase() {
        JsonNode tamThang = get("/api/search?q=tam%20thang").get("results").get(0);
        assertEquals("commune", tamThang.get("kind").asText());
        assertEquals("20362", tamThang.get("code").asText());
        assertEquals(4, tamThang.get("bbox").size());
        JsonNode kimDoi = get("/api/search?q=KIM%20DOI").get("results").get(0);
        assertEquals("village", kimDoi.get("kind").asText());
        assertEquals("Thôn Kim Đới", kimDoi.get("name").asText());
        JsonNode model = get("/api/search?q=5%20trong%201").get("results");
        boolean found = false;
        for (JsonNode r : model) {
            found |= r.get("kind").asText().equals("model") && r.get("name").asText().contains("5 trong 1");
        }
        assertTrue(found);
        assertEquals(400, server.get("/api/search").statusCode());
        assertEquals(400, server.get("/api/search?q=x").statusCode());
        assertEquals(200, server.get("/api/search?q=%25%25%25").statusCode(), "wildcards are text");
        assertEquals(200, server.get("/api/search?q=%27%3B%20DROP%20TABLE%20model%3B--").statusCode());
    }

    @Test
    void badParametersAreProblems() {
        for (String path : List.of("/api/coverage?model=abc", "/api/coverage?level=village", "/api/coverage?asOf=2024-13-01",
                "/api/coverage?units=2030", "/api/coverage?full_only=maybe", "/api/coverage?sort=colour", "/api/coverage?limit=-3",
                "/api/coverage?colour=red", "/api/models?sector=fun", "/api/models?commune=abc", "/api/models?limit=0",
                "/api/coverage?asOf=0001-01-01")) {
            HttpResponse<String> r = server.get(path);
            assertEquals(400, r.statusCode(), path + " → " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        assertEquals(404, server.get("/api/coverage?model=987654").statusCode());
    }
}
