package org.communeatlas.data.generator;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The generator draws in metres on a plane: an equirectangular projection around (108.0 E, 15.6 N), good
 * to about 0.5 % over the province, which is plenty for synthetic geometry. Its inverse is affine, so
 * polygons keep their topology; output coordinates are rounded to 1e-6 degrees (about 0.1 m).
 * StrictMath keeps the constants identical on every machine (same seed, same bytes).
 */
final class LocalProjection {

    static final double LON0 = 108.0;
    static final double LAT0 = 15.6;
    static final double METRES_PER_DEG_LAT = 110_574.0;
    static final double METRES_PER_DEG_LON = 111_320.0 * StrictMath.cos(StrictMath.toRadians(LAT0));

    /** Geometry in metres, snapped to a 1 m grid where precision matters (noding of boundaries). */
    static final GeometryFactory METRES = new GeometryFactory(new PrecisionModel(1.0));
    static final GeometryFactory FLOATING = new GeometryFactory();
    static final GeometryFactory DEGREES = new GeometryFactory(new PrecisionModel(1e6), 4326);

    private LocalProjection() {
    }

    static double x(double lon) {
        return (lon - LON0) * METRES_PER_DEG_LON;
    }

    static double y(double lat) {
        return (lat - LAT0) * METRES_PER_DEG_LAT;
    }

    static Coordinate toMetres(double lon, double lat) {
        return new Coordinate(x(lon), y(lat));
    }

    static double lon(double x) {
        return round6(LON0 + x / METRES_PER_DEG_LON);
    }

    static double lat(double y) {
        return round6(LAT0 + y / METRES_PER_DEG_LAT);
    }

    static double round6(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    /** A copy of a metric geometry in degrees, each coordinate rounded to 1e-6. */
    static Geometry toDegrees(Geometry metric) {
        Geometry copy = DEGREES.createGeometry(metric);
        copy.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            c.x = lon(c.x);
            c.y = lat(c.y);
        });
        copy.geometryChanged();
        return copy;
    }
}
