package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.floods.plan.solver.PlanResult;
import org.communeatlas.floods.plan.solver.PlanResult.RouteStep;
import org.communeatlas.floods.routing.RoadGraph;

/**
 * Who must leave by when, before the water (sơ tán phòng tránh): each household of a pre-emptive plan belongs to the
 * lowest alarm level whose stored scenario covers its home or its road node — it must be gone before that level — and,
 * per level, how many families could still leave along their planned route once the water stands at that level (a route
 * is cut when any of its roads lies in the level's extent). Households no scenario covers leave with the highest level.
 */
final class EvacuationSchedule {

    /**
     * A level of the schedule.
     *
     * @param households      the families that must leave before it (their home or road floods at this level)
     * @param canLeaveByRoad  of the families placed and still home at this level (theirs or a later one), those whose route is still dry
     * @param stillHome       the families placed whose level is this one or later
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Level(int level, String leaveBy, int households, int people, int placed, int stillHome, int canLeaveByRoad) {
    }

    /** The schedule: each household's level (in the problem's order) and the levels' figures. */
    record Schedule(short[] householdLevel, List<Level> levels) {
    }

    private EvacuationSchedule() {
    }

    static Schedule of(Connection c, ScheduleStore store, int floodId, PlanService.Problem p, PlanResult r, Map<Integer, OffsetDateTime> times)
            throws SQLException {
        Map<Integer, Integer> scenarios = store.levelScenarios(c, floodId);
        int n = p.households().size();
        short[] level = new short[n];
        if (scenarios.isEmpty()) {
            return new Schedule(level, List.of());
        }
        int last = scenarios.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<Long, Integer> found = store.householdLevels(c, p.input().families().ids(), scenarios);
        for (int i = 0; i < n; i++) {
            level[i] = (short) (int) found.getOrDefault(p.input().families().ids()[i], last);
        }
        RoadGraph g = p.input().network().graph();
        Map<Integer, Map<Integer, RouteStep>> trees = new HashMap<>();
        for (RouteStep st : r.steps()) {
            trees.computeIfAbsent(st.site(), k -> new HashMap<>()).put(st.node(), st);
        }
        List<Level> levels = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : scenarios.entrySet()) {
            int l = e.getKey();
            Set<Long> flooded = store.floodedRoads(c, e.getValue());
            Map<Long, Boolean> dry = new HashMap<>();
            int households = 0, people = 0, placed = 0, home = 0, byRoad = 0;
            for (int i = 0; i < n; i++) {
                if (level[i] == l) {
                    households++;
                    people += p.input().families().members()[i];
                    placed += r.site()[i] >= 0 ? 1 : 0;
                }
                if (level[i] >= l && r.site()[i] >= 0) {
                    home++;
                    if (routeDry(g, trees.get(r.site()[i]), p.input().families().node()[i], r.site()[i], flooded, dry)) {
                        byRoad++;
                    }
                }
            }
            OffsetDateTime at = times.get(l);
            levels.add(new Level(l, at == null ? null : at.toString(), households, people, placed, home, byRoad));
        }
        return new Schedule(level, levels);
    }

    /** Whether the route from {@code node} to the site stays off the flooded roads (memoised per site and node). */
    private static boolean routeDry(RoadGraph g, Map<Integer, RouteStep> tree, int node, int site, Set<Long> flooded, Map<Long, Boolean> memo) {
        List<Long> walked = new ArrayList<>();
        boolean ok = true;
        int v = node;
        while (tree != null && tree.containsKey(v)) {
            long key = ((long) site << 32) | v;
            Boolean known = memo.get(key);
            if (known != null) {
                ok = known;
                break;
            }
            walked.add(key);
            RouteStep st = tree.get(v);
            if (flooded.contains(g.edgeId(st.edge()))) {
                ok = false;
                break;
            }
            v = st.next();
        }
        for (long k : walked) {
            memo.put(k, ok);
        }
        return ok;
    }
}
