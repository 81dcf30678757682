package org.communeatlas.floods.impact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.floods.impact.FloodAnalysis.Site;
import org.communeatlas.floods.impact.FloodAnalysis.Unit;

/**
 * {@code GET /api/floods/{id}/impact}: InaSAFE's hazard × exposure → affected people → minimum needs,
 * with isolation added. Counts per village, per commune and in total; no household appears on its own,
 * so the report carries no personal data. "Affected" is flooded or isolated; weak houses (safety class 3–4)
 * of the villages the flood reaches are counted apart, since a plan may move them too.
 */
public final class ImpactReport {

    private ImpactReport() {
    }

    /** Counters for one unit. */
    static final class Tally {
        long householdsFlooded, peopleFlooded, householdsIsolated, peopleIsolated;
        long elderly, youngChildren, disabled, pregnant, vulnerableHouseholds;
        long houseClass3, houseClass4, weakNearbyHouseholds, weakNearbyPeople;
        long depthShallow, depthMedium, depthDeep, depthUnknown, noDryRoute, sheltered;

        void add(Household h) {
            if (!h.flooded() && !h.cutOff()) {
                weakNearbyHouseholds++;
                weakNearbyPeople += h.members();
                return;
            }
            if (h.flooded()) {
                householdsFlooded++;
                peopleFlooded += h.members();
                Double d = h.depthM();
                if (d == null) {
                    depthUnknown++;
                } else if (d < 0.7) {
                    depthShallow++;
                } else if (d <= 1.5) {
                    depthMedium++;
                } else {
                    depthDeep++;
                }
            } else {
                householdsIsolated++;
                peopleIsolated += h.members();
            }
            if (h.cutOff()) {
                noDryRoute++;
            }
            if (h.sheltered()) {
                sheltered++;
            }
            elderly += h.elderly();
            youngChildren += h.youngChildren();
            disabled += h.disabled();
            pregnant += h.pregnant();
            if (h.vulnerable()) {
                vulnerableHouseholds++;
            }
            if (h.houseClass() == 3) {
                houseClass3++;
            } else if (h.houseClass() == 4) {
                houseClass4++;
            }
        }

        long peopleAffected() {
            return peopleFlooded + peopleIsolated;
        }

        /** Households counted: those the water reaches or cuts off, and the weak houses near it. */
        long households() {
            return householdsFlooded + householdsIsolated + weakNearbyHouseholds;
        }

        /** A count of a personal field, or "< 5" where the group is so small the count would be a family's. */
        private Object count(long value, boolean suppress) {
            return suppress && households() < FloodEvents.SMALLEST_PUBLIC_GROUP ? "< " + FloodEvents.SMALLEST_PUBLIC_GROUP : (Object) value;
        }

        Map<String, Object> toMap(List<NeedsProfile.Item> needs, boolean detailed, boolean suppress) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("households_flooded", householdsFlooded);
            m.put("people_flooded", peopleFlooded);
            m.put("households_isolated", householdsIsolated);
            m.put("people_isolated", peopleIsolated);
            m.put("households_affected", householdsFlooded + householdsIsolated);
            m.put("people_affected", peopleAffected());
            m.put("households_without_dry_route", noDryRoute);
            m.put("households_sheltered", sheltered);
            m.put("vulnerable", Map.of("elderly", count(elderly, suppress), "young_children", count(youngChildren, suppress),
                    "disabled", count(disabled, suppress), "pregnant", count(pregnant, suppress), "households", count(vulnerableHouseholds, suppress)));
            m.put("house_class_3", count(houseClass3, suppress));
            m.put("house_class_4", count(houseClass4, suppress));
            m.put("weak_houses_nearby", Map.of("households", count(weakNearbyHouseholds, suppress), "people", count(weakNearbyPeople, suppress)));
            if (detailed) {
                Map<String, Object> depth = new LinkedHashMap<>();
                depth.put("below_0_7_m", count(depthShallow, suppress));
                depth.put("0_7_to_1_5_m", count(depthMedium, suppress));
                depth.put("above_1_5_m", count(depthDeep, suppress));
                depth.put("unknown", count(depthUnknown, suppress));
                m.put("depth_households", depth);
                m.put("needs", NeedsProfile.needs(needs, peopleAffected()));
            } else {
                m.put("needs", NeedsProfile.quantities(needs, peopleAffected()));
            }
            return m;
        }
    }

    /**
     * The report; with {@code suppress} (readers who see no personal data), the counts of personal fields — vulnerable
     * members, house classes, depths — of a group of fewer than five households read "< 5": a count over one family is
     * that family.
     */
    public static Map<String, Object> build(FloodAnalysis a, List<NeedsProfile.Item> needs, boolean suppress) {
        Tally total = new Tally();
        Map<Integer, Tally> byVillage = new TreeMap<>();
        Map<Integer, Tally> byCommune = new TreeMap<>();
        for (Household h : a.households()) {
            total.add(h);
            byVillage.computeIfAbsent(h.villageId(), k -> new Tally()).add(h);
            byCommune.computeIfAbsent(h.communeId(), k -> new Tally()).add(h);
        }
        Map<String, Object> totals = total.toMap(needs, true, suppress);
        totals.put("roads_flooded_edges", a.floodedEdges());
        totals.put("roads_flooded_km", Math.round(a.floodedRoadKm() * 10) / 10.0);
        int sitesFlooded = 0, refuges = 0, places = 0;
        for (Site s : a.sites()) {
            if (s.flooded()) {
                sitesFlooded++;
            } else if (s.publicRefuge()) {
                refuges++;
                places += s.available(false);
            }
        }
        totals.put("sites_flooded", sitesFlooded);
        totals.put("sites_open_dry", refuges);
        totals.put("places_available", places);

        List<Map<String, Object>> communes = new ArrayList<>();
        byCommune.forEach((id, t) -> {
            Unit u = a.communes().get(id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", u.code());
            m.put("name", u.name());
            m.putAll(t.toMap(needs, false, suppress));
            communes.add(m);
        });
        communes.sort(Comparator.comparing((Map<String, Object> m) -> -(long) m.get("people_affected")).thenComparing(m -> (String) m.get("code")));
        List<Map<String, Object>> villages = new ArrayList<>();
        byVillage.forEach((id, t) -> {
            Unit v = a.villages().get(id);
            Unit c = a.communes().get(v.parentId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", v.code());
            m.put("name", v.name());
            m.put("commune_code", c.code());
            m.put("commune_name", c.name());
            m.put("isolated", t.householdsIsolated > 0);
            m.putAll(t.toMap(needs, false, suppress));
            villages.add(m);
        });
        villages.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("commune_code")).thenComparing(m -> (String) m.get("code")));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flood", a.event());
        out.put("totals", totals);
        out.put("communes", communes);
        out.put("villages", villages);
        out.put("notes", List.of(
                "Affected = flooded (inside the flood) or isolated (dry, but no dry road to an open evacuation point).",
                "Needs are per week for the affected people (toilets once), rounded up; per-unit figures are rounded up separately.",
                "A road edge touching the water is impassable."));
        out.put("computed_ms", a.computedMs());
        return out;
    }
}
