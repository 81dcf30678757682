package org.communeatlas.layers.tiles;

import java.util.ArrayList;
import java.util.List;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Generalisation;
import org.communeatlas.layers.Layer.Property;

/**
 * The SQL of one layer's vector tile, built once at start-up from the catalog: the tile envelope filters
 * through the spatial index ({@code geom_3857 && envelope}), ST_AsMVTGeom clips to an extent of 4096 with
 * a 64-unit buffer, ST_AsMVT encodes. Only z/x/y and the zoom-derived numbers are bound per request.
 * Generalisation: lines and polygons are simplified to half a screen pixel of the zoom; roads keep only
 * their more important classes at low zoom; households become clusters with counts below zoom 13.
 */
public final class TileQuery {

    public static final int EXTENT = 4096;
    /** A cell of level z is a tile of zoom z + 4: 16 × 16 cells make one tile. */
    private static final int CELL_LEVELS_DOWN = 4;
    private static final int CELLS = 1 << CELL_LEVELS_DOWN;
    public static final int BUFFER = 64;

    /** Fields of the household clusters drawn below zoom 13. */
    public static final List<String> CLUSTER_FIELDS = List.of("count", "people", "safe", "at_risk", "isolated", "evacuated", "supplied");

    /** Below this zoom roads are merged into one line per class and name instead of 300 m edges. */
    public static final int MERGE_ROADS_BELOW_ZOOM = 13;

    /** The SQL a counted tile (a clustered layer from zoom 13) turns into, once its count is known. */
    public enum Branch {
        /** more than {@link Generalisation#DENSE_TILE} points at zooms 13–14: clusters one level deeper */
        CLUSTERS,
        /**
         * the points, by id: without the sort a tile was 14 % cheaper, but its bytes came in the order of whatever plan
         * ran, so two servers (or two runs) tagged the same tile differently and a client revalidating through a proxy
         * downloaded it again
         */
        POINTS
    }

    private final Layer layer;
    private final String featureSql;
    private final String clusterSql;
    private final String countedSql;
    private final String countSql;
    private final String mergedRoadsSql;

    public TileQuery(Layer layer) {
        this.layer = layer;
        this.featureSql = featureSql(layer);
        boolean clusters = layer.generalisation() == Generalisation.CLUSTER;
        this.clusterSql = clusters ? clusterSql(layer.cellTable()) : null;
        this.countSql = clusters ? "SELECT coalesce((SELECT d.households FROM " + layer.cellTable() + " d WHERE d.z = ? AND d.cx = ? AND d.cy = ?), 0)" : null;
        this.countedSql = clusters ? countedSql() : null;
        this.mergedRoadsSql = layer.generalisation() == Generalisation.ROAD_CLASSES ? mergedRoadsSql(layer) : null;
    }

    public Layer layer() {
        return layer;
    }

    /** Whether tiles at this zoom carry clusters rather than features. */
    public boolean clustered(int z) {
        return clusterSql != null && z < Generalisation.CLUSTER_BELOW_ZOOM;
    }

    /** Whether a tile at this zoom picks its SQL by the count of points under it, kept in the cell table. */
    private boolean counted(int z) {
        return clusterSql != null && z >= Generalisation.CLUSTER_BELOW_ZOOM;
    }

    public String sql(int z) {
        if (clustered(z)) {
            return clusterSql;
        }
        if (counted(z)) {
            return countedSql;
        }
        return mergedRoadsSql != null && z < MERGE_ROADS_BELOW_ZOOM ? mergedRoadsSql : featureSql;
    }

    /** Bound values, in the order their placeholders appear in {@link #sql(int)}. */
    public List<Object> params(int z, long x, long y) {
        if (clustered(z)) {
            return clusterParams(z, x, y);
        }
        if (counted(z)) {
            List<Object> p = new ArrayList<>();
            p.add(z <= Generalisation.DENSE_UP_TO_ZOOM);
            p.add(Generalisation.DENSE_TILE);
            p.addAll(clusterParams(z, x, y));
            p.addAll(featureParams(z, x, y));
            p.addAll(countParams(z, x, y));
            return p;
        }
        return featureParams(z, x, y);
    }

    /**
     * The count of points of a tile from zoom 13: one row of the cell table, the tile itself (level z − 4) up to zoom 18,
     * beyond that the zoom-18 tile that holds it (a bound from above).
     */
    public String countSql() {
        return countSql;
    }

    public List<Object> countParams(int z, long x, long y) {
        int level = Math.min(z - CELL_LEVELS_DOWN, Generalisation.DEEPEST_CELL_LEVEL);
        int up = z - CELL_LEVELS_DOWN - level;
        return List.of(level, x >> up, y >> up);
    }

    /** Which SQL a counted tile runs, given its count: what PostgreSQL picks in {@link #sql(int)}. */
    public Branch branch(int z, long count) {
        return z <= Generalisation.DENSE_UP_TO_ZOOM && count > Generalisation.DENSE_TILE ? Branch.CLUSTERS : Branch.POINTS;
    }

    /** The SQL of one branch alone, and its values (the benchmark runs it as the same content straight from SQL). */
    public String branchSql(Branch branch) {
        return branch == Branch.CLUSTERS ? clusterSql : featureSql;
    }

    public List<Object> branchParams(Branch branch, int z, long x, long y) {
        return branch == Branch.CLUSTERS ? clusterParams(z, x, y) : featureParams(z, x, y);
    }

    private List<Object> clusterParams(int z, long x, long y) {
        return List.of(layer.id(), z, x, y, z, x * CELLS, x * CELLS + CELLS - 1, y * CELLS, y * CELLS + CELLS - 1);
    }

    private List<Object> featureParams(int z, long x, long y) {
        double width = TileMath.tileWidth(z);
        List<Object> p = new ArrayList<>();
        p.add(layer.id());
        boolean simplify = layer.generalisation() == Generalisation.SIMPLIFY || layer.generalisation() == Generalisation.ROAD_CLASSES;
        if (simplify) {
            // half a pixel of a 256-pixel tile; full detail at the deepest zoom, which clients overzoom
            p.add(z >= layer.maxZoom() ? 0.0 : width / 512);
        }
        p.add(z);
        p.add(x);
        p.add(y);
        p.add(width * BUFFER / EXTENT);
        if (layer.generalisation() == Generalisation.ROAD_CLASSES) {
            p.add(roadClasses(z));
        }
        return p;
    }

    /** Road classes drawn at a zoom: the network thins out as the map zooms out. */
    static String[] roadClasses(int z) {
        if (z < 9) {
            return new String[] {"national", "provincial"};
        }
        if (z < 11) {
            return new String[] {"national", "provincial", "district"};
        }
        if (z < 13) {
            return new String[] {"national", "provincial", "district", "commune"};
        }
        return new String[] {"national", "provincial", "district", "commune", "village"};
    }

    private static String featureSql(Layer layer) {
        List<String> columns = new ArrayList<>();
        if (layer.tileIdExpr() != null) {
            columns.add(layer.tileIdExpr() + " AS fid");
        }
        for (Property p : layer.publicProperties()) {
            if (p.inTiles()) {
                columns.add(tileValue(p) + " AS " + quote(p.name()));
            }
        }
        boolean simplify = layer.generalisation() == Generalisation.SIMPLIFY || layer.generalisation() == Generalisation.ROAD_CLASSES;
        String geom = simplify ? "ST_Simplify(" + Layer.GEOM_3857 + ", ?, true)" : Layer.GEOM_3857;
        columns.add("ST_AsMVTGeom(" + geom + ", e.env, " + EXTENT + ", " + BUFFER + ", true) AS geom");
        String classFilter = layer.generalisation() == Generalisation.ROAD_CLASSES ? " AND t.road_class = ANY(?)" : "";
        return "SELECT ST_AsMVT(q, ?, " + EXTENT + ", 'geom'" + (layer.tileIdExpr() != null ? ", 'fid'" : "") + ") FROM ("
                + "SELECT " + String.join(", ", columns)
                + " FROM " + layer.from() + ", (SELECT ST_TileEnvelope(?::integer, ?::integer, ?::integer) AS env) e"
                + " WHERE (" + layer.where() + ") AND " + Layer.GEOM_3857 + " && ST_Expand(e.env, ?)" + classFilter
                + " ORDER BY " + layer.idExpr() + " LIMIT " + layer.tileCap()
                + ") q WHERE q.geom IS NOT NULL";
    }

    /** Roads at low zoom: the edges of each class and name merged into lines, then simplified. */
    private static String mergedRoadsSql(Layer layer) {
        return "SELECT ST_AsMVT(q, ?, " + EXTENT + ", 'geom') FROM ("
                + "SELECT t.road_class, t.name, ST_AsMVTGeom(ST_Simplify(ST_LineMerge(ST_Collect(" + Layer.GEOM_3857 + ")), ?, true), "
                + "e.env, " + EXTENT + ", " + BUFFER + ", true) AS geom "
                + "FROM " + layer.from() + ", (SELECT ST_TileEnvelope(?::integer, ?::integer, ?::integer) AS env) e "
                + "WHERE (" + layer.where() + ") AND " + Layer.GEOM_3857 + " && ST_Expand(e.env, ?) AND t.road_class = ANY(?) "
                + "GROUP BY t.road_class, t.name, e.env ORDER BY t.road_class, t.name"
                + ") q WHERE q.geom IS NOT NULL";
    }

    /**
     * Clusters read from the cell table, never from the points: the cells of level z (tiles of zoom z + 4) inside the
     * tile, each drawn at the mean of its households. A tile is 16 × 16 cells, so this reads at most 256 rows however
     * many households lie under it, and no household is counted in two tiles.
     */
    private static String clusterSql(String cellTable) {
        return "SELECT ST_AsMVT(q, ?, " + EXTENT + ", 'geom') FROM ("
                + "SELECT c.households::bigint AS count, c.people::bigint AS people, c.safe::bigint AS safe, c.at_risk::bigint AS at_risk, "
                + "c.isolated::bigint AS isolated, c.evacuated::bigint AS evacuated, c.supplied::bigint AS supplied, "
                + "ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.sum_x / c.households, c.sum_y / c.households), 3857), "
                + "ST_TileEnvelope(?::integer, ?::integer, ?::integer), " + EXTENT + ", " + BUFFER + ", true) AS geom "
                + "FROM " + cellTable + " c WHERE c.z = ? AND c.cx BETWEEN ? AND ? AND c.cy BETWEEN ? AND ? AND c.households > 0"
                + ") q WHERE q.geom IS NOT NULL";
    }

    /**
     * From zoom 13 a clustered layer's tile is its points, unless the cell table says there are more than a phone should
     * download (zooms 13–14): then clusters one level deeper. PostgreSQL runs only the branch it picks.
     */
    private String countedSql() {
        return "SELECT CASE WHEN ? AND n.households > ? THEN (" + clusterSql + ") ELSE (" + featureSql + ") END"
                + " FROM (" + countSql + " AS households) n";
    }

    /** MVT values are strings, numbers and booleans: dates travel as text, decimals as doubles. */
    private static String tileValue(Property p) {
        return switch (p.type()) {
            case DATE, TIMESTAMP -> p.expr() + "::text";
            case NUMBER -> p.expr() + "::float8";
            case INTEGER -> p.expr() + "::bigint";
            default -> p.expr();
        };
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
