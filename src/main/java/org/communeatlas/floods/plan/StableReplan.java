package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.floods.plan.solver.PlanInput;

/**
 * A re-plan that keeps what the previous plan decided: during a flood, families already told where to go (or on their
 * way) are not sent elsewhere because a road closed across the province. A household keeps its site when the site is
 * still offered (open, dry), its road node still reaches the site's over the roads passable now, and the site still
 * has room once the households kept before it are counted (vulnerable families first, then smaller ones). Only the
 * others are planned again.
 */
final class StableReplan {

    /** Ids listed per kind of change; the counts are always whole. */
    static final int MAX_LISTED = 500;

    /**
     * What a re-plan changed against the plan it started from.
     *
     * @param kept           households at the site the previous plan gave them
     * @param moved          households sent to another site (theirs closed, filled or became unreachable)
     * @param newlyAssigned  households the previous plan did not place (or did not list) that have a site now
     * @param newlyStranded  households the previous plan placed that have none now
     * @param leftPlan       households of the previous plan that need not move any more (sheltered, dry again)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Changes(int fromPlan, int kept, int moved, int newlyAssigned, int newlyStranded, int stillUnassigned, int leftPlan,
                   List<Long> movedIds, List<Long> newlyAssignedIds, List<Long> newlyStrandedIds) {
    }

    private StableReplan() {
    }

    /**
     * The problem with each household's kept site ({@link PlanInput#fixedSite}) and the room the kept households leave
     * at each site.
     */
    static PlanInput keep(PlanInput in, Map<Long, Integer> previous) {
        int n = in.families().count();
        int[] fixed = new int[n];
        Arrays.fill(fixed, -1);
        Map<Integer, Integer> siteIndex = new HashMap<>();
        for (int s = 0; s < in.sites().count(); s++) {
            siteIndex.put(in.sites().ids()[s], s);
        }
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Integer siteId = previous.get(in.families().ids()[i]);
            Integer s = siteId == null ? null : siteIndex.get(siteId);
            int node = in.families().node()[i];
            if (s != null && node >= 0 && in.sites().node()[s] >= 0 && in.network().component()[node] == in.network().component()[in.sites().node()[s]]
                    && (in.sites().village()[s] < 0 || in.sites().village()[s] == in.families().village()[i])) {
                fixed[i] = s;
                candidates.add(i);
            }
        }
        candidates.sort((x, y) -> in.families().vulnerable()[x] != in.families().vulnerable()[y] ? (in.families().vulnerable()[x] ? -1 : 1)
                : Integer.compare(in.families().members()[x], in.families().members()[y]));
        int[] room = in.sites().capacity().clone();
        for (int i : candidates) {
            int s = fixed[i];
            if (room[s] >= in.families().members()[i]) {
                room[s] -= in.families().members()[i];
            } else {
                fixed[i] = -1;
            }
        }
        return new PlanInput(in.network(), in.families(), in.sites().withCapacity(room), in.radiusM(), fixed);
    }

    /** Compares the new placements with the previous plan's. */
    static Changes changes(int fromPlan, PlanInput in, int[] site, Map<Long, Integer> previous) {
        int kept = 0, moved = 0, assigned = 0, stranded = 0, still = 0;
        List<Long> movedIds = new ArrayList<>(), assignedIds = new ArrayList<>(), strandedIds = new ArrayList<>();
        java.util.Set<Long> present = new java.util.HashSet<>();
        for (int i = 0; i < in.families().count(); i++) {
            long id = in.families().ids()[i];
            present.add(id);
            Integer before = previous.get(id);
            Integer now = site[i] >= 0 ? in.sites().ids()[site[i]] : null;
            if (before != null && before.equals(now)) {
                kept++;
            } else if (before != null && now != null) {
                moved++;
                list(movedIds, id);
            } else if (now != null) {
                assigned++;
                list(assignedIds, id);
            } else if (before != null) {
                stranded++;
                list(strandedIds, id);
            } else {
                still++;
            }
        }
        int left = (int) previous.keySet().stream().filter(id -> !present.contains(id)).count();
        return new Changes(fromPlan, kept, moved, assigned, stranded, still, left, movedIds, assignedIds, strandedIds);
    }

    private static void list(List<Long> ids, long id) {
        if (ids.size() < MAX_LISTED) {
            ids.add(id);
        }
    }
}
