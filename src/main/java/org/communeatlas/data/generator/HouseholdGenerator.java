package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.communeatlas.data.generator.AdminPartition.Village;
import org.communeatlas.data.generator.DemoRows.Household;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Synthetic households: one point each, in village clusters along the village lanes, inside their
 * village. By default up to 100,000 households go to Tam Kỳ and Phú Ninh (the demo: about 50,000) and
 * larger sets spread over every mainland village; a dense benchmark set may keep them all in the delta. Names, phones and people are invented; phone
 * numbers start with 000, which no Vietnamese number does.
 */
final class HouseholdGenerator {

    /** Tam Kỳ city and Phú Ninh district: where the demo's households live. */
    static final Set<String> DEMO_DISTRICTS = Set.of("502", "518");

    private final List<Household> households = new ArrayList<>();

    List<Household> households() {
        return households;
    }

    void generate(List<Village> villages, Map<String, List<LineString>> lanes, Terrain terrain, int total, boolean provinceWide,
                  SplittableRandom random) {
        List<Village> chosen = villages.stream()
                .filter(v -> lanes.containsKey(v.code()) && !lanes.get(v.code()).isEmpty())
                .filter(v -> provinceWide || DEMO_DISTRICTS.contains(v.commune().parentCode()))
                .toList();
        double[] weights = new double[chosen.size()];
        double sum = 0;
        for (int i = 0; i < chosen.size(); i++) {
            Village v = chosen.get(i);
            double base = v.kind().equals("khối phố") ? 3.0 : VillagePlanner.MOUNTAIN_DISTRICTS.contains(v.commune().parentCode()) ? 0.5 : 1.6;
            weights[i] = base * (0.6 + 0.8 * random.nextDouble());
            sum += weights[i];
        }
        int[] counts = largestRemainder(weights, sum, total);
        long phoneSeed = 1_000_003L + random.nextInt(1_000_000);
        int serial = 0;
        for (int i = 0; i < chosen.size(); i++) {
            Village v = chosen.get(i);
            IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(v.geom());
            List<LineString> villageLanes = lanes.get(v.code());
            double laneTotal = villageLanes.stream().mapToDouble(LineString::getLength).sum();
            boolean urban = v.kind().equals("khối phố");
            boolean mountain = VillagePlanner.MOUNTAIN_DISTRICTS.contains(v.commune().parentCode());
            for (int k = 0; k < counts[i]; k++) {
                Coordinate c = place(v, villageLanes, laneTotal, inside, random);
                serial++;
                int members = members(random);
                int elderly = Math.min(members, random.nextDouble() < 0.32 ? 1 + (random.nextDouble() < 0.3 ? 1 : 0) : 0);
                int young = members >= 3 && random.nextDouble() < 0.38 ? Math.min(members - 2, 1 + random.nextInt(2)) : 0;
                int disabled = random.nextDouble() < 0.045 ? 1 : 0;
                int pregnant = members >= 2 && random.nextDouble() < 0.03 ? 1 : 0;
                String code = "HH-" + v.commune().code() + "-" + String.format("%06d", serial);
                long phoneDigits = Math.floorMod(phoneSeed + serial * 7_919L, 10_000_000L);
                String phone = String.format("000 %03d %04d", phoneDigits / 10_000, phoneDigits % 10_000);
                households.add(new Household(code, v.code(), c.x, c.y, personName(random), phone, members, elderly, young,
                        disabled, pregnant, houseClass(urban, mountain, random), terrain.elevation(c.x, c.y)));
            }
        }
    }

    private static Coordinate place(Village v, List<LineString> lanes, double laneTotal, IndexedPointInAreaLocator inside,
                                    SplittableRandom random) {
        for (int attempt = 0; attempt < 30; attempt++) {
            double pick = random.nextDouble() * laneTotal;
            LineString lane = lanes.get(lanes.size() - 1);
            for (LineString l : lanes) {
                if (pick <= l.getLength()) {
                    lane = l;
                    break;
                }
                pick -= l.getLength();
            }
            // denser near the village centre: a lane's first half takes two thirds of the houses
            double t = Math.pow(random.nextDouble(), 1.4) * lane.getLength();
            LengthIndexedLine index = new LengthIndexedLine(lane);
            double offset = (8 + random.nextDouble() * 30) * (random.nextBoolean() ? 1 : -1);
            Coordinate c = index.extractPoint(t, offset);
            c = new Coordinate(Math.round(c.x * 10) / 10.0, Math.round(c.y * 10) / 10.0);
            if (inside.locate(c) == Location.INTERIOR) {
                return c;
            }
        }
        return Sampling.randomInside(v.geom(), inside, random);
    }

    private static int members(SplittableRandom random) {
        double r = random.nextDouble();
        double[] cumulative = {0.08, 0.25, 0.47, 0.74, 0.88, 0.95, 0.98, 1.0};
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return i + 1;
            }
        }
        return 8;
    }

    private static int houseClass(boolean urban, boolean mountain, SplittableRandom random) {
        double[] shares = urban ? new double[] {0.60, 0.28, 0.09} : mountain ? new double[] {0.25, 0.35, 0.25} : new double[] {0.38, 0.32, 0.20};
        double r = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < shares.length; i++) {
            acc += shares[i];
            if (r < acc) {
                return i + 1;
            }
        }
        return 4;
    }

    static String personName(SplittableRandom random) {
        boolean male = random.nextDouble() < 0.75;
        String family = NamePools.FAMILY_NAMES[random.nextInt(NamePools.FAMILY_NAMES.length)];
        String[] middles = male ? NamePools.MALE_MIDDLE : NamePools.FEMALE_MIDDLE;
        String[] givens = male ? NamePools.MALE_GIVEN : NamePools.FEMALE_GIVEN;
        return family + " " + middles[random.nextInt(middles.length)] + " " + givens[random.nextInt(givens.length)];
    }

    static int[] largestRemainder(double[] weights, double sum, int total) {
        int[] counts = new int[weights.length];
        double[] remainders = new double[weights.length];
        int assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }
        Integer[] order = new Integer[weights.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]) != 0
                ? Double.compare(remainders[b], remainders[a]) : Integer.compare(a, b));
        for (int i = 0; assigned < total && i < order.length; i++, assigned++) {
            counts[order[i]]++;
        }
        return counts;
    }
}
