package org.communeatlas.floods.plan;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.communeatlas.floods.impact.FloodAnalysis.Reason;

/**
 * What a plan moves and where.
 *
 * @param move        which households must move: flooded, isolated, weak_house (class 3–4 in villages the flood reaches)
 * @param overnight   use the sites' overnight capacity
 * @param intersperse also place families in solid houses of their own village (xen ghép)
 * @param radiusM     road distance within which every site is offered to every household
 * @param wadeM       how far a household in the water may go, straight, to reach a road with a dry way to a site
 *                    (the plan is made as the water rises: those farther out are rescued by boat)
 * @param keep        a stable re-plan: households the newest plan placed keep their site while it is open, reachable and
 *                    has room ({@link StableReplan}); only the others are placed again
 * @param preemptive  the flood is a forecast (sơ tán phòng tránh): routes use the roads as they are now (open unless
 *                    closed), and everyone inside the forecast extent, and in weak houses, goes to an open site outside it
 * @param levelTimes  when each alarm level (1–3) is expected: the schedule says who must leave by when
 */
public record PlanOptions(Set<Reason> move, boolean overnight, boolean intersperse, double radiusM, double wadeM, boolean keep,
                          boolean preemptive, SortedMap<Integer, OffsetDateTime> levelTimes) {

    public static final PlanOptions DEFAULT = new PlanOptions(EnumSet.allOf(Reason.class), false, true, 10_000, 1_000, false, false,
            java.util.Collections.unmodifiableSortedMap(new TreeMap<>()));

    /** The options as the plan keeps them (JSON in {@code evacuation_plan.options}). */
    public record Stored(List<String> move, boolean overnight, boolean intersperse, double radius_m, double wade_m, boolean keep,
                         boolean preemptive, Map<Integer, String> levels) {

        /** The same plan made again as a stable re-plan of the newest one (after a road closes or opens). */
        PlanOptions replanned() {
            Set<Reason> reasons = EnumSet.noneOf(Reason.class);
            move.forEach(m -> reasons.add(Reason.valueOf(m.toUpperCase(java.util.Locale.ROOT))));
            SortedMap<Integer, OffsetDateTime> times = new TreeMap<>();
            if (levels != null) {
                levels.forEach((l, t) -> times.put(l, OffsetDateTime.parse(t)));
            }
            return new PlanOptions(reasons, overnight, intersperse, radius_m, wade_m, true, preemptive, times);
        }
    }

    Stored stored() {
        Map<Integer, String> levels = new TreeMap<>();
        levelTimes.forEach((l, t) -> levels.put(l, t.toString()));
        return new Stored(move.stream().map(Reason::code).toList(), overnight, intersperse, radiusM, wadeM, keep, preemptive, levels);
    }
}
