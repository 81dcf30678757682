package org.communeatlas.data.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.communeatlas.data.DemoFiles;
import org.communeatlas.data.ReferenceUnits;
import org.communeatlas.data.ReferenceUnits.NewUnit;
import org.communeatlas.data.ReferenceUnits.OldUnit;
import org.communeatlas.data.generator.AdminPartition.Village;
import org.communeatlas.data.generator.DemoRows.Household;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the whole synthetic dataset of Quảng Nam from a seed: same seed and size, same bytes.
 * Real: unit names, codes, types, the reform's mapping, areas and populations and centres of the new
 * units, the models and dates of FACTS.md. Synthetic: all geometry, villages other than the named ones,
 * households and people, roads, sites other than the two named ones, terrain and flood extents.
 */
public final class DemoGenerator {

    private static final Logger log = LoggerFactory.getLogger(DemoGenerator.class);
    public static final long DEFAULT_SEED = 20_250_701L;
    public static final int DEFAULT_HOUSEHOLDS = 50_000;
    static final int FORMAT = 1;

    /** The Tam Kỳ river from the Phú Ninh reservoir through the city to the sea (lon, lat), roughly real. */
    static final double[][] TAM_KY_RIVER = {
        {108.415, 15.495}, {108.440, 15.520}, {108.462, 15.545}, {108.478, 15.565}, {108.492, 15.585},
        {108.512, 15.598}, {108.530, 15.596}, {108.548, 15.590}, {108.566, 15.586}, {108.592, 15.587}};

    /** The Bàn Thạch river, through Tam Thăng into the Tam Kỳ river (lon, lat), roughly real. */
    static final double[][] BAN_THACH_RIVER = {
        {108.460, 15.660}, {108.478, 15.640}, {108.488, 15.622}, {108.497, 15.606}, {108.512, 15.598}};

    /** Counts of what was written, per file. */
    public record Summary(Map<String, Integer> counts) {
    }

    private DemoGenerator() {
    }

    /** Where households go: Tam Kỳ and Phú Ninh only (the demo; dense benchmark sets), or every mainland village. */
    public enum Spread {
        DELTA, PROVINCE;

        /** The default: up to 100,000 households in the delta, more over the province. */
        public static Spread forSize(int households) {
            return households > 100_000 ? PROVINCE : DELTA;
        }
    }

    public static Summary generate(long seed, int households, Path outDir) throws IOException {
        return generate(seed, households, Spread.forSize(households), outDir);
    }

    public static Summary generate(long seed, int households, Spread spread, Path outDir) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(outDir);
        ReferenceUnits ref = ReferenceUnits.load();
        AdminPartition.Result partition = new AdminPartition(ref, seed, new VillagePlanner()).build();

        LineString tamKy = line(TAM_KY_RIVER);
        LineString banThach = line(BAN_THACH_RIVER);
        Terrain terrain = new Terrain(partition.coast(),
                List.of(new Terrain.River(tamKy, 0.45, 0.72), new Terrain.River(banThach, -1.0, -0.5)), seed);
        for (Village v : partition.villages()) {
            if (!VillagePlanner.MOUNTAIN_DISTRICTS.contains(v.commune().parentCode())) {
                terrain.addMound(v.centre().x, v.centre().y, 1.1);
            }
        }

        ModelGenerator models = new ModelGenerator(ref, partition.villages());
        models.generate(stream(seed, 3));
        RoadGenerator roads = new RoadGenerator();
        roads.generate(ref, partition, terrain, stream(seed, 4));
        HouseholdGenerator homes = new HouseholdGenerator();
        homes.generate(partition.villages(), roads.lanes(), terrain, households, spread == Spread.PROVINCE, stream(seed, 5));
        SiteGenerator sites = new SiteGenerator();
        sites.generate(ref, partition, homes.households(), roads.nodes(), terrain, stream(seed, 6));
        FloodGenerator floods = new FloodGenerator();
        floods.generate(partition, List.of(tamKy, banThach), terrain);

        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(DemoFiles.ADMIN_UNITS, writeUnits(ref, partition, outDir));
        counts.put(DemoFiles.SUCCESSION, writeSuccession(ref, outDir));
        counts.put(DemoFiles.VILLAGES, writeVillages(ref, partition, homes.households(), outDir, stream(seed, 7)));
        counts.put(DemoFiles.MODELS, writeModels(models, outDir));
        counts.put(DemoFiles.ADOPTIONS, writeAdoptions(models, outDir));
        counts.put(DemoFiles.HOUSEHOLDS, writeHouseholds(homes.households(), outDir));
        counts.put(DemoFiles.EVACUATION_POINTS, writeSites(sites, outDir));
        counts.put(DemoFiles.ROAD_NODES, writeNodes(roads, outDir));
        counts.put(DemoFiles.ROADS, writeRoads(roads, outDir));
        counts.put(DemoFiles.FLOOD_SCENARIOS, writeScenarios(floods, outDir));

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("seed", seed);
        manifest.put("households", households);
        manifest.put("counts", counts);
        DemoWriter.json(outDir.resolve(DemoFiles.MANIFEST), manifest);
        log.info("generated dataset seed={} households={} dir={} in {} ms", seed, households, outDir,
                (System.nanoTime() - started) / 1_000_000);
        return new Summary(counts);
    }

    private static LineString line(double[][] lonLat) {
        Coordinate[] coords = new Coordinate[lonLat.length];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = LocalProjection.toMetres(lonLat[i][0], lonLat[i][1]);
        }
        return LocalProjection.FLOATING.createLineString(coords);
    }

    /** Independent random streams per stage, so changing one stage does not reshuffle the others. */
    private static SplittableRandom stream(long seed, int stage) {
        return new SplittableRandom(seed * 1_000_003L + stage);
    }

    private static int writeUnits(ReferenceUnits ref, AdminPartition.Result p, Path dir) throws IOException {
        int[] n = {0};
        DemoWriter.geojson(dir.resolve(DemoFiles.ADMIN_UNITS), out -> {
            OldUnit province = ref.province();
            out.feature(unit(province.code(), province.name(), "Quảng Nam", province.unitType(), "province", null, null,
                    DemoFiles.REFORM_DATE, 10_574.0, 1_747_147, centroid(p.province())), degrees(p.province()));
            n[0]++;
            for (OldUnit d : ref.districts()) {
                out.feature(unit(d.code(), d.name(), d.shortName(), d.unitType(), "district", d.parentCode(), null,
                        DemoFiles.REFORM_DATE, null, null, centroid(p.districts().get(d.code()))), degrees(p.districts().get(d.code())));
                n[0]++;
            }
            for (OldUnit c : ref.communes()) {
                out.feature(unit(c.code(), c.name(), c.shortName(), c.unitType(), "commune", c.parentCode(), null,
                        DemoFiles.REFORM_DATE, null, null, p.communeCentres().get(c.code())), degrees(p.communes().get(c.code())));
                n[0]++;
            }
            out.feature(unit("48", "Thành phố Đà Nẵng", "Đà Nẵng", "Thành phố", "province", null, DemoFiles.REFORM_DATE, null,
                    null, null, null), null);
            n[0]++;
            for (NewUnit u : ref.newUnits()) {
                out.feature(unit(u.code(), u.name(), u.shortName(), u.unitType(), "commune", "48", DemoFiles.REFORM_DATE, null,
                        u.areaKm2(), u.population(), LocalProjection.toMetres(u.lon(), u.lat())), degrees(p.newUnits().get(u.code())));
                n[0]++;
            }
        });
        return n[0];
    }

    private static Map<String, Object> unit(String code, String name, String shortName, String type, String level, String parent,
                                            String validFrom, String validTo, Double area, Integer population, Coordinate centre) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", name);
        m.put("short_name", shortName);
        m.put("unit_type", type);
        m.put("level", level);
        m.put("parent_code", parent);
        m.put("valid_from", validFrom);
        m.put("valid_to", validTo);
        m.put("area_km2", area);
        m.put("population", population);
        m.put("centre_lon", centre == null ? null : LocalProjection.lon(centre.x));
        m.put("centre_lat", centre == null ? null : LocalProjection.lat(centre.y));
        return m;
    }

    private static int writeSuccession(ReferenceUnits ref, Path dir) throws IOException {
        int[] n = {0};
        DemoWriter.csv(dir.resolve(DemoFiles.SUCCESSION), List.of("old_code", "new_code", "effective_on"), out -> {
            for (NewUnit u : ref.newUnits()) {
                for (String old : u.predecessorCodes()) {
                    out.row(old, u.code(), DemoFiles.REFORM_DATE);
                    n[0]++;
                }
            }
        });
        return n[0];
    }

    private static int writeVillages(ReferenceUnits ref, AdminPartition.Result p, List<Household> households, Path dir,
                                     SplittableRandom random) throws IOException {
        Map<String, Integer> people = new LinkedHashMap<>();
        households.forEach(h -> people.merge(h.villageCode(), h.members(), Integer::sum));
        Map<String, NewUnit> successors = ref.successors();
        int[] n = {0};
        DemoWriter.geojson(dir.resolve(DemoFiles.VILLAGES), out -> {
            for (Village v : p.villages()) {
                boolean mountain = VillagePlanner.MOUNTAIN_DISTRICTS.contains(v.commune().parentCode());
                int synthetic = v.kind().equals("khối phố") ? 1_500 + random.nextInt(2_500)
                        : mountain ? 300 + random.nextInt(600) : 800 + random.nextInt(1_700);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", v.code());
                m.put("name", v.name());
                m.put("kind", v.kind());
                m.put("commune_code", v.commune().code());
                m.put("unit_2025_code", successors.get(v.commune().code()).code());
                m.put("population", people.getOrDefault(v.code(), synthetic));
                m.put("centre_lon", LocalProjection.lon(v.centre().x));
                m.put("centre_lat", LocalProjection.lat(v.centre().y));
                out.feature(m, degrees(v.geom()));
                n[0]++;
            }
        });
        return n[0];
    }

    private static int writeModels(ModelGenerator g, Path dir) throws IOException {
        DemoWriter.csv(dir.resolve(DemoFiles.MODELS), List.of("code", "name", "name_en", "sector", "host", "host_unit_code",
                "origin_village_code", "origin_unit_code", "founded_on", "founded_precision", "recognised_on", "description", "members",
                "party_members", "member_age_min", "member_age_max", "commended_by_party", "commended_by_commission", "source"), out -> {
                    for (DemoRows.Model m : g.models()) {
                        out.row(m.code(), m.name(), m.nameEn(), m.sector(), m.host(), m.hostUnitCode(), m.originVillageCode(),
                                m.originUnitCode(), m.foundedOn(), m.foundedPrecision(), m.recognisedOn(), m.description(), m.members(),
                                m.partyMembers(), m.ageMin(), m.ageMax(), m.commendedByParty(), m.commendedByCommission(), m.source());
                    }
                });
        return g.models().size();
    }

    private static int writeAdoptions(ModelGenerator g, Path dir) throws IOException {
        DemoWriter.csv(dir.resolve(DemoFiles.ADOPTIONS), List.of("model_code", "village_code", "started_on", "ended_on", "members"), out -> {
            for (DemoRows.Adoption a : g.adoptions()) {
                out.row(a.modelCode(), a.villageCode(), a.startedOn(), a.endedOn(), a.members());
            }
        });
        return g.adoptions().size();
    }

    private static int writeHouseholds(List<Household> households, Path dir) throws IOException {
        DemoWriter.csv(dir.resolve(DemoFiles.HOUSEHOLDS), List.of("code", "village_code", "lon", "lat", "head_name", "phone", "members",
                "elderly", "young_children", "disabled", "pregnant", "house_class", "ground_elevation_m", "status"), out -> {
                    for (Household h : households) {
                        out.row(h.code(), h.villageCode(), DemoWriter.num(LocalProjection.lon(h.x()), 6),
                                DemoWriter.num(LocalProjection.lat(h.y()), 6), h.headName(), h.phone(), h.members(), h.elderly(),
                                h.youngChildren(), h.disabled(), h.pregnant(), h.houseClass(), DemoWriter.num(h.elevation(), 2), "safe");
                    }
                });
        return households.size();
    }

    private static int writeSites(SiteGenerator g, Path dir) throws IOException {
        DemoWriter.csv(dir.resolve(DemoFiles.EVACUATION_POINTS), List.of("code", "name", "kind", "commune_code", "village_code", "lon", "lat",
                "capacity_day", "capacity_night", "is_open", "elevation_m", "services", "host_household_code"), out -> {
                    for (DemoRows.Site s : g.sites()) {
                        out.row(s.code(), s.name(), s.kind(), s.communeCode(), s.villageCode(), DemoWriter.num(LocalProjection.lon(s.x()), 6),
                                DemoWriter.num(LocalProjection.lat(s.y()), 6), s.capacityDay(), s.capacityNight(), s.open(),
                                DemoWriter.num(s.elevation(), 2), String.join(";", s.services()), s.hostHouseholdCode());
                    }
                });
        return g.sites().size();
    }

    private static int writeNodes(RoadGenerator g, Path dir) throws IOException {
        DemoWriter.csv(dir.resolve(DemoFiles.ROAD_NODES), List.of("id", "lon", "lat", "elevation_m"), out -> {
            for (DemoRows.RoadNode n : g.nodes()) {
                out.row(n.id(), DemoWriter.num(LocalProjection.lon(n.x()), 6), DemoWriter.num(LocalProjection.lat(n.y()), 6),
                        DemoWriter.num(n.elevation(), 2));
            }
        });
        return g.nodes().size();
    }

    private static int writeRoads(RoadGenerator g, Path dir) throws IOException {
        DemoWriter.csv(dir.resolve(DemoFiles.ROADS), List.of("id", "name", "road_class", "source", "target", "elevation_m", "wkt"), out -> {
            for (DemoRows.Road r : g.roads()) {
                out.row(r.id(), r.name(), r.roadClass(), r.source(), r.target(), DemoWriter.num(r.elevation(), 2),
                        DemoWriter.wkt((LineString) LocalProjection.toDegrees(r.geom())));
            }
        });
        return g.roads().size();
    }

    private static int writeScenarios(FloodGenerator g, Path dir) throws IOException {
        DemoWriter.geojson(dir.resolve(DemoFiles.FLOOD_SCENARIOS), out -> {
            for (DemoRows.Scenario s : g.scenarios()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", s.code());
                m.put("name", s.name());
                m.put("name_en", s.nameEn());
                m.put("kind", s.kind());
                m.put("river", s.river());
                m.put("gauge", s.gauge());
                m.put("river_level_m", s.riverLevel());
                m.put("alarm_level", s.alarmLevel());
                m.put("water_level_m", s.waterLevel());
                m.put("description", s.description());
                out.feature(m, degrees(s.geom()));
            }
        });
        return g.scenarios().size();
    }

    /** A metric polygon in degrees; rounding to 1e-6 keeps shared edges identical, and it stays valid. */
    private static Geometry degrees(Geometry metric) {
        if (metric == null) {
            return null;
        }
        Geometry g = LocalProjection.toDegrees(metric);
        if (!g.isValid()) {
            log.warn("geometry became invalid when rounded to degrees; repaired");
            g = GeometryFixer.fix(g);
        }
        // overlay output starts its rings wherever its hash maps happen to: normalise for stable bytes,
        // then orient rings by the right-hand rule of RFC 7946 (shells counter-clockwise)
        g.normalize();
        return rightHandRule(g);
    }

    private static Geometry rightHandRule(Geometry g) {
        if (g instanceof org.locationtech.jts.geom.Polygon p) {
            var factory = p.getFactory();
            var shell = ccw(p.getExteriorRing(), true);
            var holes = new org.locationtech.jts.geom.LinearRing[p.getNumInteriorRing()];
            for (int i = 0; i < holes.length; i++) {
                holes[i] = ccw(p.getInteriorRingN(i), false);
            }
            return factory.createPolygon(shell, holes);
        }
        if (g instanceof org.locationtech.jts.geom.MultiPolygon mp) {
            var parts = new org.locationtech.jts.geom.Polygon[mp.getNumGeometries()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = (org.locationtech.jts.geom.Polygon) rightHandRule(mp.getGeometryN(i));
            }
            return mp.getFactory().createMultiPolygon(parts);
        }
        return g;
    }

    private static org.locationtech.jts.geom.LinearRing ccw(org.locationtech.jts.geom.LinearRing ring, boolean wantCcw) {
        boolean isCcw = org.locationtech.jts.algorithm.Orientation.isCCW(ring.getCoordinateSequence());
        return isCcw == wantCcw ? ring : ring.reverse();
    }

    private static Coordinate centroid(Geometry g) {
        return g.getInteriorPoint().getCoordinate();
    }
}
