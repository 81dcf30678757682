package org.communeatlas.bench;

import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.cql.SqlFragment;
import org.communeatlas.layers.features.FeatureSql;
import org.communeatlas.layers.tiles.TileQuery;

/**
 * Tiles and GeoJSON pages: the same work through HTTP (cache off, cache on) and as plain SQL, each at
 * 16 concurrent connections, in one run.
 */
final class TileBench {

    static final int CONNECTIONS = 16;
    static final int SECONDS = 6;
    static final int ROUNDS = 3;
    static final int TILES = 200;
    static final String[] LAYER_SETS = {"households", "villages", "roads", "communes", "evacuation_points", "flood_zones",
        "communes,villages", "admin_units_2025", "districts", "households,evacuation_points"};

    private record TileRef(List<Layer> layers, String path, int z, long x, long y) {
    }

    static void run(AtlasConfig base, String url, Report report) throws Exception {
        Path dir = Files.createDirectories(base.home().resolve("target").resolve("bench"));
        DatabaseUrls urls = DatabaseLocator.localUrls(base, url);
        try (Services uncached = Services.open(base.withDbUrl(urls.app()).withTileCacheMb(0), urls);
             Services cached = Services.open(base.withDbUrl(urls.app()).withTileCacheMb(256), urls)) {
            Javalin plain = App.create(uncached).start("127.0.0.1", 0);
            Javalin withCache = App.create(cached).start("127.0.0.1", 0);
            try {
                List<TileRef> tiles = tiles(uncached);
                List<String> paths = tiles.stream().map(TileRef::path).toList();
                // pgbench takes at most 128 scripts: two tiles to a script, so tiles/s = 2 × scripts/s
                List<List<SqlFragment>> sql = new ArrayList<>();
                for (int i = 0; i < tiles.size(); i += 2) {
                    List<SqlFragment> tx = new ArrayList<>();
                    for (TileRef t : tiles.subList(i, Math.min(i + 2, tiles.size()))) {
                        for (Layer l : t.layers()) {
                            TileQuery q = uncached.tiles().query(l.id());
                            tx.add(new SqlFragment(q.sql(t.z()), q.params(t.z(), t.x(), t.y())));
                        }
                    }
                    sql.add(tx);
                }
                String plainBase = "http://127.0.0.1:" + plain.port();
                String cachedBase = "http://127.0.0.1:" + withCache.port();
                LoadTools.wrk(plainBase, paths, CONNECTIONS, 3, dir, "warm-plain", "Accept-Encoding", "gzip");
                LoadTools.wrk(cachedBase, paths, CONNECTIONS, 3, dir, "warm-cached", "Accept-Encoding", "gzip");
                // SQL and HTTP in alternating rounds, medians reported: two cores drift during a run
                List<Double> sqlRates = new ArrayList<>();
                List<Double> httpRates = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    sqlRates.add(2 * LoadTools.pgbench(urls.app(), sql, CONNECTIONS, SECONDS, dir, "tile"));
                    httpRates.add(LoadTools.wrk(plainBase, paths, CONNECTIONS, SECONDS, dir, "tiles-plain", "Accept-Encoding", "gzip"));
                }
                double sqlRate = median(sqlRates);
                double httpRate = median(httpRates);
                double cachedRate = LoadTools.wrk(cachedBase, paths, CONNECTIONS, SECONDS, dir, "tiles-cached", "Accept-Encoding", "gzip");
                report.line("Vector tiles: 200 tiles across zooms 8–16 over Tam Kỳ and Phú Ninh, 16 connections, median of "
                        + ROUNDS + " alternating rounds of " + SECONDS + " s");
                report.perSecond("  SQL straight into PostGIS (pgbench)", sqlRate, "tiles");
                report.perSecond("  HTTP, tile cache off (wrk, gzip)", httpRate, "tiles");
                report.perSecond("  HTTP, tile cache on (wrk, gzip)", cachedRate, "tiles");
                report.ratio("  HTTP/SQL (target ≥ 0.9)", httpRate / sqlRate);
                report.ratio("  cached/uncached", cachedRate / httpRate);

                Layer households = uncached.catalog().find("households").orElseThrow();
                FeatureSql features = new FeatureSql(households, FeatureSql.visible(households, Viewer.ANONYMOUS), Viewer.ANONYMOUS);
                List<String> pages = new ArrayList<>();
                List<List<SqlFragment>> pageSql = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    pages.add("/ogc/collections/households/items?limit=10000&offset=" + i * 10_000);
                    pageSql.add(List.of(features.count(SqlFragment.TRUE), features.features(SqlFragment.TRUE, 10_000, i * 10_000)));
                }
                List<Double> pageSqlRates = new ArrayList<>();
                List<Double> pageHttpRates = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    pageSqlRates.add(LoadTools.pgbench(urls.app(), pageSql, CONNECTIONS, SECONDS, dir, "page"));
                    pageHttpRates.add(LoadTools.wrk(plainBase, pages, CONNECTIONS, SECONDS, dir, "pages", "Accept-Encoding", "gzip"));
                }
                double pageSqlRate = median(pageSqlRates);
                double pageHttpRate = median(pageHttpRates);
                report.line("GeoJSON pages of 10,000 households (numberMatched and the page), 16 connections, median of "
                        + ROUNDS + " alternating rounds");
                report.perSecond("  SQL straight into PostGIS (pgbench)", pageSqlRate, "pages");
                report.perSecond("  HTTP (wrk, gzip)", pageHttpRate, "pages");
                report.ratio("  HTTP/SQL (target ≥ 0.9)", pageHttpRate / pageSqlRate);
            } finally {
                plain.stop();
                withCache.stop();
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** A fixed list: 200 tiles across zooms 8–16 over Tam Kỳ and Phú Ninh, the layers in turn. */
    private static List<TileRef> tiles(Services s) {
        SplittableRandom random = new SplittableRandom(42);
        List<TileRef> out = new ArrayList<>();
        for (int i = 0; out.size() < TILES; i++) {
            int z = 8 + i % 9;
            List<Layer> layers = new ArrayList<>();
            for (String id : LAYER_SETS[i % LAYER_SETS.length].split(",")) {
                Layer l = s.catalog().find(id).orElseThrow();
                if (z >= l.minZoom() && z <= l.maxZoom()) {
                    layers.add(l);
                }
            }
            if (layers.isEmpty()) {
                continue;
            }
            long[] t = TileMath.tileOf(108.33 + random.nextDouble() * 0.25, 15.40 + random.nextDouble() * 0.24, z);
            String ids = String.join(",", layers.stream().map(Layer::id).toList());
            out.add(new TileRef(layers, "/tiles/" + ids + "/" + z + "/" + t[0] + "/" + t[1] + ".mvt", z, t[0], t[1]));
        }
        return out;
    }
}
