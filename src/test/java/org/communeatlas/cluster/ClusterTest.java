package org.communeatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.EventStream;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@code commune-atlas cluster up} as an operator runs it: a primary, a streaming standby, two server instances and
 * HAProxy. Reads reach the standby; a household changed through instance A changes the tile instance B had cached and
 * reaches B's live map, while the standby lags behind (its replay paused); the user who wrote reads their write through
 * B; with the standby stopped every request is served from the primary.
 */
class ClusterTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String DB = "atlas";

    @Test
    void twoInstancesBehindTheProxyReadFromTheStandbyAndStayConsistent() throws Exception {
        Path base = Path.of("target", "cluster-test");
        ClusterPorts ports = new ClusterPorts(TestDatabase.freePort(), TestDatabase.freePort(), TestDatabase.freePort(),
                TestDatabase.freePort(), TestDatabase.freePort());
        AtlasConfig config = AtlasConfig.fromEnvironment(Map.of()).withTileCacheMb(64);
        // whatever an interrupted run left (its processes found by their pid files), then a new cluster
        new LocalCluster(config, base, ports, true, org.communeatlas.Main.class.getName()).down();
        deleteRecursively(base);
        LocalCluster cluster = new LocalCluster(config, base, ports, true, org.communeatlas.Main.class.getName());
        try {
            cluster.up();
            String primary = cluster.primary().jdbcUrl(DB);
            String standby = cluster.standby().jdbcUrl(DB);
            Accounts.create(primary, "cluster_admin", Viewer.Role.ADMIN);

            // a household on a tile instance B has cached
            List<Object> household = Sql.rows(primary, "SELECT id, ST_X(geom), ST_Y(geom) FROM household WHERE status = 'safe' "
                    + "ORDER BY id LIMIT 1").get(0);
            long id = ((Number) household.get(0)).longValue();
            double lon = ((Number) household.get(1)).doubleValue();
            double lat = ((Number) household.get(2)).doubleValue();
            String tile = tilePath("households", 15, lon, lat);

            // reads go to the standby: its pg_stat_activity shows the server's connections and the tile SQL they ran
            assertEquals(200, get(cluster.base() + "/ogc/collections/villages/items?limit=5").statusCode());
            for (int z = 10; z <= 13; z++) {
                assertEquals(200, get(cluster.base() + tilePath("villages", z, lon, lat)).statusCode());
            }
            long onStandby = Sql.count(standby, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'commune-atlas' "
                    + "AND query ILIKE '%ST_AsMVT%'");
            assertTrue(onStandby > 0, "the standby ran the tile queries");
            assertEquals(true, Sql.scalar(standby, "SELECT pg_is_in_recovery()"));

            String b = cluster.instanceBase('b');
            byte[] before = getBytes(b + tile);
            assertTrue(Arrays.equals(before, getBytes(b + tile)), "B answers the same tile twice");

            HttpResponse<String> signIn = send("POST", cluster.instanceBase('a') + "/api/session",
                    "{\"username\":\"cluster_admin\",\"password\":\"" + Accounts.PASSWORD + "\"}", "Content-Type", "application/json");
            assertEquals(200, signIn.statusCode(), signIn.body());
            String session = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String csrf = JsonCodec.MAPPER.readTree(signIn.body()).get("csrf").asText();

            try (EventStream mapOnB = new EventStream(b, "Cookie", session)) {
                // the standby stops replaying: from now on it lags behind the primary
                Sql.scalar(standby, "SELECT pg_wal_replay_pause()::text");
                HttpResponse<String> patch = send("PATCH", cluster.instanceBase('a') + "/api/households/" + id, "{\"status\":\"at_risk\"}",
                        "Content-Type", "application/json", "Cookie", session, "X-CSRF-Token", csrf, "Origin", cluster.instanceBase('a'));
                assertEquals(200, patch.statusCode(), patch.body());
                long written = System.nanoTime();
                String position = patch.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("atlas_lsn="))
                        .map(c -> c.split(";")[0]).findFirst().orElse(null);
                assertNotNull(position, "a write answers its WAL position");

                EventStream.Event heard = mapOnB.await(e -> e.name().equals("household") && e.data().contains("\"at_risk\""), Duration.ofSeconds(1));
                assertNotNull(heard, "B's live map heard the change made through A within a second");
                System.out.printf("household event reached B after %d ms%n", (System.nanoTime() - written) / 1_000_000);
                assertEquals("safe", Sql.scalar(standby, "SELECT status FROM household WHERE id = ?", id), "the standby is behind");

                byte[] after = awaitChanged(b + tile, before, Duration.ofSeconds(2));
                assertFalse(Arrays.equals(before, after), "B's cached tile shows the change although the standby has not replayed it");

                // the writer's next read, through the other instance, shows the write
                HttpResponse<String> own = get(b + "/ogc/collections/households/items/" + id, "Cookie", session + "; " + position);
                assertEquals(200, own.statusCode(), own.body());
                assertEquals("at_risk", JsonCodec.MAPPER.readTree(own.body()).at("/properties/status").asText());

                // the watch looks twice a second: within a second /health shows the standby behind
                JsonNode health = JsonCodec.MAPPER.readTree(get(b + "/health").body());
                for (long until = System.nanoTime() + 2_000_000_000L; health.at("/replica/lagBytes").asLong() == 0 && System.nanoTime() < until; ) {
                    Thread.sleep(100);
                    health = JsonCodec.MAPPER.readTree(get(b + "/health").body());
                }
                assertEquals("up", health.at("/replica/status").asText(), health.toString());
                assertTrue(health.at("/replica/lagBytes").asLong() > 0, "the lag shows: " + health);
            } finally {
                Sql.scalar(standby, "SELECT pg_wal_replay_resume()::text");
            }

            // the standby stopped: every request works from the primary
            cluster.standby().stop();
            List<String> paths = new ArrayList<>(List.of("/ogc/collections/villages/items?limit=20", "/api/models", "/api/search?q=Tam",
                    "/api/coverage?model=1", "/ogc/collections/households/items?limit=10"));
            for (int z = 14; z <= 16; z++) {
                paths.add(tilePath("villages", z, lon, lat));
                paths.add(tilePath("households", z, lon, lat));
                paths.add(tilePath("evacuation_points", z, lon, lat));
            }
            List<String> failed = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String p : paths) {
                    int status = get(cluster.base() + p).statusCode();
                    if (status != 200) {
                        failed.add(status + " " + p);
                    }
                }
            }
            assertEquals(List.of(), failed, "requests with the standby stopped");
            JsonNode health = JsonCodec.MAPPER.readTree(get(cluster.base() + "/health").body());
            assertEquals("ok", health.get("status").asText());
            assertEquals("down", health.at("/replica/status").asText(), health.toString());
        } finally {
            cluster.down();
        }
    }

    private static String tilePath(String layer, int z, double lon, double lat) {
        double n = Math.pow(2, z);
        int x = (int) Math.floor((lon + 180) / 360 * n);
        double rad = Math.toRadians(lat);
        int y = (int) Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n);
        return "/tiles/" + layer + "/" + z + "/" + x + "/" + y + ".mvt";
    }

    private static byte[] awaitChanged(String url, byte[] before, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] now = getBytes(url);
        while (Arrays.equals(before, now) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = getBytes(url);
        }
        return now;
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        return send("GET", url, null, headers);
    }

    private static byte[] getBytes(String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    private static HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
