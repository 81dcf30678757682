package org.communeatlas.packs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tileverse.pmtiles.PMTilesReader;
import io.tileverse.tiling.pyramid.TileIndex;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A commune's pack as files other apps open as they are: GDAL opens the GeoPackage and finds the commune's villages,
 * households (with the names an officer sees) and sites, counted as the database counts them; an independent PMTiles
 * reader opens the archive, and every tile in it is the server's own {@code /tiles/…} answer, byte for byte. Only the
 * commune's officers and admins get either; a PMTiles reader's range requests are answered with 206.
 */
class PackFilesTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static Path work;

    @BeforeAll
    static void accounts() throws Exception {
        Accounts.create(url, "pack.officer", Viewer.Role.OFFICER, TAM_THANG);
        Accounts.create(url, "pack.other", Viewer.Role.OFFICER, "20365");
        officer = server.signIn("pack.officer", Accounts.PASSWORD);
        work = Files.createDirectories(Path.of("target", "packs"));
        // a current flood with a plan: the pack carries what it does to each family
        HttpResponse<String> flood = officer.send("POST", "/api/floods", "{\"scenario\":\"TK-III\"}");
        assertEquals(201, flood.statusCode(), flood.body());
        int id = TestServer.json(flood).get("id").asInt();
        assertEquals(201, officer.send("POST", "/api/floods/" + id + "/plan", "{}").statusCode());
    }

    private static String ogrinfo(Path file) {
        ProcessResult r = ProcessResult.run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()), Duration.ofMinutes(1));
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    private static long featureCount(String info, String layer) {
        String part = info.substring(info.indexOf("Layer name: " + layer + "\n"));
        String count = part.substring(part.indexOf("Feature Count: ") + 15);
        return Long.parseLong(count.substring(0, count.indexOf('\n')).strip());
    }

    @Test
    void gdalOpensTheGeoPackageAndCountsWhatTheDatabaseHolds() throws Exception {
        long started = System.nanoTime();
        HttpResponse<byte[]> r = officer.getBytes("/api/pack/" + TAM_THANG + ".gpkg");
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertEquals("private, no-store", r.headers().firstValue("Cache-Control").orElse(""));
        Path gpkg = Files.write(work.resolve("goi-xa-" + TAM_THANG + ".gpkg"), r.body());
        String info = ogrinfo(gpkg);
        String commune = "JOIN admin_unit a ON a.id = %s AND a.code = '" + TAM_THANG + "' AND a.level = 'commune'";
        assertEquals(Sql.count(url, "SELECT count(*) FROM village v " + commune.formatted("v.commune_id")), featureCount(info, "villages"));
        assertEquals(Sql.count(url, "SELECT count(*) FROM household h JOIN village v ON v.id = h.village_id " + commune.formatted("v.commune_id")),
                featureCount(info, "households"));
        assertEquals(Sql.count(url, "SELECT count(*) FROM evacuation_point p " + commune.formatted("p.commune_id")), featureCount(info, "sites"));
        assertTrue(info.contains("Layer name: flood"), "the current flood's water over the commune");
        assertTrue(info.contains("head_name: String") && info.contains("plan_site_id: Integer"), info);
        ProcessResult names = ProcessResult.run(List.of("ogrinfo", "-ro", "-q", gpkg.toString(), "-sql",
                "SELECT count(*) AS named FROM households WHERE head_name IS NOT NULL"), Duration.ofMinutes(1));
        assertTrue(names.output().contains("named (Integer) = " + Sql.count(url, "SELECT count(*) FROM household h JOIN village v "
                + "ON v.id = h.village_id " + commune.formatted("v.commune_id") + " WHERE h.head_name IS NOT NULL")), names.output());
        System.out.printf("pack %s.gpkg: %,d bytes in %d ms%n", TAM_THANG, r.body().length, ms);

        assertEquals(403, server.signIn("pack.other", Accounts.PASSWORD).getBytes("/api/pack/" + TAM_THANG + ".gpkg").statusCode());
        assertEquals(401, server.getBytes("/api/pack/" + TAM_THANG + ".gpkg").statusCode());
        assertEquals(404, officer.getBytes("/api/pack/" + TAM_THANG + ".shp").statusCode());
    }

    @Test
    void everyTileOfTheArchiveIsTheServersOwn() throws Exception {
        long started = System.nanoTime();
        HttpResponse<byte[]> r = officer.getBytes("/api/pack/" + TAM_THANG + ".pmtiles");
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, r.statusCode());
        Path archive = Files.write(work.resolve("ban-do-xa-" + TAM_THANG + ".pmtiles"), r.body());
        PMTilesReader reader = new PMTilesReader(archive);
        List<TileIndex> indices = reader.getTileIndices().toList();
        assertTrue(indices.size() > 100, "tiles in the archive: " + indices.size());
        int compared = 0;
        for (TileIndex t : indices) {
            ByteBuffer stored = reader.getTile(t).orElseThrow();
            byte[] bytes = new byte[stored.remaining()];
            stored.get(bytes);
            HttpResponse<byte[]> served = server.getBytes("/tiles/" + String.join(",", PackFiles.TILE_LAYERS) + "/" + t.z() + "/" + t.x() + "/"
                    + t.y() + ".mvt");
            assertEquals(200, served.statusCode(), t.toString());
            assertArrayEquals(served.body(), bytes, "tile " + t.z() + "/" + t.x() + "/" + t.y());
            compared++;
        }
        System.out.printf("pack %s.pmtiles: %,d bytes, %d tiles, zooms %d–%d, built and sent in %d ms; %d compared with /tiles%n", TAM_THANG,
                r.body().length, indices.size(), reader.getHeader().minZoom(), reader.getHeader().maxZoom(), ms, compared);

        // a PMTiles reader over HTTP asks for its header first: 127 bytes by range
        HttpResponse<byte[]> head = server.getBytes("/api/pack/" + TAM_THANG + ".pmtiles", "Cookie", officer.cookie(), "Range", "bytes=0-126");
        assertEquals(206, head.statusCode());
        assertEquals("PMTiles", new String(head.body(), 0, 7, StandardCharsets.US_ASCII));
        assertEquals(127, head.body().length);
    }
}
