package org.communeatlas.bench;

import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.cql.SqlFragment;
import org.communeatlas.layers.features.FeatureSql;

/**
 * Tiles and GeoJSON pages: the same work through HTTP (cache off, cache on) and as plain SQL, each at 16 concurrent
 * connections, in one run. Small tiles (households at zooms 15 and 16, where the server's own cost per request shows)
 * and heavy tiles (every layer, zooms 8–16) are reported apart, each against the server's own SQL run by pgbench and
 * against the geometry alone; the cached tiles against nginx serving the same bytes as files.
 */
final class TileBench {

    static final int CONNECTIONS = 16;
    static final int SECONDS = 6;
    static final int ROUNDS = 3;
    /** Long enough for the JIT to compile the request path: after 3 s the cached figure was half its warm value, and uncached tiles at zoom 15 took about 50 s of load to stop compiling. */
    static final int WARM_SECONDS = 20;

    private TileBench() {
    }

    static void run(AtlasConfig base, String url, Report report) throws Exception {
        Path dir = Files.createDirectories(base.home().resolve("target").resolve("bench"));
        DatabaseUrls urls = DatabaseLocator.localUrls(base, url);
        try (Services uncached = Services.open(base.withDbUrl(urls.app()).withTileCacheMb(0), urls);
             Services cached = Services.open(base.withDbUrl(urls.app()).withTileCacheMb(256), urls)) {
            Javalin plain = App.create(uncached).start("127.0.0.1", 0);
            Javalin withCache = App.create(cached).start("127.0.0.1", 0);
            String plainBase = "http://127.0.0.1:" + plain.port();
            String cachedBase = "http://127.0.0.1:" + withCache.port();
            try {
                report.line("Vector tiles, 16 connections, median of " + ROUNDS + " alternating rounds of " + SECONDS + " s; "
                        + "SQL by pgbench as the server's role, HTTP by wrk with Accept-Encoding: gzip, tile cache off");
                List<String> everyPath = new ArrayList<>();
                for (int z : new int[] {15, 16}) {
                    List<TileSets.TileRef> tiles = TileSets.oneLayer(uncached, "households", z, 200, 1000 + z);
                    everyPath.addAll(TileSets.paths(tiles));
                    compare(report, "households, zoom " + z + " (small tiles, 200 over Tam Kỳ)", tiles, uncached, urls, plainBase, dir, true);
                }
                List<TileSets.TileRef> mixed = TileSets.mixed(uncached);
                everyPath.addAll(TileSets.paths(mixed));
                compare(report, "every layer, zooms 8–16 (heavy tiles, 200)", mixed, uncached, urls, plainBase, dir, false);
                cachedAgainstNginx(report, everyPath, cachedBase, dir);
                pages(report, uncached, urls, plainBase, dir);
            } finally {
                plain.stop();
                withCache.stop();
            }
        }
    }

    /** One set of tiles: the server's SQL, the geometry alone (small tiles), HTTP with the cache off and its CPU. */
    private static void compare(Report report, String title, List<TileSets.TileRef> tiles, Services s, DatabaseUrls urls, String server,
                                Path dir, boolean geometryBaseline) throws Exception {
        List<String> paths = TileSets.paths(tiles);
        List<List<SqlFragment>> sameContent = TileSets.sameContentSql(s, tiles);
        List<List<SqlFragment>> geometryOnly = geometryBaseline ? TileSets.geometryOnlySql(tiles) : List.of();
        LoadTools.wrk(server, paths, CONNECTIONS, WARM_SECONDS, dir, "warm", "Accept-Encoding", "gzip");
        List<Double> sql = new ArrayList<>();
        List<Double> geometry = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        CpuMeter meter = new CpuMeter();
        for (int round = 0; round < ROUNDS; round++) {
            // two tiles to a pgbench script: tiles/s = 2 × scripts/s
            sql.add(2 * LoadTools.pgbench(urls.app(), sameContent, CONNECTIONS, SECONDS, dir, "tile"));
            if (geometryBaseline) {
                geometry.add(2 * LoadTools.pgbench(urls.app(), geometryOnly, CONNECTIONS, SECONDS, dir, "geometry"));
            }
            meter.start();
            LoadTools.Wrk w = LoadTools.wrk(server, paths, CONNECTIONS, SECONDS, dir, "tiles", "Accept-Encoding", "gzip");
            cpu.add(meter.microsPer(w.requests()));
            http.add(w.rate());
        }
        report.line("  " + title);
        report.perSecond("    SQL of the same content (pgbench)", median(sql), "tiles");
        if (geometryBaseline) {
            report.perSecond("    SQL of the geometry alone (pgbench)", median(geometry), "tiles");
        }
        report.perSecond("    HTTP, cache off (wrk)", median(http), "tiles");
        report.ratio("    HTTP ÷ same-content SQL (target ≥ 0.9)", median(http) / median(sql));
        if (geometryBaseline) {
            report.ratio("    HTTP ÷ geometry-only SQL", median(http) / median(geometry));
        }
        report.micros("    server CPU per tile", median(cpu));
    }

    /** The server's cache against nginx serving the same bytes as files: same wrk, same connections, no compression. */
    private static void cachedAgainstNginx(Report report, List<String> paths, String server, Path dir) throws Exception {
        LoadTools.wrk(server, paths, CONNECTIONS, WARM_SECONDS, dir, "warm-cached");
        CpuMeter meter = new CpuMeter();
        meter.start();
        LoadTools.Wrk cached = LoadTools.wrk(server, paths, CONNECTIONS, SECONDS, dir, "tiles-cached");
        double cpu = meter.microsPer(cached.requests());
        report.line("  cached tiles (the " + paths.size() + " above, uncompressed), against nginx serving the same bytes as files");
        report.perSecond("    HTTP, tile cache on (wrk)", cached.rate(), "tiles");
        report.micros("    server CPU per tile", cpu);
        if (!NginxBaseline.available()) {
            report.line("    nginx is not installed (scripts/install-deps.sh installs it): no baseline");
            return;
        }
        try (NginxBaseline nginx = NginxBaseline.serving(server, paths, dir)) {
            LoadTools.wrk(nginx.base, paths, CONNECTIONS, 3, dir, "warm-nginx");
            double files = LoadTools.wrk(nginx.base, paths, CONNECTIONS, SECONDS, dir, "tiles-nginx").rate();
            report.perSecond("    nginx, static files (wrk)", files, "tiles");
            report.ratio("    cached ÷ nginx (target ≥ 0.5)", cached.rate() / files);
        }
    }

    private static void pages(Report report, Services s, DatabaseUrls urls, String server, Path dir) throws Exception {
        Layer households = s.catalog().find("households").orElseThrow();
        FeatureSql features = new FeatureSql(households, FeatureSql.visible(households, Viewer.ANONYMOUS), Viewer.ANONYMOUS);
        List<String> pages = new ArrayList<>();
        List<List<SqlFragment>> pageSql = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pages.add("/ogc/collections/households/items?limit=10000&offset=" + i * 10_000);
            pageSql.add(List.of(features.count(SqlFragment.TRUE), features.features(SqlFragment.TRUE, 10_000, i * 10_000)));
        }
        List<Double> sql = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            sql.add(LoadTools.pgbench(urls.app(), pageSql, CONNECTIONS, SECONDS, dir, "page"));
            http.add(LoadTools.wrk(server, pages, CONNECTIONS, SECONDS, dir, "pages", "Accept-Encoding", "gzip").rate());
        }
        report.line("GeoJSON pages of 10,000 households (numberMatched and the page), 16 connections, median of "
                + ROUNDS + " alternating rounds");
        report.perSecond("  SQL straight into PostGIS (pgbench)", median(sql), "pages");
        report.perSecond("  HTTP (wrk, gzip)", median(http), "pages");
        report.ratio("  HTTP/SQL (target ≥ 0.9)", median(http) / median(sql));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
