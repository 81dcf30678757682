package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.communeatlas.App;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.EventStream;
import org.communeatlas.testing.TestDatabase;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A server told to stop (a deploy, a restart) finishes what it is doing: an export of every household that was in
 * flight when the stop began arrives whole, and a live map's open stream does not hold the stop up.
 */
class GracefulStopTest {

    @Test
    void aRequestInFlightFinishesAndLiveStreamsDoNotHoldTheStop() throws Exception {
        String url = TestDatabase.demoDatabase();
        Accounts.create(url, "drain.admin", Viewer.Role.ADMIN);
        TestServer server = new TestServer(url);
        TestServer.Session admin = server.signIn("drain.admin", Accounts.PASSWORD);
        EventStream live = new EventStream(server.base());
        long[] finishedAt = new long[1];
        CompletableFuture<HttpResponse<String>> export = CompletableFuture.supplyAsync(() -> {
            HttpResponse<String> r = admin.get("/api/exports/households.geojson");
            finishedAt[0] = System.nanoTime();
            return r;
        });
        Thread.sleep(300);
        long stopAt = System.nanoTime();
        server.close();
        long stopMillis = (System.nanoTime() - stopAt) / 1_000_000;
        live.close();

        HttpResponse<String> r = export.get();
        assertTrue(finishedAt[0] > stopAt, "the export was still in flight when the stop began");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().strip().endsWith("}") && r.body().contains("\"FeatureCollection\""), "a whole GeoJSON document");
        assertEquals(50_000, r.body().split("\"Feature\"", -1).length - 1, "every household");
        assertTrue(stopMillis < App.DRAIN_SECONDS * 1000L, "the stop took " + stopMillis + " ms: the live stream did not hold it");
    }
}
