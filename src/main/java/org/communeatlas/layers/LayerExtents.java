package org.communeatlas.layers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** The bounding box of each layer's data, recomputed only when the layer's data version moves. */
public final class LayerExtents {

    private record Entry(String version, double[] bbox) {
    }

    private final DataSource reader;
    private final DataVersions versions;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public LayerExtents(DataSource reader, DataVersions versions) {
        this.reader = reader;
        this.versions = versions;
    }

    /** [west, south, east, north] in degrees, or null for an empty layer. */
    public double[] of(Layer layer) {
        String version = versions.of(layer);
        Entry e = cache.get(layer.id());
        if (e != null && e.version().equals(version)) {
            return e.bbox();
        }
        double[] bbox = compute(layer);
        cache.put(layer.id(), new Entry(version, bbox));
        return bbox;
    }

    /** The layer's bounding box, or the whole Web Mercator world for an empty layer (as its TileJSON says). */
    public double[] boundsOrWorld(Layer layer) {
        double[] b = of(layer);
        return b != null ? b : new double[] {-180, -85.0511, 180, 85.0511};
    }

    private double[] compute(Layer layer) {
        String sql = "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(" + Layer.GEOM + ") AS b FROM "
                + layer.from() + " WHERE " + layer.where() + ") x";
        try (Connection c = reader.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            if (rs.getObject(1) == null) {
                return null;
            }
            return new double[] {round(rs.getDouble(1)), round(rs.getDouble(2)), round(rs.getDouble(3)), round(rs.getDouble(4))};
        } catch (SQLException e) {
            throw new IllegalStateException("extent of " + layer.id() + ": " + e.getMessage(), e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
