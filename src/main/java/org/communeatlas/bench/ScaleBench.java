package org.communeatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.generator.DemoGenerator;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.geo.TileMath;

/**
 * A million households against the demo's 50,000: the same cluster and point tiles one at a time (cache off), the
 * largest household tile of each zoom, and a server started with {@code -Xmx256m} streaming a page of 10,000 and the
 * export of every household. The flood figures at a million follow in {@link FloodBench}.
 */
final class ScaleBench {

    static final int MILLION = 1_000_000;
    private static final int PASSES = 20;
    private static final int WARM_PASSES = 10;

    private ScaleBench() {
    }

    static String run(AtlasConfig config, BenchDatabase db, String demo, Report report) throws Exception {
        String big = db.generated(MILLION, DemoGenerator.Spread.PROVINCE);
        AtlasConfig uncached = config.withTileCacheMb(0);
        try (BenchServer small = BenchServer.start(uncached, demo); BenchServer large = BenchServer.start(uncached, big)) {
            report.line(String.format("A million households (generated over the province) against the demo's %,d; tile cache off, "
                    + "one request at a time, the two in turn, %d passes after %d to warm up", count(demo), PASSES, WARM_PASSES));
            List<String> clusters = clusterTiles();
            Latency[] c = latency(small, large, clusters);
            Latency c50 = c[0];
            Latency c1m = c[1];
            report.millis("  cluster tiles (" + clusters.size() + ", zooms 8–12): median at 50k", c50.median());
            report.millis("                                       at 1M", c1m.median());
            report.ratio("  cluster tiles 1M ÷ 50k, median (target ≤ 1.5)", c1m.median() / c50.median());
            report.millis("  cluster tiles: p99 at 50k", c50.p99());
            report.millis("                 p99 at 1M", c1m.p99());
            report.ratio("  cluster tiles 1M ÷ 50k, p99 (target ≤ 1.5)", c1m.p99() / c50.p99());
            List<String> points = pointTiles();
            Latency[] p = latency(small, large, points);
            Latency p50 = p[0];
            Latency p1m = p[1];
            report.line(String.format("  point tiles (%d, zooms 15–16 over Tam Kỳ): %.1f KB a tile at 50k, %.1f KB at 1M",
                    points.size(), p50.kilobytes() / points.size(), p1m.kilobytes() / points.size()));
            report.millis("  point tiles, ms per 100 KB at 50k", 100 * p50.millisPerPass() / p50.kilobytes());
            report.millis("                                at 1M", 100 * p1m.millisPerPass() / p1m.kilobytes());
            report.ratio("  point tiles 1M ÷ 50k per KB (target ≤ 1.5)", (p1m.millisPerPass() / p1m.kilobytes()) / (p50.millisPerPass() / p50.kilobytes()));
            report.millis("  point tiles, median at 50k", p50.median());
            report.millis("                       at 1M", p1m.median());
            largestTiles(report, large, big);
        }
        smallHeapServer(config, big, report);
        return big;
    }

    /** Every tile of zooms 8–12 over the delta, where both sets have households. */
    static List<String> clusterTiles() {
        List<String> out = new ArrayList<>();
        for (int z = 8; z <= 12; z++) {
            long[] nw = TileMath.tileOf(TileSets.WEST, TileSets.SOUTH + TileSets.HEIGHT, z);
            long[] se = TileMath.tileOf(TileSets.WEST + TileSets.WIDTH, TileSets.SOUTH, z);
            for (long x = nw[0]; x <= se[0]; x++) {
                for (long y = nw[1]; y <= se[1]; y++) {
                    out.add("/tiles/households/" + z + "/" + x + "/" + y + ".mvt");
                }
            }
        }
        return out;
    }

    private static List<String> pointTiles() {
        List<String> out = new ArrayList<>();
        for (int z : new int[] {15, 16}) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(7 + z);
            for (int i = 0; i < 40; i++) {
                long[] t = TileMath.tileOf(TileSets.WEST + random.nextDouble() * TileSets.WIDTH,
                        TileSets.SOUTH + random.nextDouble() * TileSets.HEIGHT, z);
                out.add("/tiles/households/" + z + "/" + t[0] + "/" + t[1] + ".mvt");
            }
        }
        return out;
    }

    record Latency(List<Double> millis, long bytes) {
        double median() {
            return TileBench.median(millis);
        }

        double p99() {
            List<Double> sorted = new ArrayList<>(millis);
            sorted.sort(Double::compare);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        }

        /** Milliseconds of one pass over the paths. */
        double millisPerPass() {
            return millis.stream().mapToDouble(Double::doubleValue).sum() / PASSES;
        }

        /** Kilobytes of one pass. */
        double kilobytes() {
            return bytes / 1024.0;
        }
    }

    /**
     * Each path through both servers, {@link #WARM_PASSES} times to warm up, then {@link #PASSES} passes measured, one
     * request at a time, the two servers in turn for each tile so that whatever else the machine does falls on both.
     */
    private static Latency[] latency(BenchServer small, BenchServer large, List<String> paths) throws Exception {
        for (int pass = 0; pass < WARM_PASSES; pass++) {
            for (String p : paths) {
                get(small.http, small.root + p);
                get(large.http, large.root + p);
            }
        }
        List<Double> smallMillis = new ArrayList<>();
        List<Double> largeMillis = new ArrayList<>();
        long smallBytes = 0;
        long largeBytes = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            smallBytes = 0;
            largeBytes = 0;
            for (String p : paths) {
                long t0 = System.nanoTime();
                smallBytes += get(small.http, small.root + p).length;
                long t1 = System.nanoTime();
                largeBytes += get(large.http, large.root + p).length;
                long t2 = System.nanoTime();
                smallMillis.add((t1 - t0) / 1e6);
                largeMillis.add((t2 - t1) / 1e6);
            }
        }
        return new Latency[] {new Latency(smallMillis, smallBytes), new Latency(largeMillis, largeBytes)};
    }

    /** The densest household tiles of each zoom 8–16 at a million, found from the cell counts, and their sizes. */
    private static void largestTiles(Report report, BenchServer server, String url) throws Exception {
        long largest = 0;
        String where = "";
        StringBuilder perZoom = new StringBuilder();
        for (int z = 8; z <= 16; z++) {
            int level = Math.max(8, z - 4);
            int shift = level + 4 - z;   // a cell of this level is a tile of zoom level + 4
            long zoomLargest = 0;
            for (long[] cell : densestCells(url, level)) {
                String path = "/tiles/households/" + z + "/" + (cell[0] >> shift) + "/" + (cell[1] >> shift) + ".mvt";
                long size = get(server.http, server.root + path).length;
                zoomLargest = Math.max(zoomLargest, size);
                if (size > largest) {
                    largest = size;
                    where = path;
                }
            }
            perZoom.append(perZoom.length() > 0 ? ", " : "").append("z").append(z).append(' ').append(zoomLargest / 1024).append(" KB");
        }
        report.line("  densest household tile of each zoom at 1M: " + perZoom);
        report.line(String.format("  largest household tile at 1M: %.1f KB (%s; target ≤ 250 KB)", largest / 1024.0, where));
    }

    private static List<long[]> densestCells(String url, int level) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             var ps = c.prepareStatement("SELECT cx, cy FROM household_cell WHERE z = ? ORDER BY households DESC LIMIT 3")) {
            ps.setInt(1, level);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return out;
    }

    /** The server as {@code java -Xmx256m -jar}: a page of 10,000, a deep page, and the CSV and GeoJSON of every household. */
    private static void smallHeapServer(AtlasConfig config, String url, Report report) throws Exception {
        DatabaseUrls urls = DatabaseLocator.localUrls(config, url);
        BenchOfficer.create(url);
        int port = LoadTools.freePort();
        Path jar = config.home().resolve("target").resolve("commune-atlas.jar");
        Path log = Files.createDirectories(config.home().resolve("target").resolve("bench")).resolve("xmx256m-server.log");
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        org.communeatlas.db.ChildEnvironment.clean(env);
        env.put("ATLAS_PORT", String.valueOf(port));
        env.put("ATLAS_DB_URL", urls.app());
        urls.owner().ifPresent(o -> env.put("ATLAS_DB_OWNER_URL", o));
        urls.importer().ifPresent(i -> env.put("ATLAS_DB_IMPORT_URL", i));
        env.put("ATLAS_HOME", config.home().toString());
        Process server = pb.start();
        String root = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            waitUntilUp(http, root, server, log);
            String cookie = BenchOfficer.signIn(http, root).cookie();
            report.line("A server started with -Xmx256m over the million (an admin signed in: personal fields included)");
            Path dir = log.getParent();
            for (String path : List.of("/ogc/collections/households/items?limit=10000", "/ogc/collections/households/items?limit=10000&offset=990000",
                    "/api/exports/households.csv", "/api/exports/households.geojson")) {
                Path file = dir.resolve("xmx256m-" + Integer.toHexString(path.hashCode()) + ".out");
                long t0 = System.nanoTime();
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(root + path)).header("Cookie", cookie).build(),
                        HttpResponse.BodyHandlers.ofFile(file));
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + " → " + r.statusCode() + ": " + Files.readString(file));
                }
                long lines = path.endsWith(".csv") ? countLines(file) - 1 : -1;
                report.line(String.format("  %-60s %7.1f s  %,12d bytes%s", path, seconds, Files.size(file),
                        lines >= 0 ? String.format("  %,d rows", lines) : ""));
                Files.delete(file);
            }
            report.line("  the server was still up after them: " + server.isAlive() + " (its log: " + log + ")");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static void waitUntilUp(HttpClient http, String root, Process server, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the -Xmx256m server ended: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(root + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the -Xmx256m server did not start within 2 minutes");
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static long count(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM household")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] get(HttpClient http, String uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 && r.statusCode() != 204) {
            throw new IllegalStateException(uri + " → " + r.statusCode());
        }
        return r.body();
    }
}
