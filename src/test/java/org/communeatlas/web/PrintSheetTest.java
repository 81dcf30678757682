package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chromium.ChromiumDriver;

/** The commune's evacuation sheet prints on A4 and saves as a PDF, as officials share it in Zalo groups (kept as an artefact). */
class PrintSheetTest extends DemoServerTest {

    @Test
    void theCommuneSheetRendersToAnA4Pdf() throws Exception {
        Accounts.create(url, "print.admin", Viewer.Role.ADMIN);
        TestServer.Session admin = server.signIn("print.admin", Accounts.PASSWORD);
        int flood = TestServer.json(admin.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}")).get("id").asInt();
        assertEquals(201, admin.send("POST", "/api/floods/" + flood + "/plan", "{}").statusCode());
        try (Browser b = Browser.open(Browser.Size.DESKTOP)) {
            b.get(server.base() + "/api/floods/" + flood + "/plan/sheet?commune=20362");
            b.waitFor("document.readyState === 'complete' && document.body.innerText.includes('Tam Thăng')", Duration.ofSeconds(30));
            // the map of the plan: each listed site numbered on it, a dot for each family (red for a boat), its legend
            int plan = ((Number) Sql.scalar(url, "SELECT max(id) FROM evacuation_plan WHERE flood_id = ?", flood)).intValue();
            String inCommune = "FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN admin_unit c ON c.id = h.commune_id "
                    + "WHERE a.plan_id = ? AND c.code = '20362'";
            assertEquals(b.count("section.site"), b.count("svg.plan-map g.site"), "every listed site on the map");
            assertTrue(b.count("section.site") > 0);
            assertEquals(Sql.count(url, "SELECT count(*) " + inCommune, plan), b.count("svg.plan-map circle"), "a dot a family");
            assertEquals(Sql.count(url, "SELECT count(*) " + inCommune + " AND a.site_id IS NULL AND a.unassigned = 'no_dry_route'", plan),
                    b.count("svg.plan-map circle[fill='#c62828']"), "red: to rescue by boat");
            assertEquals(10, b.count("ul.map-legend li"));
            assertTrue(b.find("ul.map-legend").getText().contains("Tuyến sơ tán"));
            assertTrue(b.count("svg.plan-map path[fill='#4fc3f7']") == 1, "the flood's water drawn");
            assertTrue(b.count("svg.plan-map path[stroke='#2e7d32']") == 1, "the routes drawn");
            b.js("document.querySelector('section.map').scrollIntoView();");
            b.screenshot("56-plan-map");
            Map<String, Object> pdf = ((ChromiumDriver) b.driver()).executeCdpCommand("Page.printToPDF", Map.of("paperWidth", 8.27,
                    "paperHeight", 11.69, "preferCSSPageSize", true, "printBackground", true));
            byte[] bytes = Base64.getDecoder().decode((String) pdf.get("data"));
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("%PDF-"), "a PDF");
            Matcher pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(text);
            int n = 0;
            while (pages.find()) {
                n++;
            }
            Matcher box = Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)").matcher(text);
            assertTrue(box.find(), "pages have a size");
            // A4: 595 × 842 points
            assertEquals(595, Double.parseDouble(box.group(1)), 2);
            assertEquals(842, Double.parseDouble(box.group(2)), 2);
            assertTrue(n >= 2, "pages: " + n);
            Path out = Path.of("target/screenshots/plan-sheet-20362.pdf");
            Files.createDirectories(out.getParent());
            Files.write(out, bytes);
            System.out.printf("commune sheet as PDF: %d A4 pages, %,d bytes (%s)%n", n, bytes.length, out);
        }
    }
}
