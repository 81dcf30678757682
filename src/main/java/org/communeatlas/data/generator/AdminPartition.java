package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.communeatlas.data.ReferenceUnits;
import org.communeatlas.data.ReferenceUnits.NewUnit;
import org.communeatlas.data.ReferenceUnits.OldUnit;
import org.locationtech.jts.algorithm.hull.ConcaveHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.CoverageUnion;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Synthetic boundaries that tile the province exactly, at three levels at once:
 * post-2025 units (Voronoi cells around their real centres), the old communes inside each (the commune
 * whose code the new unit reuses sits at the real centre), and villages inside each commune. All cell
 * boundaries are noded together on a 1 m grid and polygonised into faces; every unit is the union of its
 * faces, so villages tile communes, communes tile districts and new units, with no gaps or overlaps by
 * construction.
 */
final class AdminPartition {

    /** Target land area of the province (FACTS: 10,574 km²). */
    static final double PROVINCE_KM2 = 10_574.0;
    /** An island commune (Cù Lao Chàm, Hội An): drawn as its own island off the coast. */
    static final String ISLAND_UNIT = "Tân Hiệp";

    /** Approximate real positions of the communes whose story the demo tells (lon, lat). */
    static final Map<String, double[]> COMMUNE_HINTS = Map.of(
            "20362", new double[] {108.503, 15.613},   // Tam Thăng, north-east of the city
            "20371", new double[] {108.537, 15.606},   // Tam Phú, towards the coast
            "20359", new double[] {108.561, 15.580},   // Tam Thanh, on the coast
            "20368", new double[] {108.425, 15.586});  // Tam An, Phú Ninh

    /** A rough real coastline, north to south (lon, lat); the sea lies east of it. */
    static final double[][] COAST = {
        {108.270, 16.080}, {108.300, 15.990}, {108.345, 15.935}, {108.395, 15.878}, {108.440, 15.820},
        {108.500, 15.735}, {108.545, 15.660}, {108.578, 15.600}, {108.615, 15.548}, {108.672, 15.500},
        {108.712, 15.450}, {108.752, 15.400}, {108.800, 15.330}, {108.850, 15.250}};

    record Village(String code, String name, String kind, OldUnit commune, Coordinate centre, Geometry geom) {
    }

    record Result(Geometry province, Map<String, Geometry> districts, Map<String, Geometry> communes,
                  Map<String, Coordinate> communeCentres, Map<String, Geometry> newUnits, List<Village> villages,
                  LineString coast) {
    }

    private final ReferenceUnits ref;
    private final long seed;
    private final VillagePlanner planner;

    AdminPartition(ReferenceUnits ref, long seed, VillagePlanner planner) {
        this.ref = ref;
        this.seed = seed;
        this.planner = planner;
    }

    Result build() {
        GeometryFactory gf = LocalProjection.FLOATING;
        LineString coast = coastline(gf);
        List<NewUnit> mainland = ref.newUnits().stream().filter(n -> !n.shortName().equals(ISLAND_UNIT)).toList();
        NewUnit island = ref.newUnits().stream().filter(n -> n.shortName().equals(ISLAND_UNIT)).findFirst().orElseThrow();

        Geometry islandShape = gf.createPoint(LocalProjection.toMetres(island.lon(), island.lat()))
                .buffer(Math.sqrt(island.areaKm2() * 1e6 / Math.PI), 12);
        Geometry outline = outline(gf, mainland, coast, PROVINCE_KM2 * 1e6 - islandShape.getArea());

        // level 1: post-2025 units around their real centres
        Map<String, Geometry> unitCells = voronoi(gf, mainland.stream()
                .collect(LinkedHashMap::new, (m, n) -> m.put(n.code(), LocalProjection.toMetres(n.lon(), n.lat())), Map::putAll), outline);
        unitCells.put(island.code(), islandShape);

        // level 2: old communes inside each new unit
        Map<String, Geometry> communeCells = new LinkedHashMap<>();
        Map<String, Coordinate> communeSeeds = new LinkedHashMap<>();
        for (NewUnit unit : ref.newUnits()) {
            Geometry cell = unitCells.get(unit.code());
            if (cell.isEmpty()) {
                throw new IllegalStateException("unit " + unit.shortName() + " has no land: its centre lies outside the outline");
            }
            SplittableRandom random = new SplittableRandom(seed * 7919 + Long.parseLong(unit.code()));
            List<String> preds = new ArrayList<>(unit.predecessorCodes());
            // the commune whose code the new unit reuses keeps the real centre
            String primary = preds.contains(unit.code()) ? unit.code() : preds.get(0);
            Map<String, Coordinate> seeds = new LinkedHashMap<>();
            seeds.put(primary, insideOrNear(cell, LocalProjection.toMetres(unit.lon(), unit.lat())));
            for (String code : preds) {
                double[] hint = COMMUNE_HINTS.get(code);
                if (hint != null && !code.equals(primary)) {
                    Coordinate c = LocalProjection.toMetres(hint[0], hint[1]);
                    if (cell.contains(gf.createPoint(c))) {
                        seeds.put(code, c);
                    }
                }
            }
            List<String> rest = preds.stream().filter(c -> !seeds.containsKey(c)).toList();
            List<Coordinate> spread = Sampling.spread(cell, new ArrayList<>(seeds.values()), rest.size(), random);
            for (int i = 0; i < rest.size(); i++) {
                seeds.put(rest.get(i), spread.get(i));
            }
            Map<String, Coordinate> ordered = new LinkedHashMap<>();
            preds.forEach(code -> ordered.put(code, seeds.get(code)));
            communeCells.putAll(preds.size() == 1 ? Map.of(preds.get(0), cell) : voronoi(gf, ordered, cell));
            communeSeeds.putAll(ordered);
        }

        // level 3: villages inside each commune
        List<VillagePlanner.Plan> plans = new ArrayList<>();
        Map<String, Geometry> villageCells = new LinkedHashMap<>();
        for (OldUnit commune : ref.communes()) {
            Geometry cell = communeCells.get(commune.code());
            SplittableRandom random = new SplittableRandom(seed * 104729 + Long.parseLong(commune.code()));
            VillagePlanner.Plan plan = planner.plan(commune, cell.getArea() / 1e6, random);
            List<Coordinate> centres = Sampling.spread(cell, List.of(communeSeeds.get(commune.code())), plan.names().size(), random);
            Map<String, Coordinate> villageSeeds = new LinkedHashMap<>();
            for (int i = 0; i < centres.size(); i++) {
                villageSeeds.put(plan.codes().get(i), centres.get(i));
            }
            villageCells.putAll(voronoi(gf, villageSeeds, cell));
            plans.add(plan.withCentres(centres));
        }

        // node every boundary once on a 1 m grid; faces are the atoms every unit is built from
        List<Polygon> faces = faces(villageCells.values());
        Map<String, List<Geometry>> facesByVillage = assignFaces(faces, villageCells);

        Map<String, Geometry> villages = new LinkedHashMap<>();
        facesByVillage.forEach((code, list) -> villages.put(code, union(list)));
        Map<String, List<Geometry>> facesByCommune = new LinkedHashMap<>();
        Map<String, String> villageCommune = new LinkedHashMap<>();
        for (VillagePlanner.Plan plan : plans) {
            for (String code : plan.codes()) {
                villageCommune.put(code, plan.commune().code());
            }
        }
        facesByVillage.forEach((code, list) -> facesByCommune.computeIfAbsent(villageCommune.get(code), k -> new ArrayList<>()).addAll(list));
        Map<String, Geometry> communes = new LinkedHashMap<>();
        for (OldUnit c : ref.communes()) {
            communes.put(c.code(), union(facesByCommune.get(c.code())));
        }
        Map<String, Geometry> districts = new LinkedHashMap<>();
        for (OldUnit d : ref.districts()) {
            List<Geometry> list = new ArrayList<>();
            ref.communes().stream().filter(c -> c.parentCode().equals(d.code())).forEach(c -> list.addAll(facesByCommune.get(c.code())));
            districts.put(d.code(), union(list));
        }
        Map<String, Geometry> newUnits = new LinkedHashMap<>();
        for (NewUnit n : ref.newUnits()) {
            List<Geometry> list = new ArrayList<>();
            n.predecessorCodes().forEach(code -> list.addAll(facesByCommune.get(code)));
            newUnits.put(n.code(), union(list));
        }
        Geometry province = union(new ArrayList<>(faces));

        List<Village> villageList = new ArrayList<>();
        for (VillagePlanner.Plan plan : plans) {
            for (int i = 0; i < plan.codes().size(); i++) {
                String code = plan.codes().get(i);
                villageList.add(new Village(code, plan.names().get(i), plan.kind(), plan.commune(), plan.centres().get(i), villages.get(code)));
            }
        }
        return new Result(province, districts, communes, communeSeeds, newUnits, villageList, coast);
    }

    static LineString coastline(GeometryFactory gf) {
        Coordinate[] coords = new Coordinate[COAST.length];
        for (int i = 0; i < COAST.length; i++) {
            coords[i] = LocalProjection.toMetres(COAST[i][0], COAST[i][1]);
        }
        return gf.createLineString(coords);
    }

    /**
     * The mainland: a concave hull of the units' centres, widened until its land part has the target area,
     * cut by the coast (everything east of the coastline is sea).
     */
    private static Geometry outline(GeometryFactory gf, List<NewUnit> units, LineString coast, double targetArea) {
        Coordinate[] centres = units.stream().map(n -> LocalProjection.toMetres(n.lon(), n.lat())).toArray(Coordinate[]::new);
        Geometry hull = ConcaveHull.concaveHullByLengthRatio(gf.createMultiPointFromCoords(centres), 0.35);
        Geometry land = landSide(gf, coast);
        double lo = 0;
        double hi = 40_000;
        Geometry best = hull;
        for (int i = 0; i < 30; i++) {
            double mid = (lo + hi) / 2;
            Geometry candidate = hull.buffer(mid, 8).intersection(land);
            if (candidate.getArea() < targetArea) {
                lo = mid;
            } else {
                hi = mid;
                best = candidate;
            }
        }
        return largestPolygon(best);
    }

    private static Geometry landSide(GeometryFactory gf, LineString coast) {
        Coordinate[] c = coast.getCoordinates();
        List<Coordinate> ring = new ArrayList<>(List.of(c));
        Coordinate last = c[c.length - 1];
        Coordinate first = c[0];
        // straight south from the coast's southern end, far west, north, and back east to its northern end
        ring.add(new Coordinate(last.x, last.y - 300_000));
        ring.add(new Coordinate(last.x - 500_000, last.y - 300_000));
        ring.add(new Coordinate(last.x - 500_000, first.y + 300_000));
        ring.add(new Coordinate(first.x, first.y + 300_000));
        ring.add(new Coordinate(first.x, first.y));
        return gf.createPolygon(ring.toArray(Coordinate[]::new));
    }

    private static Geometry largestPolygon(Geometry g) {
        Geometry best = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (best == null || g.getGeometryN(i).getArea() > best.getArea()) {
                best = g.getGeometryN(i);
            }
        }
        return best;
    }

    private static Coordinate insideOrNear(Geometry area, Coordinate c) {
        Point p = area.getFactory().createPoint(c);
        if (area.contains(p)) {
            return c;
        }
        return area.getInteriorPoint().getCoordinate();
    }

    /** Voronoi cells of the seeds, each clipped to the area, keyed like the seeds. */
    static Map<String, Geometry> voronoi(GeometryFactory gf, Map<String, Coordinate> seeds, Geometry area) {
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(new ArrayList<>(seeds.values()));
        Envelope env = new Envelope(area.getEnvelopeInternal());
        env.expandBy(Math.max(env.getWidth(), env.getHeight()) + 10_000);
        builder.setClipEnvelope(env);
        Geometry diagram = builder.getDiagram(gf);
        Map<String, Geometry> cells = new LinkedHashMap<>();
        for (Map.Entry<String, Coordinate> seed : seeds.entrySet()) {
            Point site = gf.createPoint(seed.getValue());
            for (int i = 0; i < diagram.getNumGeometries(); i++) {
                Geometry cell = diagram.getGeometryN(i);
                if (cell.getUserData() instanceof Coordinate c && c.equals2D(seed.getValue()) || cell.contains(site)) {
                    cells.put(seed.getKey(), cell.intersection(area));
                    break;
                }
            }
            if (!cells.containsKey(seed.getKey())) {
                throw new IllegalStateException("no Voronoi cell for " + seed.getKey());
            }
        }
        return cells;
    }

    private static List<Polygon> faces(java.util.Collection<Geometry> cells) {
        List<Geometry> lines = new ArrayList<>();
        for (Geometry cell : cells) {
            lines.addAll(LinearComponentExtracter.getLines(cell, true));
        }
        GeometryFactory metres = LocalProjection.METRES;
        Geometry noded = UnaryUnionNG.union(metres.buildGeometry(lines), metres.getPrecisionModel());
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        @SuppressWarnings("unchecked")
        List<Polygon> polys = new ArrayList<>((java.util.Collection<Polygon>) polygonizer.getPolygons());
        return polys;
    }

    private static Map<String, List<Geometry>> assignFaces(List<Polygon> faces, Map<String, Geometry> cells) {
        STRtree index = new STRtree();
        cells.forEach((code, cell) -> index.insert(cell.getEnvelopeInternal(), Map.entry(code, cell)));
        Map<String, List<Geometry>> byCode = new LinkedHashMap<>();
        cells.keySet().forEach(code -> byCode.put(code, new ArrayList<>()));
        for (Polygon face : faces) {
            Point inside = face.getInteriorPoint();
            String owner = null;
            double bestOverlap = -1;
            @SuppressWarnings("unchecked")
            List<Map.Entry<String, Geometry>> candidates = index.query(face.getEnvelopeInternal());
            for (Map.Entry<String, Geometry> candidate : candidates) {
                if (candidate.getValue().contains(inside)) {
                    owner = candidate.getKey();
                    break;
                }
                double overlap = candidate.getValue().intersection(face).getArea();
                if (overlap > bestOverlap) {
                    bestOverlap = overlap;
                    owner = candidate.getKey();
                }
            }
            if (owner != null) {
                byCode.get(owner).add(face);
            }
        }
        return byCode;
    }

    private static Geometry union(List<Geometry> faces) {
        GeometryFactory metres = LocalProjection.METRES;
        return CoverageUnion.union(metres.buildGeometry(faces));
    }
}
