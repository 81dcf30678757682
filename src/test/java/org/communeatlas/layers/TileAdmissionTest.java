package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.tiles.TileAdmission;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Tiles to be made go in as many at a time as there are tile connections; the others wait their turn (and are all
 * answered), while tiles from the cache and other requests are not held back.
 */
class TileAdmissionTest extends DemoServerTest {

    private static final double LON = 108.4712;
    private static final double LAT = 15.5641;

    private static String tile(int z, int dx) {
        long[] t = TileMath.tileOf(LON, LAT, z);
        return "/tiles/households/" + z + "/" + (t[0] + dx) + "/" + t[1] + ".mvt";
    }

    private double waiting() {
        return server.services().metrics().get("atlas_tile_requests_waiting").gauge().value();
    }

    @Test
    void tilesBeyondTheConnectionsWaitTheirTurnWhileCachedTilesAndPagesGoOn() throws Exception {
        int connections = server.services().database().tileConnections();
        String cached = tile(15, 0);
        assertEquals(200, server.getBytes(cached).statusCode());
        long[] t = TileMath.tileOf(LON, LAT, 15);
        assertFalse(needsDatabase("/tiles/households/15/" + t[0] + "/" + t[1] + ".mvt"), "cached");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<byte[]>>> made = new ArrayList<>();
        String owner = TestDatabase.urls(url).owner().orElseThrow();
        try (Connection lock = DriverManager.getConnection(owner)) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                // every household tile made from now on waits in PostgreSQL, holding its connection
                s.execute("LOCK TABLE household IN ACCESS EXCLUSIVE MODE");
            }
            for (int i = 1; i <= connections + 3; i++) {
                made.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.base() + tile(16, 2 * i))).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            long deadline = System.currentTimeMillis() + 15_000;
            while (waiting() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(3.0, waiting(), "tile requests waiting for a connection, beyond the " + connections + " being made");
            // meanwhile: a tile from the cache and a page that reads other tables are answered
            assertEquals(200, server.getBytes(cached).statusCode());
            assertEquals(200, server.get("/api/models").statusCode());
            assertFalse(made.stream().anyMatch(CompletableFuture::isDone), "no tile is made while the table is locked");
            lock.rollback();
        }
        for (CompletableFuture<HttpResponse<byte[]>> r : made) {
            int status = r.get(60, TimeUnit.SECONDS).statusCode();
            assertTrue(status == 200 || status == 204, "status " + status);
        }
        assertEquals(0.0, waiting());
        assertTrue(server.services().metrics().get("atlas_tile_requests_waited").functionCounter().count() >= 3);
    }

    /** What the admission decides for a path: held back for a connection (true) or straight on. */
    private static boolean needsDatabase(String path) {
        return TileAdmission.admit(server.services().catalog(), server.services().tiles(), path).map(a -> a.cached() == null).orElse(false);
    }

    @Test
    void onlyTilesToBeMadeAreHeldBack() {
        long[] t = TileMath.tileOf(LON, LAT, 15);
        server.getBytes(tile(15, 0));
        assertFalse(needsDatabase("/tiles/households/15/" + t[0] + "/" + t[1] + ".mvt"), "cached");
        assertTrue(needsDatabase("/tiles/households/15/" + (t[0] + 40) + "/" + t[1] + ".mvt"), "not cached");
        assertTrue(needsDatabase("/ogc/collections/households/tiles/WebMercatorQuad/15/14955/26264"));
        assertTrue(needsDatabase("/ogc/tiles/WebMercatorQuad/15/14955/26264"));
        // the OGC path names the same tile as /tiles (row before column): once made, it is found in the cache
        server.getBytes("/ogc/collections/households/tiles/WebMercatorQuad/15/" + t[1] + "/" + t[0]);
        assertFalse(needsDatabase("/ogc/collections/households/tiles/WebMercatorQuad/15/" + t[1] + "/" + t[0]), "OGC, cached");
        for (String other : List.of("/tiles/households.json", "/tiles/households/15/x/1.mvt", "/tiles/households/15/1.mvt",
                "/tiles/households/40/1/1.mvt", "/tiles/nothing/15/1/1.mvt", "/ogc/collections/nothing/tiles/WebMercatorQuad/15/1/1",
                "/ogc/collections/households/tiles", "/ogc/collections/households/tiles/WebMercatorQuad", "/api/models", "/")) {
            assertFalse(needsDatabase(other), other);
        }
    }
}
