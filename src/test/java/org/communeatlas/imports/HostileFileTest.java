package org.communeatlas.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.gdal.GdalStaging;
import org.communeatlas.gdal.InputFormat;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload is hostile until proven otherwise. A GDAL VRT dressed as each accepted format (and inside a zip) would
 * make GDAL read the host's files or run SQL in our database; it is refused before GDAL runs, and GDAL itself — with
 * every driver but the file's own skipped — could not open it anyway. Zips expand only so far, hold only what an
 * import needs, and a file has at most so many rows.
 */
class HostileFileTest extends DemoServerTest {

    private static final String TOKEN = "CANARY-7c1f3e";

    @TempDir
    static Path dir;
    static TestServer.Session admin;
    static Path secret;
    static String canarySequence;

    @BeforeAll
    static void setUp() throws Exception {
        Accounts.create(url, "admin.hostile", Viewer.Role.ADMIN);
        admin = server.signIn("admin.hostile", Accounts.PASSWORD);
        // a file of the host a VRT would read into the import report
        secret = dir.resolve("secret.csv");
        Files.writeString(secret, "value\n" + TOKEN + "\n");
        // a sequence the import role may use: a VRT that ran SQL as that role would move it
        Sql.update(url, "CREATE SEQUENCE atlas_import.canary; ALTER SEQUENCE atlas_import.canary OWNER TO atlas_import");
        canarySequence = "atlas_import.canary";
    }

    /** A VRT whose layers read the secret file and run SQL in our database as the import role (its password file in reach). */
    private static String vrt() {
        DatabaseUrls urls = TestDatabase.urls(url);
        String pg = org.communeatlas.gdal.Gdal.pgConnection(urls.importUrl());
        return "<OGRVRTDataSource>"
                + "<OGRVRTLayer name=\"secret\"><SrcDataSource>CSV:" + secret + "</SrcDataSource></OGRVRTLayer>"
                + "<OGRVRTLayer name=\"sql\"><SrcDataSource>" + pg + "</SrcDataSource><SrcSQL>SELECT nextval('" + canarySequence + "') AS n, "
                + "pg_read_file('/etc/hostname') AS f</SrcSQL></OGRVRTLayer></OGRVRTDataSource>";
    }

    private static HttpResponse<String> upload(String name, Path file) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/api/imports/households?filename=" + name))
                .POST(uncheckedFile(file));
        return server.send(b, "Content-Type", "application/octet-stream", "Cookie", admin.cookie(), "X-CSRF-Token", admin.csrf(),
                "Origin", server.base());
    }

    private static HttpRequest.BodyPublisher uncheckedFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path zip(String name, Map<String, byte[]> entries) throws Exception {
        Path z = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return z;
    }

    private static void assertNothingRead() {
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'atlas_import'"), "no staging table left");
        assertEquals(false, Sql.scalar(url, "SELECT is_called FROM atlas_import.canary"), "no SQL ran through the VRT");
    }

    @Test
    void aVrtDressedAsEveryAcceptedFormatIsRefusedBeforeGdalRuns() throws Exception {
        byte[] vrt = vrt().getBytes(StandardCharsets.UTF_8);
        Map<String, Path> disguises = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"ho.geojson", "ho.json", "ho.csv", "ho.xlsx", "ho.gpkg", "ho.zip"}) {
            Path f = dir.resolve("vrt-" + name);
            Files.write(f, vrt);
            disguises.put(name, f);
        }
        disguises.put("vrt-inside.zip", zip("vrt-inside.zip", Map.of("ho.vrt", vrt)));
        disguises.put("csv-inside.zip", zip("csv-inside.zip", Map.of("ho.csv", vrt)));
        disguises.put("geojson-inside.zip", zip("geojson-inside.zip", Map.of("thu-muc/ho.geojson", vrt)));
        disguises.put("shapefile-and-vrt.zip", zip("shapefile-and-vrt.zip", Map.of("a.shp", new byte[] {0, 0, 39, 10}, "a.shx", new byte[4],
                "a.dbf", new byte[4], "a.vrt", vrt)));
        for (Map.Entry<String, Path> d : disguises.entrySet()) {
            HttpResponse<String> r = upload(d.getKey(), d.getValue());
            assertEquals(400, r.statusCode(), d.getKey() + ": " + r.body());
            JsonNode problem = TestServer.json(r);
            assertEquals("file", problem.get("parameter").asText(), d.getKey());
            assertFalse(r.body().contains(TOKEN), d.getKey());
            System.out.println(d.getKey() + " → " + problem.get("detail").asText());
        }
        assertNothingRead();
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'import'"), "nothing imported");
    }

    @Test
    void gdalItselfOpensAFileOnlyWithTheDriverOfItsFormat() throws Exception {
        // past the importer's check (as if it had a hole): GDAL's GeoJSON driver is the only one, and it cannot read a VRT
        Path disguised = dir.resolve("gdal-only.geojson");
        Files.writeString(disguised, vrt());
        DatabaseUrls urls = TestDatabase.urls(url);
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> GdalStaging.load(urls.importUrl(), "atlas_app",
                disguised, InputFormat.GEOJSON, 0, 100).close());
        assertEquals("file", refused.field());
        assertFalse(refused.getMessage().contains(TOKEN));
        // read with the CSV driver, the VRT is only lines of text: staged as such, nothing it names is opened
        Path asCsv = Files.copy(disguised, dir.resolve("gdal-only.csv"));
        try (GdalStaging staged = GdalStaging.load(urls.importUrl(), "atlas_app", asCsv, InputFormat.CSV, 0, 100)) {
            assertEquals(0L, Sql.count(url, "SELECT count(*) FROM " + staged.qualified() + " s WHERE s::text LIKE '%" + TOKEN + "%'"));
        }
        assertNothingRead();
    }

    @Test
    void zipsExpandOnlySoFarAndHoldOnlyWhatAnImportNeeds() throws Exception {
        // a zip bomb: a megabyte of zeros in a few kilobytes, against a limit of half a megabyte
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("ho.csv"));
            out.write(new byte[1 << 20]);
            out.closeEntry();
        }
        assertTrue(Files.size(bomb) < 10_000);
        InvalidInputException big = assertThrows(InvalidInputException.class,
                () -> AcceptedFile.check(bomb, "bomb.zip", new AcceptedFile.Limits(512 * 1024, 64)).close());
        assertTrue(big.getMessage().contains("giải nén ra quá nhiều"), big.getMessage());

        Map<String, byte[]> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 70; i++) {
            many.put("__MACOSX/._a" + i + ".csv", new byte[] {0});
        }
        HttpResponse<String> tooMany = upload("many.zip", zip("many.zip", many));
        assertEquals(400, tooMany.statusCode());
        assertTrue(TestServer.json(tooMany).get("detail").asText().contains("64"), tooMany.body());

        HttpResponse<String> two = upload("two.zip", zip("two.zip", Map.of("a.csv", "Mã hộ\nX\n".getBytes(StandardCharsets.UTF_8),
                "b.csv", "Mã hộ\nY\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, two.statusCode());

        // a good one: one CSV inside, in a folder, read as a CSV
        byte[] csv = "Mã hộ,Mã thôn,Số nhân khẩu,Kinh độ,Vĩ độ\nZIP-001,20362-01,3,108.5411,15.5602\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> ok = upload("ho-trong-zip.zip", zip("ho-trong-zip.zip", Map.of("thu-muc/ho.csv", csv)));
        assertEquals(201, ok.statusCode(), ok.body());
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM household WHERE code = 'ZIP-001'"));
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'atlas_import'"), "the staging table is gone");
    }

    @Test
    void aFileHasAtMostSoManyRows() throws Exception {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "Mã hộ\nA\nB\nC\n");
        DatabaseUrls urls = TestDatabase.urls(url);
        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                () -> GdalStaging.load(urls.importUrl(), "atlas_app", rows, InputFormat.CSV, 0, 2).close());
        assertTrue(tooMany.getMessage().contains("hơn 2 dòng"), tooMany.getMessage());
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'atlas_import'"));
    }

    @Test
    void theImportRoleWritesOnlyInItsSchemaAndReadsNoHousehold() {
        DatabaseUrls urls = TestDatabase.urls(url);
        String importer = urls.importUrl();
        assertTrue(denied(importer, "SELECT count(*) FROM household"), "the import role cannot read households");
        assertTrue(denied(importer, "CREATE TABLE public.x (id int)"), "nor create tables outside atlas_import");
        assertTrue(denied(importer, "UPDATE household SET members = 1"));
        Sql.update(importer, "CREATE TABLE atlas_import.allowed (id int); DROP TABLE atlas_import.allowed");
    }

    static boolean denied(String url, String sql) {
        try {
            Sql.update(url, sql);
            return false;
        } catch (IllegalStateException e) {
            return e.getMessage().contains("permission denied");
        }
    }
}
