package org.communeatlas.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.db.Database;
import org.communeatlas.geo.Srs;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Officials' files into the demo database through GDAL and PostGIS: formats, VN-2000, checks, all or nothing. */
class ImportTest {

    /** ../shared/data/real/danang-wards-2025.geojson, kept with the tests (see src/test/resources/real/README.md). */
    static final Path WARDS = Path.of("src", "test", "resources", "real", "danang-wards-2025.geojson");

    @TempDir
    static Path dir;
    static String url;
    static Database db;

    @BeforeAll
    static void start() {
        url = TestDatabase.demoDatabase();
        db = Database.connect(url, Optional.empty(), 2);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static ImportReport run(String database, String layer, Path file, int srs, boolean dryRun, boolean replace) {
        try (Database d = Database.connect(database, Optional.empty(), 2)) {
            return new ImportService(d.writer(), database).run(layer, file, new ImportOptions(srs, dryRun, replace, Map.of(), null, "test", null));
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void ogr2ogr(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ogr2ogr"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void theRealWardsGiveTheSameUnitsFromGeoJsonAndFromVn2000ShapefileAndGeoPackage() throws Exception {
        // the test's own conversion to EPSG:5899 (PROJ applies the EPSG:6960 datum shift)
        Path shp = dir.resolve("phuong-xa-vn2000.shp");
        ogr2ogr("-t_srs", "EPSG:5899", "-lco", "ENCODING=UTF-8", shp.toString(), WARDS.toString());
        Path zip = dir.resolve("phuong-xa-vn2000.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
                z.putNextEntry(new ZipEntry("phuong-xa-vn2000." + ext));
                z.write(Files.readAllBytes(dir.resolve("phuong-xa-vn2000." + ext)));
                z.closeEntry();
            }
        }
        Path gpkg = dir.resolve("phuong-xa-vn2000.gpkg");
        ogr2ogr("-t_srs", "EPSG:5899", gpkg.toString(), WARDS.toString());

        long before = Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND valid_from = '2025-07-01'");
        List<String> databases = List.of(url, TestDatabase.demoDatabase(), TestDatabase.demoDatabase());
        List<Path> files = List.of(WARDS, zip, gpkg);
        for (int i = 0; i < 3; i++) {
            ImportReport r = run(databases.get(i), "admin_units_2025", files.get(i), 0, false, true);
            assertTrue(r.ok(), files.get(i) + ": " + r.problems);
            assertEquals(94, r.rows);
            assertEquals(i == 0 ? 4326 : 5899, r.sourceSrid, "the CRS read from the file's metadata");
            assertEquals(before, r.updated, "the synthetic units of the same codes get the real boundaries");
            assertEquals(94 - before, r.added);
            assertEquals(94L, Sql.count(databases.get(i), "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND valid_from = '2025-07-01'"));
            assertEquals("Phường Tam Kỳ", Sql.scalar(databases.get(i), "SELECT name FROM admin_unit WHERE code = '20341' AND valid_from = '2025-07-01'"),
                    "diacritics through the Shapefile's code page");
        }
        // every unit's boundary from VN-2000 within 1 m of the one from the GeoJSON, vertex for vertex
        for (List<Object> unit : Sql.rows(url, "SELECT code, ST_AsEWKT(geom) FROM admin_unit WHERE level = 'commune' AND valid_from = '2025-07-01'")) {
            for (String other : databases.subList(1, 3)) {
                List<List<Object>> d = Sql.rows(other, "SELECT ST_HausdorffDistance(ST_Transform(geom, 5899), ST_Transform(ST_GeomFromEWKT(?), 5899)) "
                        + "FROM admin_unit WHERE code = ? AND valid_from = '2025-07-01' AND level = 'commune'", unit.get(1), unit.get(0));
                assertEquals(1, d.size(), "unit " + unit.get(0) + " in " + other);
                double metres = ((Number) d.get(0).get(0)).doubleValue();
                assertTrue(metres < 1, unit.get(0) + " differs by " + metres + " m");
            }
        }
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'import' AND entity = 'admin_unit' "
                + "AND after ->> 'rows' = '94'"), "the import is in the audit log");
    }

    static Path sheet(String name, String... lines) throws IOException {
        Path csv = dir.resolve(name + ".csv");
        Files.writeString(csv, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return csv;
    }

    static Path xlsx(Path csv) throws Exception {
        Path out = dir.resolve(csv.getFileName().toString().replace(".csv", ".xlsx"));
        ogr2ogr("-f", "XLSX", out.toString(), csv.toString());
        return out;
    }

    static final String HEADER = "Mã hộ,Mã thôn,Họ và tên chủ hộ,Số điện thoại,Số nhân khẩu,Người cao tuổi,Trẻ em dưới 6 tuổi,Cấp nhà,Kinh độ,Vĩ độ";

    @Test
    void aHouseholdSheetWithVietnameseHeadersImports() throws Exception {
        Path file = xlsx(sheet("ho-gia-dinh", HEADER,
                "TT-001,20362-01,Nguyễn Thị Hoa,0905 111 222,4,1,1,2,108.5411,15.5602",
                "TT-002,20362-01,Trần Văn Bình,0905 333 444,3,0,0,3,108.5420,15.5610"));
        ImportReport r = run(url, "households", file, 0, false, false);
        assertTrue(r.ok(), r.problems.toString());
        assertEquals(2, r.added);
        assertEquals("head_name", r.columns.get("Họ và tên chủ hộ"));
        assertEquals(List.of(List.of("Nguyễn Thị Hoa", "0905 111 222", 4, 1, 1, "safe")),
                Sql.rows(url, "SELECT head_name, phone, members::int, elderly::int, young_children::int, status FROM household WHERE code = 'TT-001'"));
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM household WHERE code = 'TT-001' AND road_node_id IS NOT NULL "
                + "AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(108.5411, 15.5602), 4326)::geography, 0.01)"),
                "placed where the sheet says and joined to the road network");
    }

    /** Two servers importing the same sheet at once: one writes it, the other is told the households exist. */
    @Test
    void theSameSheetImportedTwiceAtOnceIsWrittenOnce() throws Exception {
        Path file = sheet("hai-lan", HEADER,
                "TW-001,20362-01,Lê Văn Tâm,0905 555 666,4,1,0,2,108.5411,15.5602",
                "TW-002,20362-01,Phạm Thị Lan,0905 777 888,2,0,1,3,108.5420,15.5610");
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = two.submit(() -> run(url, "households", file, 0, false, false));
            var second = two.submit(() -> run(url, "households", file, 0, false, false));
            List<ImportReport> reports = List.of(first.get(), second.get());
            assertEquals(1, reports.stream().filter(r -> r.written).count(), "exactly one import wrote");
            ImportReport refused = reports.stream().filter(r -> !r.written).findFirst().orElseThrow();
            assertEquals(0, refused.added);
            assertTrue(refused.problems.toString().contains("TW-001"), refused.problems.toString());
        } finally {
            two.shutdown();
        }
        assertEquals(2L, Sql.count(url, "SELECT count(*) FROM household WHERE code IN ('TW-001', 'TW-002')"));
    }

    @Test
    void oneBadRowWritesNothingAndTheReportNamesIt() throws Exception {
        long households = Sql.count(url, "SELECT count(*) FROM household");
        Path file = xlsx(sheet("co-dong-sai", HEADER,
                "BAD-001,20362-01,Lê Văn An,0905 000 001,2,0,0,2,108.5411,15.5602",
                "BAD-002,20362-01,Lê Văn Bảy,0905 000 002,hai,0,0,2,108.5412,15.5603",
                "BAD-003,99999-99,Lê Văn Ba,0905 000 003,3,4,0,2,108.5413,15.5604",
                "BAD-004,20362-01,Lê Văn Tư,0905 000 004,3,0,0,2,108.5414,15.5605"));
        ImportReport r = run(url, "households", file, 0, false, false);
        assertFalse(r.written);
        assertEquals(households, Sql.count(url, "SELECT count(*) FROM household"), "nothing written");
        assertEquals(List.of(new ImportReport.Problem(3, "Số nhân khẩu", "hai", "không phải là số"),
                new ImportReport.Problem(4, "Người cao tuổi", "4", "lớn hơn số nhân khẩu (3)")), r.problems);
        String csv = r.problemsCsv();
        assertTrue(csv.startsWith("\ufeffdòng,cột,giá trị,lý do\r\n3,Số nhân khẩu,hai,không phải là số\r\n"), csv);
        // with the numbers right, the unknown village is what remains
        Path fixed = sheet("thon-sai", HEADER, "BAD-003,99999-99,Lê Văn Ba,0905 000 003,3,0,0,2,108.5413,15.5604");
        ImportReport again = run(url, "households", fixed, 0, false, false);
        assertEquals(List.of(new ImportReport.Problem(2, "Mã thôn", "99999-99", "không có thôn nào mang mã này")), again.problems);
    }

    @Test
    void swappedCoordinatesAreRefusedWithAClearMessage() throws Exception {
        Path file = sheet("dao-toa-do", HEADER, "SW-001,20362-01,Phạm Văn Năm,0905 000 005,2,0,0,2,15.5602,108.5411");
        ImportReport r = run(url, "households", file, 0, false, false);
        assertFalse(r.written);
        assertEquals(1, r.problems.size());
        assertTrue(r.problems.get(0).reason().contains("kinh độ và vĩ độ bị đảo"), r.problems.get(0).reason());
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household WHERE code = 'SW-001'"));
    }

    @Test
    void vn2000PlaneCoordinatesAreReprojectedByPostGisWithTheDatumShift() throws Exception {
        // ../shared/FACTS.md: WGS 84 15.573 N, 108.474 E is E 577454.189, N 1722465.313 in EPSG:5899
        Path file = sheet("vn2000", "Mã hộ,Mã thôn,Số nhân khẩu,X,Y", "VN-001,20362-01,3,577454.189,1722465.313");
        InvalidInputException noSrs = assertThrows(InvalidInputException.class, () -> run(url, "households", file, 0, true, false));
        assertEquals("srs", noSrs.field());
        ImportReport r = run(url, "households", file, Srs.VN2000_TM3_107_45, false, false);
        assertTrue(r.ok(), r.problems.toString());
        double metres = ((Number) Sql.scalar(url, "SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(108.474, 15.573), 4326)::geography) "
                + "FROM household WHERE code = 'VN-001'")).doubleValue();
        assertTrue(metres < 0.01, "off by " + metres + " m");
    }

    @Test
    void aModelSheetThatContradictsItsOwnHistoryIsRefused() throws Exception {
        Path file = sheet("mo-hinh", "Mã mô hình,Tên mô hình,Lĩnh vực,Đơn vị chủ trì,Ngày thành lập,Số thành viên,Số đảng viên",
                "DVK-00002,Tổ tự quản \"5 trong 1\",Quốc phòng – an ninh,UBND xã Tam Thăng,01/06/2023,169,12",
                "DVK-99001,Mô hình mới,Văn hóa – xã hội,Chi bộ thôn Kim Đới,2024-05-01,10,11");
        ImportReport r = run(url, "models", file, 0, false, true);
        assertFalse(r.written);
        assertEquals(2, r.problems.size(), r.problems.toString());
        assertEquals("Ngày thành lập", r.problems.get(0).column());
        assertTrue(r.problems.get(0).reason().startsWith("sau ngày một thôn bắt đầu áp dụng (2022-"), r.problems.get(0).reason());
        assertEquals(new ImportReport.Problem(3, "Số đảng viên", "11", "lớn hơn số thành viên (10)"), r.problems.get(1));
        Path fixed = sheet("mo-hinh-sua", "Mã mô hình,Tên mô hình,Lĩnh vực,Đơn vị chủ trì,Ngày thành lập,Số thành viên,Số đảng viên",
                "DVK-99001,Mô hình mới,Văn hóa – xã hội,Chi bộ thôn Kim Đới,2024-05-01,10,4");
        assertTrue(run(url, "models", fixed, 0, false, false).written);
        assertEquals("culture_society", Sql.scalar(url, "SELECT sector FROM model WHERE code = 'DVK-99001'"));
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() throws Exception {
        Path file = sheet("thu", HEADER, "DRY-001,20362-01,Võ Văn Sáu,0905 000 006,2,0,0,2,108.5411,15.5602");
        ImportReport r = run(url, "households", file, 0, true, false);
        assertTrue(r.ok());
        assertFalse(r.written);
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household WHERE code = 'DRY-001'"));
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'atlas_import'"), "no staging table left behind");
    }

    @Test
    void filesThatCannotBeReadAndUnknownLayersAreNamed() throws Exception {
        Path junk = dir.resolve("rac.geojson");
        Files.writeString(junk, "{ not json");
        assertEquals("file", assertThrows(InvalidInputException.class, () -> run(url, "households", junk, 0, true, false)).field());
        assertEquals("layer", assertThrows(InvalidInputException.class, () -> run(url, "rivers", WARDS, 0, true, false)).field());
        Path noCount = sheet("thieu-cot", "Mã hộ,Mã thôn,Kinh độ,Vĩ độ", "X-1,20362-01,108.5,15.5");
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> run(url, "households", noCount, 0, true, false));
        assertTrue(missing.getMessage().contains("Số nhân khẩu"), missing.getMessage());
    }
}
