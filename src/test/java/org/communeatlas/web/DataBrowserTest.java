package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * An admin uploads a commune's household sheet in the map: a sheet with a bad row shows the problem and
 * writes nothing; the corrected sheet is written. The export link follows the chosen layer and format.
 */
class DataBrowserTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    @Test
    void anAdminUploadsASheetSeesTheBadRowThenWritesTheFixedOne() throws Exception {
        Accounts.create(url, "admin.data", Viewer.Role.ADMIN);
        String header = "Mã hộ,Mã thôn,Họ và tên chủ hộ,Số nhân khẩu,Kinh độ,Vĩ độ";
        Path bad = dir.resolve("ho-tam-thang.csv");
        Files.writeString(bad, header + "\nWEB-001,20362-01,Hồ Thị Lan,4,108.5411,15.5602\nWEB-002,20362-01,Hồ Văn Tâm,0,108.5412,15.5603\n",
                StandardCharsets.UTF_8);
        Path good = dir.resolve("ho-tam-thang-da-sua.csv");
        Files.writeString(good, header + "\nWEB-001,20362-01,Hồ Thị Lan,4,108.5411,15.5602\nWEB-002,20362-01,Hồ Văn Tâm,2,108.5412,15.5603\n",
                StandardCharsets.UTF_8);
        try (Browser admin = Browser.open(Browser.Size.DESKTOP)) {
            admin.get(server.base() + "/");
            admin.waitFor("window.atlas && window.atlas.ready", WAIT);
            assertTrue((Boolean) admin.js("return document.getElementById('panel-data').hidden;"), "nothing to export before signing in");
            admin.signIn("admin.data", Accounts.PASSWORD);
            admin.waitFor("!document.getElementById('panel-data').hidden && !document.getElementById('import-form').parentElement.hidden", WAIT);

            new Select(admin.find("#export-format")).selectByValue("gpkg");
            new Select(admin.find("#export-srs")).selectByValue("EPSG:5899");
            assertEquals("/api/exports/households.gpkg?srs=EPSG%3A5899", admin.js("return document.getElementById('export-link').getAttribute('href');"));

            admin.find("#import-file").sendKeys(bad.toString());
            admin.js("document.getElementById('import-dry-run').checked = false;");
            admin.find("#import-submit").click();
            admin.waitFor("document.getElementById('import-result').dataset.status === '422'", WAIT);
            String text = admin.find("#import-result").getText();
            assertTrue(text.contains("chưa ghi gì") && text.contains("Số nhân khẩu") && text.contains("ngoài khoảng cho phép 1–60"), text);
            assertTrue(admin.find("#import-report").getAttribute("href").startsWith("blob:"));
            assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household WHERE code LIKE 'WEB-%'"));
            admin.js("document.getElementById('import-result').scrollIntoView();");
            admin.screenshot("30-import-problems");

            admin.find("#import-file").clear();
            admin.find("#import-file").sendKeys(good.toString());
            admin.find("#import-submit").click();
            admin.waitFor("document.getElementById('import-result').dataset.status === '201'", WAIT);
            assertTrue(admin.find("#import-result").getText().startsWith("Đã ghi: 2 dòng, thêm 2"), admin.find("#import-result").getText());
            assertEquals(List.of(List.of("WEB-001", "Hồ Thị Lan"), List.of("WEB-002", "Hồ Văn Tâm")),
                    Sql.rows(url, "SELECT code, head_name FROM household WHERE code LIKE 'WEB-%' ORDER BY code"));
            // Chromium logs every 4xx answer; the 422 with the report is the one expected
            assertEquals(List.of(), admin.consoleErrors().stream().filter(e -> !e.contains("status of 422")).toList());
        }
    }
}
