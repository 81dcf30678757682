package org.communeatlas.floods.situation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.floods.impact.FloodAnalysis;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.floods.impact.FloodAnalysis.Unit;
import org.communeatlas.floods.impact.FloodAnalyzer;
import org.communeatlas.floods.impact.NeedsProfile;
import org.communeatlas.floods.situation.Situation.Counts;
import org.communeatlas.floods.situation.Situation.Delivery;

/**
 * Builds the situation board from the flood's analysis (who is flooded or cut off now, with the roads as they are) and
 * the live rows: households' status, sites' occupancy, calls for help. Every number follows the check-ins at once: the
 * analysis is recomputed after any change to households, sites or roads.
 */
public final class SituationService {

    private static final BigDecimal DAYS_PER_WEEK = BigDecimal.valueOf(7);

    private final DataSource db;
    private final FloodAnalyzer analyzer;
    private final SituationStore store = new SituationStore();

    public SituationService(DataSource db, FloodAnalyzer analyzer) {
        this.db = db;
        this.analyzer = analyzer;
    }

    public Situation situation(int floodId) throws SQLException {
        FloodAnalysis a = analyzer.analyse(floodId);
        try (Connection c = db.getConnection()) {
            List<NeedsProfile.Item> items = NeedsProfile.items(c);
            Map<Integer, Integer> sosPerCommune = store.openSosByCommune(c, floodId);
            Map<Integer, int[]> perCommune = new LinkedHashMap<>();
            int[] total = new int[8];
            for (Household h : a.households()) {
                if (!h.flooded() && !h.cutOff()) {
                    continue; // a weak house the flood does not reach: not at risk from it now
                }
                int[] c1 = perCommune.computeIfAbsent(h.communeId(), k -> new int[8]);
                for (int[] t : new int[][] {c1, total}) {
                    add(t, h);
                }
            }
            List<Counts> communes = new ArrayList<>();
            perCommune.forEach((id, n) -> {
                Unit u = a.communes().get(id);
                communes.add(counts(u == null ? null : u.code(), u == null ? null : u.name(), n, sosPerCommune.getOrDefault(id, 0)));
            });
            communes.sort(Comparator.comparingInt(Counts::atRiskPeople).reversed().thenComparing(Counts::code));
            Map<String, Integer> byState = new LinkedHashMap<>();
            for (String s : org.communeatlas.sos.SosChange.STATES) {
                byState.put(s, 0);
            }
            byState.putAll(store.sosByState(c, floodId));
            int open = byState.get("new") + byState.get("verified") + byState.get("assigned");
            List<Situation.Site> sites = new ArrayList<>();
            Map<String, Long> all = new HashMap<>();
            int people = 0;
            for (SituationStore.SiteRow s : store.sites(c, perCommune.keySet().toArray(Integer[]::new))) {
                people += s.occupancy();
                sites.add(new Situation.Site(s.id(), s.code(), s.name(), s.kind(), s.communeCode(), s.communeName(), s.open(), s.capacityDay(),
                        s.capacityNight(), s.occupancy(), s.reserved(), Math.max(s.capacityDay() - s.occupancy() - s.reserved(), 0),
                        deliveries(items, s.occupancy())));
            }
            return new Situation(floodId, a.event().name(), OffsetDateTime.now(), counts(null, "Tổng cộng", total, open), communes,
                    new Situation.Sos(open, byState.get("duplicate"), byState), sites, deliveries(items, people));
        }
    }

    /** The on-the-spot forces of every village the flood puts at risk, hardest hit (vulnerable people at risk) first. */
    public Forces forces(int floodId) throws SQLException {
        FloodAnalysis a = analyzer.analyse(floodId);
        Map<Integer, int[]> perVillage = new LinkedHashMap<>();
        for (Household h : a.households()) {
            if (h.flooded() || h.cutOff()) {
                add(perVillage.computeIfAbsent(h.villageId(), k -> new int[8]), h);
            }
        }
        Map<Integer, List<Forces.Group>> groups = new HashMap<>();
        try (Connection c = db.getConnection()) {
            for (SituationStore.ForceRow f : store.forces(c, perVillage.keySet().toArray(Integer[]::new))) {
                groups.computeIfAbsent(f.villageId(), k -> new ArrayList<>())
                        .add(new Forces.Group(f.modelId(), f.code(), f.name(), f.sector(), f.host(), f.members()));
            }
        }
        List<Forces.Village> villages = new ArrayList<>();
        perVillage.forEach((id, n) -> {
            Unit v = a.villages().get(id);
            Unit commune = v == null ? null : a.communes().get(v.parentId());
            List<Forces.Group> here = groups.getOrDefault(id, List.of());
            villages.add(new Forces.Village(v == null ? null : v.code(), v == null ? null : v.name(), commune == null ? null : commune.code(),
                    commune == null ? null : commune.name(), n[0], n[1], n[2], n[2] > 0 && here.isEmpty(), here));
        });
        villages.sort(Comparator.comparingInt(Forces.Village::atRiskVulnerablePeople).reversed().thenComparing(Forces.Village::code));
        int without = (int) villages.stream().filter(Forces.Village::needsForce).count();
        return new Forces(floodId, villages.size(), without, villages);
    }

    private static void add(int[] t, Household h) {
        if (h.sheltered()) {
            t[5]++;
            t[6] += h.members();
        } else {
            t[0]++;
            t[1] += h.members();
            t[2] += h.elderly() + h.youngChildren() + h.disabled() + h.pregnant();
        }
        t[3] += h.flooded() ? 1 : 0;
        t[4] += !h.flooded() && h.cutOff() ? 1 : 0;
    }

    private static Counts counts(String code, String name, int[] n, int openSos) {
        return new Counts(code, name, n[0], n[1], n[2], n[3], n[4], n[5], n[6], openSos);
    }

    /** The day's deliveries for {@code people}: weekly items a seventh of the week's, rounded up; one-off items whole. */
    static List<Delivery> deliveries(List<NeedsProfile.Item> items, int people) {
        List<Delivery> out = new ArrayList<>();
        for (NeedsProfile.Item i : items) {
            boolean weekly = i.frequency().equals("weekly");
            BigDecimal q = i.perPerson().multiply(BigDecimal.valueOf(people));
            long quantity = (weekly ? q.divide(DAYS_PER_WEEK, 0, RoundingMode.CEILING) : q.setScale(0, RoundingMode.CEILING)).longValueExact();
            out.add(new Delivery(i.code(), i.nameVi(), i.unit(), weekly ? "day" : "once", quantity));
        }
        return out;
    }
}
