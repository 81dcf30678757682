package org.communeatlas.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.communeatlas.Services;
import org.communeatlas.geo.TileMath;
import org.communeatlas.db.Jdbc;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.cql.SqlFragment;
import org.communeatlas.layers.tiles.TileQuery;

/** The fixed lists of tiles the benchmark asks for, as HTTP paths and as the SQL that makes them. */
final class TileSets {

    /** Tam Kỳ and Phú Ninh, where the demo's households are. */
    static final double WEST = 108.33;
    static final double SOUTH = 15.40;
    static final double WIDTH = 0.25;
    static final double HEIGHT = 0.24;

    static final String[] MIXED_LAYERS = {"households", "villages", "roads", "communes", "evacuation_points", "flood_zones",
        "communes,villages", "admin_units_2025", "districts", "households,evacuation_points"};

    private TileSets() {
    }

    /** One tile of one or more layers. */
    record TileRef(List<Layer> layers, int z, long x, long y) {
        String path() {
            return "/tiles/" + String.join(",", layers.stream().map(Layer::id).toList()) + "/" + z + "/" + x + "/" + y + ".mvt";
        }
    }

    /** {@code count} tiles of one layer at one zoom, at random over the households' area (the same ones every run). */
    static List<TileRef> oneLayer(Services s, String layerId, int z, int count, long seed) {
        Layer layer = s.catalog().find(layerId).orElseThrow();
        SplittableRandom random = new SplittableRandom(seed);
        List<TileRef> out = new ArrayList<>();
        while (out.size() < count) {
            long[] t = TileMath.tileOf(WEST + random.nextDouble() * WIDTH, SOUTH + random.nextDouble() * HEIGHT, z);
            out.add(new TileRef(List.of(layer), z, t[0], t[1]));
        }
        return out;
    }

    /** 200 tiles across zooms 8–16, the layers in turn: the heavy tiles a desktop map asks for. */
    static List<TileRef> mixed(Services s) {
        SplittableRandom random = new SplittableRandom(42);
        List<TileRef> out = new ArrayList<>();
        for (int i = 0; out.size() < 200; i++) {
            int z = 8 + i % 9;
            List<Layer> layers = new ArrayList<>();
            for (String id : MIXED_LAYERS[i % MIXED_LAYERS.length].split(",")) {
                Layer l = s.catalog().find(id).orElseThrow();
                if (z >= l.minZoom() && z <= l.maxZoom()) {
                    layers.add(l);
                }
            }
            if (layers.isEmpty()) {
                continue;
            }
            long[] t = TileMath.tileOf(WEST + random.nextDouble() * WIDTH, SOUTH + random.nextDouble() * HEIGHT, z);
            out.add(new TileRef(layers, z, t[0], t[1]));
        }
        return out;
    }

    static List<String> paths(List<TileRef> tiles) {
        return tiles.stream().map(TileRef::path).toList();
    }

    /**
     * The server's own SQL for the tiles, two tiles to a pgbench script (pgbench takes at most 128 scripts). Where the
     * server's statement picks its branch by the tile's count (households from zoom 13), the script runs the branch
     * that count picks, alone: the same content with nothing around it.
     */
    static List<List<SqlFragment>> sameContentSql(Services s, List<TileRef> tiles) throws SQLException {
        List<List<SqlFragment>> scripts = new ArrayList<>();
        try (Connection c = s.database().reader().getConnection()) {
            for (int i = 0; i < tiles.size(); i += 2) {
                List<SqlFragment> script = new ArrayList<>();
                for (TileRef t : tiles.subList(i, Math.min(i + 2, tiles.size()))) {
                    for (Layer l : t.layers()) {
                        TileQuery q = s.tiles().query(l.id());
                        if (q.countSql() != null && !q.clustered(t.z())) {
                            TileQuery.Branch branch = q.branch(t.z(), count(c, q, t));
                            script.add(new SqlFragment(q.branchSql(branch), q.branchParams(branch, t.z(), t.x(), t.y())));
                        } else {
                            script.add(new SqlFragment(q.sql(t.z()), q.params(t.z(), t.x(), t.y())));
                        }
                    }
                }
                scripts.add(script);
            }
        }
        return scripts;
    }

    private static long count(Connection c, TileQuery q, TileRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.countSql())) {
            Jdbc.bind(ps, q.countParams(t.z(), t.x(), t.y()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The same tiles with their geometry alone: the least any tile server could ask of PostGIS. */
    static List<List<SqlFragment>> geometryOnlySql(List<TileRef> tiles) {
        List<List<SqlFragment>> scripts = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i += 2) {
            List<SqlFragment> script = new ArrayList<>();
            for (TileRef t : tiles.subList(i, Math.min(i + 2, tiles.size()))) {
                for (Layer l : t.layers()) {
                    String table = l.from().split("\\s+")[0];
                    double buffer = TileMath.tileWidth(t.z()) * TileQuery.BUFFER / TileQuery.EXTENT;
                    script.add(new SqlFragment("SELECT ST_AsMVT(q, ?, 4096, 'geom') FROM (SELECT ST_AsMVTGeom(t.geom_3857, e.env, 4096, 64, true) "
                            + "AS geom FROM " + table + " t, (SELECT ST_TileEnvelope(?, ?, ?) AS env) e WHERE t.geom_3857 && ST_Expand(e.env, ?)) q",
                            List.of(l.id(), t.z(), t.x(), t.y(), buffer)));
                }
            }
            scripts.add(script);
        }
        return scripts;
    }
}
