package org.communeatlas.data.generator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.data.generator.DemoRows.Scenario;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Flood extents that follow from the terrain: ground below the water level that water can reach from the
 * Tam Kỳ river or its tributary the Bàn Thạch (river scenarios) or from the sea (storm surge), on a 50 m grid over the lower Tam Kỳ basin.
 * The levels are the Tam Kỳ station's alarm levels (I 1.7 m, II 2.2 m, III 2.7 m), a November-2020-like
 * 2.9 m, and a synthetic 2.5 m storm surge; the water surface is taken as flat across the delta.
 */
final class FloodGenerator {

    static final double CELL = 50.0;

    private final List<Scenario> scenarios = new ArrayList<>();

    List<Scenario> scenarios() {
        return scenarios;
    }

    void generate(AdminPartition.Result partition, List<LineString> rivers, Terrain terrain) {
        Envelope env = new Envelope(partition.districts().get("502").getEnvelopeInternal());
        env.expandToInclude(partition.districts().get("518").getEnvelopeInternal());
        env.expandBy(4_000);
        int cols = (int) Math.ceil(env.getWidth() / CELL);
        int rows = (int) Math.ceil(env.getHeight() / CELL);
        IndexedPointInAreaLocator land = new IndexedPointInAreaLocator(partition.province());
        GeometryFactory gf = LocalProjection.FLOATING;
        float[] elevation = new float[cols * rows];
        boolean[] onLand = new boolean[cols * rows];
        boolean[] nearRiver = new boolean[cols * rows];
        boolean[] nearSea = new boolean[cols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = env.getMinX() + (c + 0.5) * CELL;
                double y = env.getMinY() + (r + 0.5) * CELL;
                int i = r * cols + c;
                Coordinate p = new Coordinate(x, y);
                onLand[i] = land.locate(p) != Location.EXTERIOR;
                if (!onLand[i]) {
                    continue;
                }
                elevation[i] = (float) terrain.elevation(x, y);
                for (LineString river : rivers) {
                    nearRiver[i] |= DistanceOp.isWithinDistance(river, gf.createPoint(p), 80);
                }
                nearSea[i] = DistanceOp.isWithinDistance(partition.coast(), gf.createPoint(p), 400);
            }
        }
        Grid grid = new Grid(env, cols, rows, elevation, onLand);
        river(grid, nearRiver, "TK-I", "Sông Tam Kỳ – báo động I (1,7 m)", "Tam Kỳ river – alarm level I (1.7 m)", 1.7, 1, partition);
        river(grid, nearRiver, "TK-II", "Sông Tam Kỳ – báo động II (2,2 m)", "Tam Kỳ river – alarm level II (2.2 m)", 2.2, 2, partition);
        river(grid, nearRiver, "TK-III", "Sông Tam Kỳ – báo động III (2,7 m)", "Tam Kỳ river – alarm level III (2.7 m)", 2.7, 3, partition);
        river(grid, nearRiver, "TK-2020", "Lũ như tháng 11/2020 (2,9 m)", "Flood like November 2020 (2.9 m)", 2.9, 3, partition);
        Geometry surge = flood(grid, nearSea, 2.5, partition);
        scenarios.add(new Scenario("SURGE-25", "Nước dâng do bão ven biển (2,5 m)", "Coastal storm surge (2.5 m)", "storm_surge",
                null, null, null, null, 2.5, "Vùng trũng ven biển nối với biển, thấp hơn mực nước dâng 2,5 m (giả lập).", surge));
    }

    private void river(Grid grid, boolean[] sources, String code, String name, String nameEn, double level, int alarm,
                       AdminPartition.Result partition) {
        Geometry extent = flood(grid, sources, level, partition);
        scenarios.add(new Scenario(code, name, nameEn, "river", "Sông Tam Kỳ", "Trạm Tam Kỳ", level, alarm, level,
                "Vùng đất thấp hơn mực nước " + String.valueOf(level).replace('.', ',') + " m nối với sông Tam Kỳ (giả lập từ địa hình).",
                extent));
    }

    private record Grid(Envelope env, int cols, int rows, float[] elevation, boolean[] onLand) {
    }

    /** Cells below the level that water reaches from the sources, as a polygon clipped to the land. */
    private static Geometry flood(Grid g, boolean[] sources, double level, AdminPartition.Result partition) {
        int n = g.cols() * g.rows();
        boolean[] wet = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (sources[i] && g.onLand()[i] && g.elevation()[i] < level) {
                wet[i] = true;
                queue.add(i);
            }
        }
        int[] dc = {1, -1, 0, 0};
        int[] dr = {0, 0, 1, -1};
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int r = i / g.cols();
            int c = i % g.cols();
            for (int k = 0; k < 4; k++) {
                int rr = r + dr[k];
                int cc = c + dc[k];
                if (rr < 0 || cc < 0 || rr >= g.rows() || cc >= g.cols()) {
                    continue;
                }
                int j = rr * g.cols() + cc;
                if (!wet[j] && g.onLand()[j] && g.elevation()[j] < level) {
                    wet[j] = true;
                    queue.add(j);
                }
            }
        }
        GeometryFactory metres = LocalProjection.METRES;
        List<Geometry> runs = new ArrayList<>();
        for (int r = 0; r < g.rows(); r++) {
            int c = 0;
            while (c < g.cols()) {
                if (!wet[r * g.cols() + c]) {
                    c++;
                    continue;
                }
                int start = c;
                while (c < g.cols() && wet[r * g.cols() + c]) {
                    c++;
                }
                double x0 = g.env().getMinX() + start * CELL;
                double x1 = g.env().getMinX() + c * CELL;
                double y0 = g.env().getMinY() + r * CELL;
                runs.add(metres.toGeometry(new Envelope(x0, x1, y0, y0 + CELL)));
            }
        }
        Geometry union = UnaryUnionNG.union(metres.buildGeometry(runs), metres.getPrecisionModel());
        Geometry smooth = TopologyPreservingSimplifier.simplify(union, 12.0);
        Geometry clipped = OverlayNGRobust.overlay(smooth, partition.province(), org.locationtech.jts.operation.overlayng.OverlayNG.INTERSECTION);
        return polygonal(clipped);
    }

    private static Geometry polygonal(Geometry g) {
        List<Geometry> polys = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part.getDimension() == 2 && part.getArea() > CELL * CELL / 2) {
                polys.add(part);
            }
        }
        return LocalProjection.FLOATING.buildGeometry(polys);
    }
}
