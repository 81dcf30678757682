package org.communeatlas.floods.routing;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A bucket grid over some of a network's nodes, answering "the nearest of them within d metres" for a
 * household standing in the water. Distances are on a local equirectangular plane (error well under 1% across
 * a province); the grid holds only the nodes the predicate accepts (e.g. those with a dry road to a site).
 */
public final class NodeGrid {

    private static final double EARTH_M_PER_DEGREE = 111_320.0;

    private final RoadGraph graph;
    private final double cell;          // metres
    private final double cosLat;
    private final double minX;
    private final double minY;
    private final int cols;
    private final int rows;
    private final int[] start;          // cell → first slot
    private final int[] nodes;          // slots

    public NodeGrid(RoadGraph graph, IntPredicate include, double cellM) {
        this.graph = graph;
        this.cell = cellM;
        int n = graph.nodeCount();
        double latSum = 0, x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        int count = 0;
        for (int v = 0; v < n; v++) {
            if (include.test(v)) {
                latSum += graph.lat(v);
                count++;
            }
        }
        cosLat = Math.cos(Math.toRadians(count == 0 ? 0 : latSum / count));
        for (int v = 0; v < n; v++) {
            if (include.test(v)) {
                x0 = Math.min(x0, x(v));
                y0 = Math.min(y0, y(v));
                x1 = Math.max(x1, x(v));
                y1 = Math.max(y1, y(v));
            }
        }
        minX = count == 0 ? 0 : x0;
        minY = count == 0 ? 0 : y0;
        cols = count == 0 ? 1 : (int) ((x1 - x0) / cell) + 1;
        rows = count == 0 ? 1 : (int) ((y1 - y0) / cell) + 1;
        start = new int[cols * rows + 1];
        int[] cellOf = new int[n];
        Arrays.fill(cellOf, -1);
        for (int v = 0; v < n; v++) {
            if (include.test(v)) {
                cellOf[v] = cellIndex(x(v), y(v));
                start[cellOf[v] + 1]++;
            }
        }
        for (int i = 0; i < cols * rows; i++) {
            start[i + 1] += start[i];
        }
        nodes = new int[count];
        int[] fill = Arrays.copyOf(start, cols * rows);
        for (int v = 0; v < n; v++) {
            if (cellOf[v] >= 0) {
                nodes[fill[cellOf[v]]++] = v;
            }
        }
    }

    private double x(int v) {
        return graph.lon(v) * EARTH_M_PER_DEGREE * cosLat;
    }

    private double y(int v) {
        return graph.lat(v) * EARTH_M_PER_DEGREE;
    }

    private int cellIndex(double x, double y) {
        int c = Math.min(Math.max((int) ((x - minX) / cell), 0), cols - 1);
        int r = Math.min(Math.max((int) ((y - minY) / cell), 0), rows - 1);
        return r * cols + c;
    }

    /** The nearest node within {@code maxM} metres of a point, as {node, metres}, or null. */
    public double[] nearest(double lon, double lat, double maxM) {
        if (nodes.length == 0) {
            return null;
        }
        double px = lon * EARTH_M_PER_DEGREE * cosLat;
        double py = lat * EARTH_M_PER_DEGREE;
        int c0 = (int) Math.floor((px - maxM - minX) / cell), c1 = (int) Math.floor((px + maxM - minX) / cell);
        int r0 = (int) Math.floor((py - maxM - minY) / cell), r1 = (int) Math.floor((py + maxM - minY) / cell);
        int best = -1;
        double bestD = maxM * maxM;
        for (int r = Math.max(r0, 0); r <= Math.min(r1, rows - 1); r++) {
            for (int c = Math.max(c0, 0); c <= Math.min(c1, cols - 1); c++) {
                int cellNo = r * cols + c;
                for (int k = start[cellNo]; k < start[cellNo + 1]; k++) {
                    int v = nodes[k];
                    double dx = x(v) - px, dy = y(v) - py;
                    double d = dx * dx + dy * dy;
                    if (d <= bestD && (best < 0 || d < bestD || v < best)) {
                        bestD = d;
                        best = v;
                    }
                }
            }
        }
        return best < 0 ? null : new double[] {best, Math.sqrt(bestD)};
    }
}
