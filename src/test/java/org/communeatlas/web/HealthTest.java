package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.communeatlas.db.LocalPostgres;
import org.communeatlas.testing.TestDatabase;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/** /health follows the database: 503 within 5 s of it stopping, 200 again once it is back, no restart. */
class HealthTest {

    @Test
    void healthFollowsTheDatabaseAndRecoversWithoutRestart() throws InterruptedException {
        // a cluster of its own: stopping the shared one would disturb other tests
        LocalPostgres pg = new LocalPostgres(Path.of("target", "health-pg"), TestDatabase.freePort(), true);
        pg.start();
        pg.ensureDatabase("atlas");
        try (TestServer server = new TestServer(pg.urls("atlas"), java.util.Map.of())) {
            HttpResponse<String> up = server.get("/health");
            assertEquals(200, up.statusCode());
            assertEquals("ok", TestServer.json(up).get("status").asText());
            assertEquals("up", TestServer.json(up).get("database").asText());

            pg.stop();
            long stoppedAt = System.nanoTime();
            int status = server.awaitHealth(503, 10_000);
            long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertEquals(503, status);
            assertTrue(tookMs <= 5_000, "503 after " + tookMs + " ms");
            assertEquals("down", TestServer.json(server.get("/health")).get("database").asText());
            assertEquals(503, server.get("/health").statusCode());

            pg.start();
            assertEquals(200, server.awaitHealth(200, 15_000));
        } finally {
            pg.stop();
        }
    }
}
