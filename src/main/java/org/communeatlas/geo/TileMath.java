package org.communeatlas.geo;

/** Web Mercator (WebMercatorQuad) tile arithmetic. */
public final class TileMath {

    /** The tile grid covers the world up to this zoom. */
    public static final int MAX_ZOOM = 22;
    /** Width of the world in EPSG:3857 metres. */
    public static final double WORLD = 2 * 20_037_508.342789244;

    private TileMath() {
    }

    /** Web Mercator (EPSG:3857) easting of a longitude, in metres. */
    public static double mercatorX(double lon) {
        return WORLD / 2 * lon / 180;
    }

    /** Web Mercator northing of a latitude, in metres. */
    public static double mercatorY(double lat) {
        return WORLD / 2 / Math.PI * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
    }

    /** Width of a tile in metres at zoom z. */
    public static double tileWidth(int z) {
        return WORLD / (1L << z);
    }

    public static boolean inRange(int z, long x, long y) {
        long n = 1L << z;
        return z >= 0 && z <= MAX_ZOOM && x >= 0 && y >= 0 && x < n && y < n;
    }

    /** [west, south, east, north] of a tile in degrees. */
    public static double[] bounds(int z, long x, long y) {
        double n = 1L << z;
        return new double[] {x / n * 360.0 - 180, lat(y + 1, n), (x + 1) / n * 360.0 - 180, lat(y, n)};
    }

    private static double lat(double y, double n) {
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))));
    }

    /** The tile containing a point. */
    public static long[] tileOf(double lon, double lat, int z) {
        double n = 1L << z;
        long x = (long) Math.floor((lon + 180) / 360 * n);
        double r = Math.toRadians(lat);
        long y = (long) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
        return new long[] {Math.max(0, Math.min((long) n - 1, x)), Math.max(0, Math.min((long) n - 1, y))};
    }
}
