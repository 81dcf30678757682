package org.communeatlas.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.communeatlas.Main;
import org.communeatlas.Services;
import org.communeatlas.cluster.BackgroundProcess;
import org.communeatlas.cluster.HaproxyConfig;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;

/**
 * A day at a flood's peak, compressed ({@code make bench PARTS=surge}; {@code ATLAS_SURGE_MINUTES}, 20 by default): one
 * server (its own JVM) over a copy of the demo database, with 1,000 live-map listeners, cached and uncached tiles,
 * check-ins at 20 a second with a burst of 256 families into one school every two minutes, public calls for help at
 * 50 a second from 4,096 addresses through HAProxy, the situation board, a re-plan every minute, exports — and the
 * database restarted in the middle. It prints each route's p50/p99 and answers, 5xx other than a 503 while the database
 * restarted, acknowledged writes missing afterwards, and the server's heap after GC, threads and pool connections
 * before and after (each read in quiet, a minute after load), and the classes that grew most between the two.
 */
final class SurgeBench {

    private static final String DATABASE = "atlas_bench_surge";
    private static final int LISTENERS = 1000;
    private static final int TILE_CACHE_MB = 32;
    private static final Duration WARM_UP = Duration.ofSeconds(150);
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration QUIET = Duration.ofSeconds(75); // longer than Jetty's idle thread timeout (60 s)

    private SurgeBench() {
    }

    static void run(AtlasConfig base, BenchDatabase databases, Report report) throws Exception {
        int minutes = Integer.parseInt(System.getenv().getOrDefault("ATLAS_SURGE_MINUTES", "20"));
        String url = databases.demoCopy(DATABASE);
        Path dir = Files.createDirectories(base.home().resolve("target").resolve("bench").resolve("surge"));
        DatabaseUrls urls = DatabaseLocator.localUrls(base, url);
        SurgeData data = SurgeData.prepare(url);
        List<String> cached;
        List<String> uncached;
        try (Services s = Services.open(base.withDbUrl(urls.app()), urls)) {
            cached = TileSets.paths(TileSets.oneLayer(s, "households", 15, 200, 1015));
            uncached = new ArrayList<>(TileSets.paths(TileSets.oneLayer(s, "households", 16, 20 * 60 * (minutes + 2), 2712)));
        }
        BenchOfficer.create(url);
        BackgroundProcess server = new BackgroundProcess(dir, "server", Main.class.getName());
        BackgroundProcess proxy = new BackgroundProcess(dir, "haproxy", "haproxy");
        int port = LoadTools.freePort();
        String root = "http://127.0.0.1:" + port;
        try (SurgeLoad load = new SurgeLoad(); SseListeners listeners = new SseListeners(load.http)) {
            ProcessHandle handle = server.startServer(port, Map.of("ATLAS_DB_URL", urls.app(), "ATLAS_HOME", base.home().toString(),
                    "ATLAS_TRUSTED_PROXIES", "127.0.0.1", "ATLAS_TILE_CACHE_MB", Integer.toString(TILE_CACHE_MB)));
            server.awaitHealthy(root, handle, STARTUP);
            int proxyPort = LoadTools.freePort();
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, HaproxyConfig.text("127.0.0.1", proxyPort, List.of(port)), StandardCharsets.UTF_8);
            String edge = "http://127.0.0.1:" + proxyPort;
            proxy.awaitHealthy(edge, proxy.start(List.of(HaproxyConfig.program(), "-db", "-f", cfg.toString()), Map.of()), STARTUP);
            BenchOfficer.Session admin = BenchOfficer.signIn(load.http, root);
            listeners.open(root, LISTENERS);

            Writes writes = new Writes();
            schedule(load, root, edge, admin, data, cached, uncached, writes);
            // warm-up: the same mix, not recorded, crowd included (the first comes at two minutes): the JIT compiles, and
            // the server's buffers reach the size this load needs before the heap is first read
            Thread.sleep(WARM_UP.toMillis());
            ServerProbe.Reading before = quietReading(load, handle, root, admin, false);
            load.record(true);
            long started = System.nanoTime();
            Thread.sleep(minutes * 30_000L);
            load.databaseRestarting();
            long down = System.nanoTime();
            databases.restart();
            load.databaseBack();
            double restartSeconds = (System.nanoTime() - down) / 1e9;
            Thread.sleep(Math.max(0, started + minutes * 60_000_000_000L - System.nanoTime()) / 1_000_000);
            load.drain(Duration.ofMinutes(2));
            double ranMinutes = (System.nanoTime() - started) / 60e9;
            ServerProbe.Reading after = quietReading(load, handle, root, admin, true);
            long events = listeners.lines();
            int streamsOpen = listeners.open();
            listeners.close();
            Lost lost = lost(url, data.flood, writes);

            report.line(String.format(Locale.ROOT, "A flood's peak, compressed: %.1f minutes of mixed load (after %d s of warm-up), the database "
                    + "restarted in the middle (down and back in %.1f s); one server, %d cores shared with PostgreSQL, HAProxy and the load",
                    ranMinutes, WARM_UP.toSeconds(), restartSeconds, Runtime.getRuntime().availableProcessors()));
            int unexpected = 0;
            int unanswered = 0;
            for (Map.Entry<String, SurgeLoad.Route> route : load.routes().entrySet()) {
                report.line(String.format("  %-28s %s", route.getKey(), route.getValue().summary()));
                unexpected += route.getValue().unexpected5xx();
                unanswered += route.getValue().failedCount();
            }
            report.line(String.format("  live-map listeners: %,d connected, %,d still open at the end, %,d event lines received", LISTENERS, streamsOpen, events));
            report.line("  5xx other than 503 while the database restarted: " + unexpected + "; requests without an answer: " + unanswered);
            report.line(String.format("  acknowledged writes missing: %d of %,d check-ins, %d of %,d calls for help, %d of %,d plans",
                    lost.checkIns, writes.checkIns.size(), lost.calls, writes.calls.size(), lost.plans, writes.plans.get()));
            report.line("  before: " + before);
            report.line("  after:  " + after);
            report.line(String.format(Locale.ROOT, "  heap after GC, after ÷ before: %.3f; less the tile cache (bounded, %d MB): %.3f (goal within 10 %%); "
                    + "threads %+d, pool connections %+d (in use %d → %d)", after.heapMb() / before.heapMb(), TILE_CACHE_MB,
                    after.heapLessCacheMb() / before.heapLessCacheMb(), after.threads() - before.threads(), after.connections() - before.connections(),
                    before.active(), after.active()));
            report.line("  grown most: " + after.grownSince(before, 8));
        } finally {
            proxy.stop(5);
            server.stop(30);
            databases.drop(DATABASE);
        }
    }

    /** Stops recording, lets the server settle past its idle timeouts, and reads it. */
    private static ServerProbe.Reading quietReading(SurgeLoad load, ProcessHandle handle, String root, BenchOfficer.Session admin, boolean ended)
            throws Exception {
        if (!ended) {
            load.pause(true);
        }
        Thread.sleep(QUIET.toMillis());
        ServerProbe.Reading reading = ServerProbe.read(handle, load.http, root, admin);
        if (!ended) {
            load.pause(false);
        }
        return reading;
    }

    /** What the server said it kept: the check-ins answered 200, the calls answered 201, the plans answered 201. */
    static final class Writes {
        final ConcurrentLinkedQueue<long[]> checkIns = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
        final AtomicInteger plans = new AtomicInteger();
    }

    private record Lost(int checkIns, int calls, int plans) {
    }

    private static void schedule(SurgeLoad load, String root, String edge, BenchOfficer.Session admin, SurgeData data, List<String> cached,
                                 List<String> uncached, Writes writes) {
        SplittableRandom seed = new SplittableRandom(20251029);
        AtomicInteger nextTile = new AtomicInteger();
        AtomicInteger nextFamily = new AtomicInteger();
        AtomicLong tick = new AtomicLong();
        // tiles: 40 a second from a cached set, 10 never asked before
        load.every(Duration.ofMillis(100), () -> {
            for (int i = 0; i < 4; i++) {
                load.send("tile, cached", get(root, cached.get(Math.floorMod(nextTile.getAndIncrement(), cached.size())), "Accept-Encoding", "gzip"), null);
            }
            load.send("tile, uncached", get(root, uncached.get(Math.floorMod(nextTile.get(), uncached.size())), "Accept-Encoding", "gzip"), null);
        });
        // check-ins: 20 a second at sites of the family's commune; every two minutes 256 families into one school at once
        load.every(Duration.ofMillis(50), () -> {
            checkIn(load, root, admin, data, data.next(nextFamily), data.siteFor(tick.get()), writes, "check-in");
            if (tick.incrementAndGet() % 2400 == 0) {
                int site = data.burstSite();
                for (int i = 0; i < 256; i++) {
                    checkIn(load, root, admin, data, data.next(nextFamily), site, writes, "check-in, burst of 256");
                }
            }
        });
        // public calls for help: 50 a second through the proxy, from 4,096 addresses (phones reach the internet through
        // their carriers' shared addresses); anonymous, so without an Idempotency-Key (one is for signed-in users)
        load.every(Duration.ofMillis(20), () -> {
            SplittableRandom r;
            synchronized (seed) {
                r = seed.split();
            }
            double[] at = data.somewhere(r);
            String body = String.format(Locale.ROOT, "{\"lon\": %.6f, \"lat\": %.6f, \"phone\": \"09%08d\", \"people\": %d, \"needs\": \"nước uống\"}",
                    at[0], at[1], r.nextInt(100_000_000), 1 + r.nextInt(8));
            int address = r.nextInt(4096);
            load.send("public SOS (proxy)", write("POST", edge, "/api/sos", body, null, "X-Forwarded-For", "10.20." + (address >> 8) + "." + (address & 255)), a -> {
                if (a.statusCode() == 201) {
                    String location = a.headers().firstValue("Location").orElse("");
                    writes.calls.add(location.substring(location.lastIndexOf('/') + 1));
                }
            });
        });
        // the committee's screens: the situation board twice a second, a re-plan every minute, an export every 30 s
        load.every(Duration.ofMillis(500), () -> load.send("situation board", get(root, "/api/floods/" + data.flood + "/situation"), null));
        load.every(Duration.ofMinutes(1), () -> load.send("re-plan", write("POST", root, "/api/floods/" + data.flood + "/plan", "{}", admin,
                "Idempotency-Key", UUID.randomUUID().toString()), a -> {
                    if (a.statusCode() == 201) {
                        writes.plans.incrementAndGet();
                    }
                }));
        load.every(Duration.ofSeconds(30), () -> load.send("export, households CSV", get(root, "/api/exports/households.csv", "Cookie", admin.cookie()), null));
    }

    private static void checkIn(SurgeLoad load, String root, BenchOfficer.Session admin, SurgeData data, long household, int site, Writes writes,
                                String route) {
        if (household < 0) {
            return;
        }
        load.send(route, write("PATCH", root, "/api/households/" + household, "{\"status\": \"evacuated\", \"site_id\": " + site + "}", admin), a -> {
                    if (a.statusCode() == 200) {
                        writes.checkIns.add(new long[] {household, site});
                    }
                });
    }

    private static HttpRequest get(String root, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60));
        return (headers.length > 0 ? b.headers(headers) : b).GET().build();
    }

    /** A JSON write, signed in when {@code session} is given (anonymous otherwise). */
    private static HttpRequest write(String method, String root, String path, String json, BenchOfficer.Session session, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (session != null) {
            b.header("Cookie", session.cookie()).header("X-CSRF-Token", session.csrf()).header("Origin", root);
        }
        return b.method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static Lost lost(String url, int flood, Writes writes) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            int checkIns = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM unnest(?::bigint[], ?::int[]) AS w (household, site) "
                    + "LEFT JOIN household h ON h.id = w.household AND h.site_id = w.site WHERE h.id IS NULL")) {
                List<long[]> kept = new ArrayList<>(writes.checkIns);
                ps.setArray(1, c.createArrayOf("bigint", kept.stream().map(w -> w[0]).toArray()));
                ps.setArray(2, c.createArrayOf("integer", kept.stream().map(w -> (int) w[1]).toArray()));
                checkIns = count(ps);
            }
            int calls;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM unnest(?::text[]) AS w (reference) "
                    + "WHERE NOT EXISTS (SELECT 1 FROM sos_request s WHERE s.reference = w.reference)")) {
                ps.setArray(1, c.createArrayOf("text", writes.calls.toArray()));
                calls = count(ps);
            }
            int plans;
            try (PreparedStatement ps = c.prepareStatement("SELECT greatest(0, ? - count(*)) FROM evacuation_plan WHERE flood_id = ?")) {
                ps.setInt(1, writes.plans.get());
                ps.setInt(2, flood);
                plans = count(ps);
            }
            return new Lost(checkIns, calls, plans);
        }
    }

    private static int count(PreparedStatement ps) throws Exception {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
