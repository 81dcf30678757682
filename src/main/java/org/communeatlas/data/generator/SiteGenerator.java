package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.communeatlas.data.ReferenceUnits;
import org.communeatlas.data.ReferenceUnits.OldUnit;
import org.communeatlas.data.generator.AdminPartition.Village;
import org.communeatlas.data.generator.DemoRows.Household;
import org.communeatlas.data.generator.DemoRows.RoadNode;
import org.communeatlas.data.generator.DemoRows.Site;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Location;

/**
 * Evacuation points: a People's Committee office and a school in every commune; where the demo's
 * households live, also secondary schools, health stations, village cultural houses on high ground and
 * solid family houses for interspersed sheltering (xen ghép); and the two real sites Tam Thanh used in
 * storm Molave (28 Oct 2020, 6,000 people): the Provincial Border Guard Command and a provincial college.
 * Sites are chosen on high ground, as the provincial plan asks ("high points: schools, offices, hills").
 */
final class SiteGenerator {

    /** Ground that stays dry even in the November-2020-like flood (2.9 m) with a margin. */
    static final double HIGH_GROUND = 3.6;

    private final List<Site> sites = new ArrayList<>();

    List<Site> sites() {
        return sites;
    }

    void generate(ReferenceUnits ref, AdminPartition.Result partition, List<Household> households, List<RoadNode> roadNodes,
                  Terrain terrain, SplittableRandom random) {
        Map<String, List<Village>> villagesByCommune = new LinkedHashMap<>();
        partition.villages().forEach(v -> villagesByCommune.computeIfAbsent(v.commune().code(), k -> new ArrayList<>()).add(v));
        Map<String, List<Household>> householdsByVillage = new LinkedHashMap<>();
        households.forEach(h -> householdsByVillage.computeIfAbsent(h.villageCode(), k -> new ArrayList<>()).add(h));

        addMolaveSites(partition, roadNodes, random);
        for (OldUnit commune : ref.communes()) {
            boolean detailed = HouseholdGenerator.DEMO_DISTRICTS.contains(commune.parentCode());
            List<Village> villages = villagesByCommune.get(commune.code());
            List<Village> byHeight = new ArrayList<>(villages);
            byHeight.sort(Comparator.comparingDouble((Village v) -> -terrain.elevation(v.centre().x, v.centre().y)));
            int n = 1;
            String label = commune.unitType() + " " + commune.shortName();
            Coordinate centre = partition.communeCentres().get(commune.code());
            Village officeVillage = nearest(villages, centre);
            Coordinate office = terrain.elevation(centre.x, centre.y) >= HIGH_GROUND || !detailed ? centre : byHeight.get(0).centre();
            add(commune, officeVillage.code(), n++, "Trụ sở UBND " + label, "commune_office", offset(office, 25, 15),
                    between(120, 300, random), 0.5, List.of("shelter", "command", "water"), null, terrain, random);
            Village schoolVillage = byHeight.get(0);
            add(commune, schoolVillage.code(), n++, "Trường Tiểu học " + commune.shortName(), "school",
                    offset(schoolVillage.centre(), 60, -40), between(250, 600, random), 0.6, List.of("shelter", "water"), null, terrain, random);
            if (!detailed) {
                continue;
            }
            if (byHeight.size() >= 3) {
                Village second = byHeight.get(1);
                add(commune, second.code(), n++, "Trường THCS " + commune.shortName(), "school", offset(second.centre(), -70, 50),
                        between(400, 900, random), 0.6, List.of("shelter", "water"), null, terrain, random);
            }
            add(commune, officeVillage.code(), n++, "Trạm Y tế " + label, "health_station", offset(office, -40, 30),
                    between(30, 60, random), 1.0, List.of("medical", "shelter"), null, terrain, random);
            for (Village v : villages) {
                if (terrain.elevation(v.centre().x, v.centre().y) < HIGH_GROUND) {
                    continue; // a cultural house on low ground is no refuge
                }
                add(commune, v.code(), n++, "Nhà văn hóa " + v.kind() + " " + v.name(), "cultural_house", offset(v.centre(), -30, -25),
                        between(60, 150, random), 0.5, List.of("shelter"), null, terrain, random);
                List<Household> solid = householdsByVillage.getOrDefault(v.code(), List.of()).stream()
                        .filter(h -> h.houseClass() == 1 && h.elevation() >= HIGH_GROUND && h.members() <= 5).toList();
                for (int k = 0; k < Math.min(3, solid.size()); k++) {
                    Household host = solid.get(k * Math.max(1, solid.size() / 3));
                    int capacity = between(8, 16, random);
                    add(commune, v.code(), n++, "Nhà kiên cố (xen ghép) " + v.kind() + " " + v.name() + " số " + (k + 1), "solid_house",
                            new Coordinate(host.x(), host.y()), capacity, 1.0, List.of("shelter"), host.code(), terrain, random);
                }
            }
        }
    }

    /**
     * Storm Molave, 28 Oct 2020: Tam Thanh evacuated 6,000 people to two sites, the Provincial Border
     * Guard Command and a provincial college. Their real addresses are not in our sources: they stand
     * on the highest road points of two Tam Kỳ wards.
     */
    private void addMolaveSites(AdminPartition.Result partition, List<RoadNode> nodes, SplittableRandom random) {
        RoadNode guard = highestNodeIn(partition.communes().get("20356"), nodes);   // Phường An Phú
        RoadNode college = highestNodeIn(partition.communes().get("20353"), nodes); // Phường Trường Xuân
        sites.add(new Site("EP-49-0001", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Nam", "military", "20356", null,
                guard.x() + 30, guard.y() + 20, 3_500, 3_000, true, guard.elevation(), List.of("shelter", "food", "water", "medical"), null));
        sites.add(new Site("EP-49-0002", "Trường cao đẳng của tỉnh", "college", "20353", null,
                college.x() + 30, college.y() + 20, 2_500, 2_000, true, college.elevation(), List.of("shelter", "food", "water"), null));
    }

    private static RoadNode highestNodeIn(org.locationtech.jts.geom.Geometry area, List<RoadNode> nodes) {
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(area);
        return nodes.stream().filter(n -> locator.locate(new Coordinate(n.x(), n.y())) == Location.INTERIOR)
                .max(Comparator.comparingDouble(RoadNode::elevation).thenComparingLong(n -> -n.id()))
                .orElseThrow(() -> new IllegalStateException("no road in the ward"));
    }

    private void add(OldUnit commune, String villageCode, int n, String name, String kind, Coordinate at, int capacityDay,
                     double nightShare, List<String> services, String host, Terrain terrain, SplittableRandom random) {
        boolean open = random.nextDouble() >= 0.03;
        sites.add(new Site(String.format("EP-%s-%02d", commune.code(), n), name, kind, commune.code(), villageCode, at.x, at.y,
                capacityDay, (int) Math.round(capacityDay * nightShare), open, terrain.elevation(at.x, at.y), services, host));
    }

    private static Village nearest(List<Village> villages, Coordinate c) {
        return villages.stream().min(Comparator.comparingDouble(v -> v.centre().distance(c))).orElseThrow();
    }

    private static Coordinate offset(Coordinate c, double dx, double dy) {
        return new Coordinate(c.x + dx, c.y + dy);
    }

    private static int between(int lo, int hi, SplittableRandom random) {
        return lo + random.nextInt(hi - lo + 1);
    }
}
