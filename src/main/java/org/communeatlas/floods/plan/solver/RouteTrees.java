package org.communeatlas.floods.plan.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.floods.plan.solver.PlanResult.RouteStep;
import org.communeatlas.floods.routing.ShortestPaths;

/** The routes of a plan, as one tree per site used: the steps every household of the site walks, with the people on each. */
final class RouteTrees {

    private RouteTrees() {
    }

    /** The route tree of every used site, grown once per site until it has settled the node of each of its households; each household's
     * road distance to its site is written to {@code dist}. */
    static List<RouteStep> grow(PlanInput in, ShortestPaths paths, int[] site, double[] dist) {
        Map<Integer, List<Integer>> bySite = new HashMap<>();
        for (int i = 0; i < site.length; i++) {
            if (site[i] >= 0) {
                bySite.computeIfAbsent(site[i], k -> new ArrayList<>()).add(i);
            }
        }
        List<RouteStep> steps = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : bySite.entrySet()) {
            int s = e.getKey();
            Set<Integer> targets = new HashSet<>();
            for (int i : e.getValue()) {
                targets.add(in.families().node()[i]);
            }
            int[] left = {targets.size()};
            paths.run(in.sites().node()[s], Double.POSITIVE_INFINITY, (v, d) -> !targets.contains(v) || --left[0] > 0);
            Map<Integer, int[]> tree = new HashMap<>(); // node → {edge, next, people}
            for (int i : e.getValue()) {
                int v = in.families().node()[i];
                dist[i] = paths.distance(v);
                while (v != in.sites().node()[s]) {
                    int edge = paths.predecessorEdge(v);
                    int next = in.network().graph().otherEnd(edge, v);
                    int[] step = tree.computeIfAbsent(v, k -> new int[] {edge, next, 0});
                    step[2] += in.families().members()[i];
                    v = next;
                }
            }
            tree.forEach((node, st) -> steps.add(new RouteStep(s, node, st[0], st[1], st[2])));
        }
        return steps;
    }
}
