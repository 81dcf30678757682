package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.Layer.Generalisation;
import org.communeatlas.layers.tiles.TileQuery;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.junit.jupiter.api.Test;

/**
 * A tile too dense for a phone: 9,000 households in one street block. At zooms 13–14 its tile becomes clusters one level
 * deeper, under 250 KB; from zoom 15 it is points again, every one of them.
 */
class DenseTilesTest extends DemoServerTest {

    private static final double LON = 108.4712;
    private static final double LAT = 15.5641;

    private static boolean contains(byte[] tile, String text) {
        return new String(tile, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static String path(int z) {
        long[] t = TileMath.tileOf(LON, LAT, z);
        return "/tiles/households/" + z + "/" + t[0] + "/" + t[1] + ".mvt";
    }

    @Test
    void aDenseTileIsClustersAtZooms13And14AndPointsFrom15() {
        String owner = org.communeatlas.testing.TestDatabase.urls(url).owner().orElseThrow();
        int village = ((Number) Sql.scalar(url, "SELECT id FROM village ORDER BY id LIMIT 1")).intValue();
        byte[] before = server.getBytes(path(14)).body();
        assertTrue(contains(before, "village_code"), "points before");
        // 9,000 households within 100 m of each other (a block of flats in the data, or a bad import)
        Sql.update(owner, "INSERT INTO household (code, village_id, members, geom) SELECT 'DENSE-' || g, ?, 4, "
                + "ST_SetSRID(ST_MakePoint(? + (g % 100) * 0.00001, ? + (g / 100) * 0.00001), 4326) FROM generate_series(1, 9000) g",
                village, LON, LAT);
        long[] t14 = TileMath.tileOf(LON, LAT, 14);
        long inTile = Sql.count(url, "SELECT count(*) FROM household WHERE ST_Intersects(geom_3857, ST_TileEnvelope(14, ?::integer, ?::integer))",
                (int) t14[0], (int) t14[1]);
        assertTrue(inTile > Generalisation.DENSE_TILE, inTile + " households");
        for (int z : new int[] {13, 14}) {
            HttpResponse<byte[]> r = awaitChange(z);
            assertTrue(contains(r.body(), "count") && !contains(r.body(), "village_code"), "clusters at zoom " + z);
            assertTrue(r.body().length < 250 * 1024, r.body().length + " bytes");
        }
        byte[] z15 = server.getBytes(path(15)).body();
        assertTrue(contains(z15, "village_code") && !contains(z15, "\u0005count"), "points at zoom 15");
        assertTrue(z15.length > 9000 * 10, "every household drawn: " + z15.length + " bytes");

        TileQuery q = server.services().tiles().query("households");
        assertEquals(TileQuery.Branch.CLUSTERS, q.branch(14, 8_001));
        assertEquals(TileQuery.Branch.POINTS, q.branch(14, 8_000));
        assertEquals(TileQuery.Branch.POINTS, q.branch(15, 9_000));
    }

    /** The tile after the change has reached the server (the cache drops it on the database's notice). */
    private HttpResponse<byte[]> awaitChange(int z) {
        long deadline = System.currentTimeMillis() + 5_000;
        HttpResponse<byte[]> r = server.getBytes(path(z));
        while (contains(r.body(), "village_code") && System.currentTimeMillis() < deadline) {
            sleep();
            r = server.getBytes(path(z));
        }
        return r;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
