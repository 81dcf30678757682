package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.communeatlas.data.ReferenceUnits;
import org.communeatlas.data.ReferenceUnits.NewUnit;
import org.communeatlas.data.generator.AdminPartition.Village;
import org.communeatlas.data.generator.DemoRows.Road;
import org.communeatlas.data.generator.DemoRows.RoadNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.triangulate.DelaunayTriangulationBuilder;

/**
 * One connected, routable road network: national road 1A north–south through Tam Kỳ, provincial roads
 * between the post-2025 unit centres, district roads between commune centres, commune roads from every
 * village to its commune centre and village lanes. All lines are noded together at their intersections
 * on a 1 m grid, split into edges of at most 300 m (so a flood cuts a road where it is low, not a whole
 * 5 km stretch), and given source/target vertex ids for pgRouting.
 */
final class RoadGenerator {

    static final double MAX_EDGE = 300.0;

    /** National road 1A, north to south, rough real course (lon, lat). */
    static final double[][] QL1A = {
        {108.235, 15.985}, {108.245, 15.880}, {108.272, 15.820}, {108.330, 15.750}, {108.360, 15.712},
        {108.420, 15.650}, {108.466, 15.592}, {108.482, 15.557}, {108.530, 15.510}, {108.600, 15.462},
        {108.660, 15.420}, {108.700, 15.360}, {108.745, 15.290}};

    /** Road classes from most to least important; when two lines overlap, the edge keeps the first. */
    static final List<String> CLASSES = List.of("national", "provincial", "district", "commune", "village");

    private record Line(LineString geom, String roadClass, String name) {
    }

    private final GeometryFactory gf = LocalProjection.FLOATING;
    private final List<Line> lines = new ArrayList<>();
    private final Map<String, List<LineString>> lanesByVillage = new LinkedHashMap<>();
    private final List<RoadNode> nodes = new ArrayList<>();
    private final List<Road> roads = new ArrayList<>();

    List<RoadNode> nodes() {
        return nodes;
    }

    List<Road> roads() {
        return roads;
    }

    /** The lanes drawn in each village, along which its households live. */
    Map<String, List<LineString>> lanes() {
        return lanesByVillage;
    }

    void generate(ReferenceUnits ref, AdminPartition.Result partition, Terrain terrain, SplittableRandom random) {
        Geometry land = partition.province();
        Coordinate[] ql1a = new Coordinate[QL1A.length];
        for (int i = 0; i < QL1A.length; i++) {
            ql1a[i] = LocalProjection.toMetres(QL1A[i][0], QL1A[i][1]);
        }
        add(gf.createLineString(ql1a), "national", "Quốc lộ 1A", land);

        // provincial roads: Delaunay edges between post-2025 unit centres, the short ones
        Map<String, Coordinate> unitCentres = new LinkedHashMap<>();
        for (NewUnit n : ref.newUnits()) {
            if (!n.shortName().equals(AdminPartition.ISLAND_UNIT)) {
                unitCentres.put(n.code(), partition.communeCentres().get(primaryCommune(n)));
            }
        }
        int number = 601;
        for (Coordinate[] edge : delaunayEdges(unitCentres.values(), 26_000)) {
            add(curved(edge[0], edge[1], random), "provincial", "ĐT " + number++, land);
        }
        // district roads between commune centres
        Map<String, Coordinate> communeCentres = new LinkedHashMap<>(partition.communeCentres());
        ref.newUnits().stream().filter(n -> n.shortName().equals(AdminPartition.ISLAND_UNIT))
                .forEach(n -> n.predecessorCodes().forEach(communeCentres::remove));
        for (Coordinate[] edge : delaunayEdges(communeCentres.values(), 9_000)) {
            add(curved(edge[0], edge[1], random), "district", "Đường liên xã", land);
        }
        // commune roads from each village to its commune centre, and the village lanes
        for (Village v : partition.villages()) {
            Coordinate centre = communeCentres.get(v.commune().code());
            if (centre == null) {
                continue; // the island commune has no road link to the mainland
            }
            if (centre.distance(v.centre()) > 50) {
                add(curved(v.centre(), centre, random), "commune", "Đường thôn " + v.name(), land);
            }
            List<LineString> lanes = new ArrayList<>();
            int spokes = 3 + random.nextInt(2);
            double start = random.nextDouble() * 2 * Math.PI;
            for (int k = 0; k < spokes; k++) {
                double angle = start + k * 2 * Math.PI / spokes + (random.nextDouble() - 0.5) * 0.6;
                double length = 250 + random.nextDouble() * 450;
                Coordinate end = new Coordinate(v.centre().x + length * StrictMath.cos(angle), v.centre().y + length * StrictMath.sin(angle));
                Geometry lane = curved(v.centre(), end, random).intersection(v.geom());
                for (int i = 0; i < lane.getNumGeometries(); i++) {
                    if (lane.getGeometryN(i) instanceof LineString ls && ls.getLength() > 40) {
                        lanes.add(ls);
                        add(ls, "village", "Đường xóm " + v.name(), land);
                    }
                }
            }
            lanesByVillage.put(v.code(), lanes);
        }
        node(terrain);
    }

    private static String primaryCommune(NewUnit n) {
        return n.predecessorCodes().contains(n.code()) ? n.code() : n.predecessorCodes().get(0);
    }

    private void add(LineString line, String roadClass, String name, Geometry land) {
        Geometry clipped = line.intersection(land);
        for (int i = 0; i < clipped.getNumGeometries(); i++) {
            if (clipped.getGeometryN(i) instanceof LineString ls && ls.getLength() > 1) {
                lines.add(new Line(ls, roadClass, name));
            }
        }
    }

    /** A road between two points with a gentle bend, as roads rarely run straight. */
    private LineString curved(Coordinate a, Coordinate b, SplittableRandom random) {
        double dx = b.x - a.x;
        double dy = b.y - a.y;
        double bend = (random.nextDouble() - 0.5) * 0.16;
        Coordinate mid = new Coordinate((a.x + b.x) / 2 - dy * bend, (a.y + b.y) / 2 + dx * bend);
        return gf.createLineString(new Coordinate[] {a, mid, b});
    }

    private List<Coordinate[]> delaunayEdges(java.util.Collection<Coordinate> points, double maxLength) {
        DelaunayTriangulationBuilder builder = new DelaunayTriangulationBuilder();
        builder.setSites(gf.createMultiPointFromCoords(points.toArray(Coordinate[]::new)));
        Geometry edges = builder.getEdges(gf);
        List<Coordinate[]> out = new ArrayList<>();
        for (int i = 0; i < edges.getNumGeometries(); i++) {
            Coordinate[] c = edges.getGeometryN(i).getCoordinates();
            if (c[0].distance(c[1]) <= maxLength) {
                out.add(new Coordinate[] {c[0], c[1]});
            }
        }
        return out;
    }

    /** Nodes every line at every crossing, splits long edges, numbers vertices, joins stray pieces. */
    private void node(Terrain terrain) {
        GeometryFactory metres = LocalProjection.METRES;
        List<Geometry> all = new ArrayList<>();
        STRtree index = new STRtree();
        for (Line l : lines) {
            all.add(l.geom());
            index.insert(l.geom().getEnvelopeInternal(), l);
        }
        Geometry noded = UnaryUnionNG.union(metres.buildGeometry(all), metres.getPrecisionModel());
        Map<Coordinate, Long> ids = new HashMap<>();
        List<LineString> edges = new ArrayList<>();
        for (int i = 0; i < noded.getNumGeometries(); i++) {
            LineString piece = (LineString) noded.getGeometryN(i);
            edges.addAll(split(piece));
        }
        UnionFind components = new UnionFind();
        List<Object[]> raw = new ArrayList<>();
        for (LineString edge : edges) {
            Coordinate a = edge.getCoordinateN(0);
            Coordinate b = edge.getCoordinateN(edge.getNumPoints() - 1);
            if (a.equals2D(b) || edge.getLength() < 1) {
                continue;
            }
            long source = ids.computeIfAbsent(a, k -> (long) ids.size() + 1);
            long target = ids.computeIfAbsent(b, k -> (long) ids.size() + 1);
            components.union(source, target);
            raw.add(new Object[] {edge, source, target});
        }
        // join every stray component to the largest one by its shortest link
        Map<Long, Coordinate> coordById = new HashMap<>();
        ids.forEach((c, id) -> coordById.put(id, c));
        long main = components.largest(ids.values());
        STRtree mainNodes = new STRtree();
        ids.forEach((c, id) -> {
            if (components.find(id) == main) {
                mainNodes.insert(new org.locationtech.jts.geom.Envelope(c), id);
            }
        });
        Map<Long, long[]> bestLink = new LinkedHashMap<>();
        for (Map.Entry<Coordinate, Long> e : ids.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
            long root = components.find(e.getValue());
            if (root == main) {
                continue;
            }
            Object nearest = mainNodes.nearestNeighbour(new org.locationtech.jts.geom.Envelope(e.getKey()), e.getValue(),
                    (a, b) -> coordById.get((Long) a.getItem()).distance(coordById.get((Long) b.getItem())));
            long other = (Long) nearest;
            double d = e.getKey().distance(coordById.get(other));
            long[] current = bestLink.get(root);
            if (current == null || d < coordById.get(current[0]).distance(coordById.get(current[1]))) {
                bestLink.put(root, new long[] {e.getValue(), other});
            }
        }
        for (long[] link : bestLink.values()) {
            LineString edge = metres.createLineString(new Coordinate[] {coordById.get(link[0]), coordById.get(link[1])});
            raw.add(new Object[] {edge, link[0], link[1], "village"});
        }

        List<Map.Entry<Coordinate, Long>> ordered = ids.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
        for (Map.Entry<Coordinate, Long> e : ordered) {
            Coordinate c = e.getKey();
            nodes.add(new RoadNode(e.getValue(), c.x, c.y, terrain.elevation(c.x, c.y)));
        }
        long id = 1;
        for (Object[] r : raw) {
            LineString edge = (LineString) r[0];
            Line origin = r.length > 3 ? new Line(edge, (String) r[3], "Đường nối") : classify(edge, index);
            roads.add(new Road(id++, origin.name(), origin.roadClass(), (Long) r[1], (Long) r[2], edge.getLength(),
                    terrain.minimumAlong(edge), edge));
        }
    }

    /** The most important drawn line lying on this edge gives it its class and name. */
    private static Line classify(LineString edge, STRtree index) {
        Coordinate mid = new LengthIndexedLine(edge).extractPoint(edge.getLength() / 2);
        org.locationtech.jts.geom.Point p = edge.getFactory().createPoint(mid);
        org.locationtech.jts.geom.Envelope env = new org.locationtech.jts.geom.Envelope(mid);
        env.expandBy(3);
        Line best = null;
        double bestDistance = Double.MAX_VALUE;
        @SuppressWarnings("unchecked")
        List<Line> candidates = index.query(env);
        for (Line l : candidates) {
            double d = l.geom().distance(p);
            if (d <= 2.0 && (best == null || CLASSES.indexOf(l.roadClass()) < CLASSES.indexOf(best.roadClass()))) {
                best = l;
                bestDistance = d;
            } else if (best == null && d < bestDistance) {
                bestDistance = d;
            }
        }
        return best != null ? best : new Line(edge, "village", "Đường xóm");
    }

    private static List<LineString> split(LineString line) {
        double length = line.getLength();
        int pieces = (int) Math.ceil(length / MAX_EDGE);
        if (pieces <= 1) {
            return List.of(line);
        }
        LengthIndexedLine index = new LengthIndexedLine(line);
        List<LineString> out = new ArrayList<>();
        GeometryFactory metres = LocalProjection.METRES;
        for (int i = 0; i < pieces; i++) {
            LineString part = (LineString) index.extractLine(length * i / pieces, length * (i + 1) / pieces);
            Coordinate[] c = part.getCoordinates();
            for (Coordinate coordinate : c) {
                metres.getPrecisionModel().makePrecise(coordinate);
            }
            out.add(metres.createLineString(c));
        }
        return out;
    }

    /** Union-find over vertex ids. */
    private static final class UnionFind {
        private final Map<Long, Long> parent = new HashMap<>();

        long find(long x) {
            long root = x;
            while (parent.getOrDefault(root, root) != root) {
                root = parent.get(root);
            }
            long cur = x;
            while (cur != root) {
                long next = parent.getOrDefault(cur, cur);
                parent.put(cur, root);
                cur = next;
            }
            return root;
        }

        void union(long a, long b) {
            long ra = find(a);
            long rb = find(b);
            if (ra != rb) {
                parent.put(Math.max(ra, rb), Math.min(ra, rb));
            }
        }

        long largest(java.util.Collection<Long> ids) {
            Map<Long, Integer> sizes = new HashMap<>();
            for (long id : ids) {
                sizes.merge(find(id), 1, Integer::sum);
            }
            return sizes.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
        }
    }
}
