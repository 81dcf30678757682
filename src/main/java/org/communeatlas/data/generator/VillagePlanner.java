package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.communeatlas.data.ReferenceUnits.OldUnit;
import org.locationtech.jts.geom.Coordinate;

/**
 * How many villages a commune has, what they are called and what kind they are. Real village names
 * where they are known (FACTS.md: Tam An's four, Tam Thăng's Kim Đới, Vĩnh Bình, Mỹ Cang, Xuân Quý,
 * Tam Phú's Phú Đông, Tam Thanh's Hòa Hạ and Hòa Thượng); the rest synthetic but in the style of the place.
 */
final class VillagePlanner {

    /** Mountain districts: Tây Giang, Đông Giang, Nam Giang, Phước Sơn, Bắc Trà My, Nam Trà My. */
    static final Set<String> MOUNTAIN_DISTRICTS = Set.of("504", "505", "510", "511", "515", "516");

    /** Real village lists and counts (commune code → known names, total villages). */
    static final Map<String, List<String>> KNOWN_NAMES = Map.of(
            "20368", List.of("An Thọ", "An Thiện", "An Hòa", "An Mỹ"),
            "20362", List.of("Kim Đới", "Vĩnh Bình", "Mỹ Cang", "Xuân Quý"),
            "20371", List.of("Phú Đông"),
            "20359", List.of("Hòa Hạ", "Hòa Thượng"));
    static final Map<String, Integer> KNOWN_COUNTS = Map.of("20368", 4, "20362", 8, "20371", 7, "20359", 6);

    record Plan(OldUnit commune, String kind, List<String> codes, List<String> names, List<Coordinate> centres) {
        Plan withCentres(List<Coordinate> c) {
            return new Plan(commune, kind, codes, names, c);
        }
    }

    Plan plan(OldUnit commune, double areaKm2, SplittableRandom random) {
        boolean urban = !commune.unitType().equals("Xã");
        boolean mountain = MOUNTAIN_DISTRICTS.contains(commune.parentCode());
        int count = KNOWN_COUNTS.getOrDefault(commune.code(), defaultCount(areaKm2, urban, mountain, random));
        Set<String> names = new LinkedHashSet<>(KNOWN_NAMES.getOrDefault(commune.code(), List.of()));
        String[] pool = mountain ? NamePools.MOUNTAIN_VILLAGES : NamePools.VILLAGE_SYLLABLES;
        int guard = 0;
        while (names.size() < count && guard++ < 10_000) {
            if (mountain) {
                names.add(pool[random.nextInt(pool.length)]);
            } else {
                String a = pool[random.nextInt(pool.length)];
                String b = pool[random.nextInt(pool.length)];
                if (!a.equals(b)) {
                    names.add(a + " " + b);
                }
            }
        }
        List<String> codes = new ArrayList<>();
        for (int i = 1; i <= names.size(); i++) {
            codes.add(commune.code() + "-" + String.format("%02d", i));
        }
        return new Plan(commune, urban ? "khối phố" : "thôn", codes, new ArrayList<>(names), List.of());
    }

    private static int defaultCount(double areaKm2, boolean urban, boolean mountain, SplittableRandom random) {
        if (urban) {
            return 6 + random.nextInt(7);
        }
        if (mountain) {
            return 4 + random.nextInt(6);
        }
        int n = (int) Math.round(4 + Math.sqrt(areaKm2) * 0.75) + random.nextInt(3) - 1;
        return Math.max(4, Math.min(15, n));
    }
}
