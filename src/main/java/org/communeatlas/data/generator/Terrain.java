package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * A synthetic terrain (metres above sea level) from which household, road and site elevations and the
 * flood extents all follow, so that they agree with each other:
 * <ul>
 *   <li>a coastal plain rising westward from the sea, then hills and mountains (about 2,500 m at the
 *       western border), with smooth seeded noise;</li>
 *   <li>the Tam Kỳ river's valley: a narrow, steep-sided valley through the city, a wide flat delta
 *       downstream (Tam Phú, Tam Thanh) where fields lie at 1.5–2.6 m; and its tributary the Bàn Thạch
 *       river, a flat valley through Tam Thăng;</li>
 *   <li>a low coastal strip (storm surge country);</li>
 *   <li>each village on a raised mound about a metre above its fields, as villages in the delta are.</li>
 * </ul>
 */
final class Terrain {

    private static final double MOUND_RADIUS = 320.0;
    private static final double CELL = 1_000.0;

    /**
     * A river and the shape of its valley: upstream of {@code deltaFrom} (a fraction of its length) the
     * sides are steep, past {@code deltaTo} the valley is a wide flat delta.
     */
    record River(LineString line, double deltaFrom, double deltaTo) {
    }

    private final LineString coast;
    private final List<River> rivers;
    private final long seed;
    private final Map<Long, List<double[]>> mounds = new HashMap<>();

    Terrain(LineString coast, List<River> rivers, long seed) {
        this.coast = coast;
        this.rivers = List.copyOf(rivers);
        this.seed = seed;
    }

    /** Raises the ground around a village centre by {@code height} metres. */
    void addMound(double x, double y, double height) {
        mounds.computeIfAbsent(cellKey(Math.floorDiv((long) x, (long) CELL), Math.floorDiv((long) y, (long) CELL)),
                k -> new ArrayList<>()).add(new double[] {x, y, height});
    }

    double elevation(double x, double y) {
        Coordinate p = new Coordinate(x, y);
        double dc = distance(coast, p) / 1000.0;
        double plain = 1.0 + 0.55 * dc + 0.02 * dc * dc;
        double mountain = dc > 25 ? 14.0 * StrictMath.pow((dc - 25) / 5.0, 1.7) : 0.0;
        double relief = plain + mountain;
        double noise = fractalNoise(x, y) * (0.3 + 0.22 * Math.max(0, relief - 8));
        double e = relief + noise;

        // river valleys: steep sides upstream (through the city), a wide flat delta downstream
        for (River river : rivers) {
            double dr = distance(river.line(), p) / 1000.0;
            if (dr > 12) {
                continue;
            }
            double along = new LengthIndexedLine(river.line()).project(p) / river.line().getLength();
            double delta = smoothstep(river.deltaFrom(), river.deltaTo(), along);
            double slope = 3.2 + (1.15 - 3.2) * delta;
            double bed = 1.3 - 0.55 * delta;
            e = Math.min(e, bed + slope * dr + 0.15 * fractalNoise(x * 3, y * 3));
        }

        // the low coastal strip
        if (dc < 6) {
            e = Math.min(e, 0.6 + 0.75 * dc);
        }
        return round2(e + mound(x, y));
    }

    /** The lowest ground along a line, sampled every 20 m: a road is cut where it dips under water. */
    double minimumAlong(LineString line) {
        double min = Double.MAX_VALUE;
        LengthIndexedLine index = new LengthIndexedLine(line);
        double length = line.getLength();
        int steps = Math.max(1, (int) Math.ceil(length / 20.0));
        for (int i = 0; i <= steps; i++) {
            Coordinate c = index.extractPoint(length * i / steps);
            min = Math.min(min, elevation(c.x, c.y));
        }
        return min;
    }

    private double mound(double x, double y) {
        long cx = Math.floorDiv((long) x, (long) CELL);
        long cy = Math.floorDiv((long) y, (long) CELL);
        double total = 0;
        for (long i = cx - 1; i <= cx + 1; i++) {
            for (long j = cy - 1; j <= cy + 1; j++) {
                for (double[] m : mounds.getOrDefault(cellKey(i, j), List.of())) {
                    double dx = x - m[0];
                    double dy = y - m[1];
                    double d2 = (dx * dx + dy * dy) / (MOUND_RADIUS * MOUND_RADIUS);
                    if (d2 < 9) {
                        total = Math.max(total, m[2] * StrictMath.exp(-d2));
                    }
                }
            }
        }
        return total;
    }

    /** Smooth value noise in [-1, 1], three octaves (8 km, 2.7 km, 0.9 km). */
    private double fractalNoise(double x, double y) {
        return 0.55 * valueNoise(x / 8_000, y / 8_000, 1) + 0.3 * valueNoise(x / 2_700, y / 2_700, 2)
                + 0.15 * valueNoise(x / 900, y / 900, 3);
    }

    private double valueNoise(double x, double y, int octave) {
        long x0 = (long) Math.floor(x);
        long y0 = (long) Math.floor(y);
        double fx = smooth(x - x0);
        double fy = smooth(y - y0);
        double a = lattice(x0, y0, octave);
        double b = lattice(x0 + 1, y0, octave);
        double c = lattice(x0, y0 + 1, octave);
        double d = lattice(x0 + 1, y0 + 1, octave);
        return (a + (b - a) * fx) + ((c + (d - c) * fx) - (a + (b - a) * fx)) * fy;
    }

    private double lattice(long i, long j, int octave) {
        long h = seed * 0x9E3779B97F4A7C15L + i * 0xC2B2AE3D27D4EB4FL + j * 0x165667B19E3779F9L + octave * 0x27D4EB2F165667C5L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return ((h >>> 11) / (double) (1L << 53)) * 2 - 1;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double smoothstep(double lo, double hi, double v) {
        double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
        return smooth(t);
    }

    private static double distance(LineString line, Coordinate p) {
        return DistanceOp.distance(line, line.getFactory().createPoint(p));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static long cellKey(long i, long j) {
        return i * 1_000_003L + j;
    }
}
