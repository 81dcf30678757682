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
    public static final int BUFFER = 64;

    /** Fields of the household clusters drawn below zoom 13. */
    public static final List<String> CLUSTER_FIELDS = List.of("count", "people", "safe", "at_risk", "isolated", "evacuated", "supplied");

    /** Below this zoom roads are merged into one line per class and name instead of 300 m edges. */
    public static final int MERGE_ROADS_BELOW_ZOOM = 13;

    private final Layer layer;
    private final String featureSql;
    private final String clusterSql;
    private final String mergedRoadsSql;

    public TileQuery(Layer layer) {
        this.layer = layer;
        this.featureSql = featureSql(layer);
        this.clusterSql = layer.generalisation() == Generalisation.CLUSTER ? clusterSql(layer) : null;
        this.mergedRoadsSql = layer.generalisation() == Generalisation.ROAD_CLASSES ? mergedRoadsSql(layer) : null;
    }

    public Layer layer() {
        return layer;
    }

    /** Whether tiles at this zoom carry clusters rather than features. */
    public boolean clustered(int z) {
        return clusterSql != null && z < Generalisation.CLUSTER_BELOW_ZOOM;
    }

    public String sql(int z) {
        if (clustered(z)) {
            return clusterSql;
        }
        return mergedRoadsSql != null && z < MERGE_ROADS_BELOW_ZOOM ? mergedRoadsSql : featureSql;
    }

    /** Bound values, in the order their placeholders appear in {@link #sql(int)}. */
    public List<Object> params(int z, long x, long y) {
        double width = TileMath.tileWidth(z);
        List<Object> p = new ArrayList<>();
        p.add(layer.id());
        if (clustered(z)) {
            p.add(width / 16);          // cluster cell: 16 × 16 per tile
            p.add(z);
            p.add(x);
            p.add(y);
            return p;
        }
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

    private static String clusterSql(Layer layer) {
        // only points inside the tile itself, so that no household is counted in two tiles
        return "SELECT ST_AsMVT(q, ?, " + EXTENT + ", 'geom') FROM ("
                + "SELECT count(*) AS count, sum(t.members)::bigint AS people, "
                + "count(*) FILTER (WHERE t.status = 'safe') AS safe, count(*) FILTER (WHERE t.status = 'at_risk') AS at_risk, "
                + "count(*) FILTER (WHERE t.status = 'isolated') AS isolated, count(*) FILTER (WHERE t.status = 'evacuated') AS evacuated, "
                + "count(*) FILTER (WHERE t.status = 'supplied') AS supplied, "
                + "ST_AsMVTGeom(ST_Centroid(ST_Collect(" + Layer.GEOM_3857 + ")), e.env, " + EXTENT + ", " + BUFFER + ", true) AS geom "
                + "FROM " + layer.from() + ", (SELECT ?::float8 AS cell) g, (SELECT ST_TileEnvelope(?::integer, ?::integer, ?::integer) AS env) e "
                + "WHERE (" + layer.where() + ") AND " + Layer.GEOM_3857 + " && e.env AND ST_Intersects(" + Layer.GEOM_3857 + ", e.env) "
                + "GROUP BY ST_SnapToGrid(" + Layer.GEOM_3857 + ", g.cell), e.env"
                + ") q WHERE q.geom IS NOT NULL";
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
