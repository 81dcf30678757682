package org.communeatlas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communeatlas.Main;
import org.communeatlas.Services;
import org.communeatlas.cluster.BackgroundProcess;
import org.communeatlas.cluster.HaproxyConfig;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;

/**
 * Tile throughput through HAProxy with one and with two server instances (each its own JVM, tile cache off, over the
 * same database), and straight to one instance without the proxy: what a second instance adds on this machine, and
 * what the proxy costs. All three alternate in the same run.
 */
final class ProxyBench {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private ProxyBench() {
    }

    static void run(AtlasConfig base, String url, Report report) throws Exception {
        Path dir = Files.createDirectories(base.home().resolve("target").resolve("bench").resolve("proxy"));
        DatabaseUrls urls = DatabaseLocator.localUrls(base, url);
        List<String> paths;
        try (Services s = Services.open(base.withDbUrl(urls.app()).withTileCacheMb(0), urls)) {
            paths = TileSets.paths(TileSets.oneLayer(s, "households", 15, 200, 1015));
        }
        int portA = LoadTools.freePort();
        int portB = LoadTools.freePort();
        BackgroundProcess a = new BackgroundProcess(dir, "instance-a", Main.class.getName());
        BackgroundProcess b = new BackgroundProcess(dir, "instance-b", Main.class.getName());
        BackgroundProcess proxyOne = new BackgroundProcess(dir, "haproxy-one", "haproxy");
        BackgroundProcess proxyTwo = new BackgroundProcess(dir, "haproxy-two", "haproxy");
        try {
            Map<String, String> env = Map.of("ATLAS_DB_URL", urls.app(), "ATLAS_TILE_CACHE_MB", "0", "ATLAS_HOME", base.home().toString(),
                    "ATLAS_TRUSTED_PROXIES", "127.0.0.1");
            ProcessHandle startedA = a.startServer(portA, env);
            ProcessHandle startedB = b.startServer(portB, env);
            String direct = "http://127.0.0.1:" + portA;
            a.awaitHealthy(direct, startedA, STARTUP);
            b.awaitHealthy("http://127.0.0.1:" + portB, startedB, STARTUP);
            String one = startProxy(proxyOne, dir, List.of(portA));
            String two = startProxy(proxyTwo, dir, List.of(portA, portB));
            // both JVMs compile the tile path before anything is measured
            LoadTools.wrk(direct, paths, TileBench.CONNECTIONS, TileBench.WARM_SECONDS, dir, "warm-a", "Accept-Encoding", "gzip");
            LoadTools.wrk("http://127.0.0.1:" + portB, paths, TileBench.CONNECTIONS, TileBench.WARM_SECONDS, dir, "warm-b",
                    "Accept-Encoding", "gzip");
            List<Double> straight = new ArrayList<>();
            List<Double> oneInstance = new ArrayList<>();
            List<Double> twoInstances = new ArrayList<>();
            for (int round = 0; round < TileBench.ROUNDS; round++) {
                straight.add(rate(direct, paths, dir));
                oneInstance.add(rate(one, paths, dir));
                twoInstances.add(rate(two, paths, dir));
            }
            report.line("Server instances behind HAProxy: households zoom 15 (200 small tiles), tile cache off, 16 connections, "
                    + "median of " + TileBench.ROUNDS + " alternating rounds; each instance its own JVM, one database, "
                    + Runtime.getRuntime().availableProcessors() + " cores shared by all");
            report.perSecond("  one instance, no proxy (wrk)", TileBench.median(straight), "tiles");
            report.perSecond("  one instance behind HAProxy", TileBench.median(oneInstance), "tiles");
            report.perSecond("  two instances behind HAProxy", TileBench.median(twoInstances), "tiles");
            report.ratio("  HAProxy ÷ no proxy, one instance", TileBench.median(oneInstance) / TileBench.median(straight));
            report.ratio("  two instances ÷ one, behind HAProxy", TileBench.median(twoInstances) / TileBench.median(oneInstance));
        } finally {
            proxyOne.stop(5);
            proxyTwo.stop(5);
            a.stop(30);
            b.stop(30);
        }
    }

    private static double rate(String server, List<String> paths, Path dir) throws IOException {
        return LoadTools.wrk(server, paths, TileBench.CONNECTIONS, TileBench.SECONDS, dir, "tiles", "Accept-Encoding", "gzip").rate();
    }

    private static String startProxy(BackgroundProcess proxy, Path dir, List<Integer> instances) throws IOException, InterruptedException {
        int port = LoadTools.freePort();
        Path cfg = dir.resolve(proxy.name() + ".cfg");
        Files.writeString(cfg, HaproxyConfig.text("127.0.0.1", port, instances), StandardCharsets.UTF_8);
        String base = "http://127.0.0.1:" + port;
        proxy.awaitHealthy(base, proxy.start(List.of(HaproxyConfig.program(), "-db", "-f", cfg.toString()), Map.of()), STARTUP);
        return base;
    }
}
