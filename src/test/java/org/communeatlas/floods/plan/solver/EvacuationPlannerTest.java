package org.communeatlas.floods.plan.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.communeatlas.floods.plan.solver.PlanResult.RouteStep;
import org.communeatlas.floods.routing.RoadGraph;
import org.junit.jupiter.api.Test;

/**
 * The planner against brute force on small random instances: a 5 × 5 road grid with some roads flooded,
 * seven families, three sites (one a solid house taking only its own village). Brute force tries every way
 * to place every family (4^7 plans) with distances from Floyd–Warshall, independent of the planner's
 * Dijkstra.
 */
class EvacuationPlannerTest {

    private static final int SIDE = 5;
    private static final long PENALTY = EvacuationPlanner.PENALTY;
    private static final long PENALTY_VULNERABLE = EvacuationPlanner.PENALTY_VULNERABLE;

    record Instance(PlanInput input, double[][] dist) {
    }

    @Test
    void smallInstancesAreSolvedToTheBruteForceOptimum() {
        int nontrivial = 0;
        for (int seed = 1; seed <= 40; seed++) {
            Instance inst = instance(new Random(seed));
            long best = bruteForce(inst);
            PlanResult exact = EvacuationPlanner.plan(inst.input(), EvacuationPlanner.Method.AUTO);
            assertEquals(best, exact.objective(), "seed " + seed + ": " + exact.method());
            checkPlan(inst, exact, "seed " + seed);
            PlanResult heuristic = EvacuationPlanner.plan(inst.input(), EvacuationPlanner.Method.FLOW_REPAIR);
            checkPlan(inst, heuristic, "seed " + seed + " (flow + repair)");
            assertTrue(heuristic.objective() >= best, "no whole-family plan beats the optimum");
            assertTrue(heuristic.lowerBoundObjective() <= best, "the flow over people is a lower bound, seed " + seed);
            if (heuristic.objective() != heuristic.lowerBoundObjective()) {
                nontrivial++;
            }
        }
        assertTrue(nontrivial > 0, "some instances split families in the flow, so the repair had work to do");
    }

    @Test
    void vulnerableFamiliesAreServedFirstWhenPlacesAreShort() {
        // one site with 4 places, two families of 4 at the same distance: the one with an elderly member goes
        PlanResult r = twoFamiliesOneSite(new int[] {4, 4}, new boolean[] {false, true}, 4);
        assertEquals(-1, r.site()[0]);
        assertEquals(0, r.site()[1]);
        assertEquals(PlanResult.Unassigned.NO_ROOM, r.unassigned()[0]);
        assertEquals(2000, r.costPersonM());
    }

    @Test
    void peopleAFamilySplitCouldHavePlacedAreCountedShortNotAsDistance() {
        // one site with 5 places, families of 4 and 3 at the same node: the bound places 5 people (a family split), the plan 4
        PlanResult r = twoFamiliesOneSite(new int[] {4, 3}, new boolean[] {false, false}, 5);
        assertEquals(0, r.site()[0]);
        assertEquals(-1, r.site()[1]);
        assertEquals(1, r.peopleShort(), "3 left where the bound leaves 2");
        assertEquals(2500, r.lowerBoundPersonM());
        assertEquals(0.0, r.gap(), "4 people's 2,000 person-m is not above the bound's distance");
        assertTrue(r.objective() - r.lowerBoundObjective() > PENALTY / 2, "the penalty of the person short is in the objective");
    }

    @Test
    void aSiteBeyondTheRadiusIsStillOfferedWhenNearerOnesAreFull() {
        // a line of nodes 0-1-2-3, 5 km apart; the near site (node 1) holds 2, the far one (node 3) 10; radius 6 km
        RoadGraph g = RoadGraph.of(new long[] {1, 2, 3, 4}, new double[] {108.5, 108.55, 108.6, 108.65}, new double[] {15.5, 15.5, 15.5, 15.5},
                new long[] {10, 11, 12}, new int[] {0, 1, 2}, new int[] {1, 2, 3}, new double[] {5000, 5000, 5000});
        PlanInput in = new PlanInput(new PlanInput.Network(g, new boolean[3], new int[] {0, 0, 0, 0}),
                new PlanInput.Families(new long[] {1, 2}, new int[] {2, 3}, new boolean[] {false, false}, new int[] {0, 0}, new int[] {1, 1}),
                new PlanInput.Sites(new int[] {1, 2}, new int[] {1, 3}, new int[] {2, 10}, new int[] {-1, -1}), 6_000);
        PlanResult r = EvacuationPlanner.plan(in, EvacuationPlanner.Method.FLOW_REPAIR);
        assertEquals(2, r.assignedHouseholds(), "the far site takes the family the near one has no room for");
        assertEquals(2 * 5000 + 3 * 15000, r.costPersonM());
    }

    /** Two families at one road node, 500 m from the one public site, planned by flow and repair. */
    private static PlanResult twoFamiliesOneSite(int[] members, boolean[] vulnerable, int capacity) {
        RoadGraph g = RoadGraph.of(new long[] {1, 2}, new double[] {108.5, 108.51}, new double[] {15.5, 15.5}, new long[] {10},
                new int[] {0}, new int[] {1}, new double[] {500});
        PlanInput in = new PlanInput(new PlanInput.Network(g, new boolean[1], new int[] {0, 0}),
                new PlanInput.Families(new long[] {100, 101}, members, vulnerable, new int[] {0, 0}, new int[] {7, 7}),
                new PlanInput.Sites(new int[] {1}, new int[] {1}, new int[] {capacity}, new int[] {-1}), 10_000);
        return EvacuationPlanner.plan(in, EvacuationPlanner.Method.FLOW_REPAIR);
    }

    /** Capacities hold, families are whole, the reported distances and routes follow the roads. */
    private static void checkPlan(Instance inst, PlanResult r, String what) {
        PlanInput in = inst.input();
        int[] load = new int[in.sites().count()];
        for (int i = 0; i < in.families().count(); i++) {
            int s = r.site()[i];
            if (s < 0) {
                continue;
            }
            load[s] += in.families().members()[i];
            assertTrue(in.eligible(s, in.families().village()[i]), what + ": a solid house takes only its own village");
            assertEquals(inst.dist()[in.families().node()[i]][in.sites().node()[s]], r.distanceM()[i], 1e-6, what + ": route length");
        }
        for (int s = 0; s < in.sites().count(); s++) {
            assertTrue(load[s] <= in.sites().capacity()[s], what + ": site " + s + " holds " + load[s] + " > " + in.sites().capacity()[s]);
        }
        // every route walks the step tree from the household's node to its site, on open roads only
        Map<Long, RouteStep> steps = new HashMap<>();
        for (RouteStep st : r.steps()) {
            steps.put(((long) st.site() << 32) | st.node(), st);
            assertTrue(!in.network().blocked()[st.edge()], what + ": a route uses a flooded road");
        }
        for (int i = 0; i < in.families().count(); i++) {
            int s = r.site()[i];
            if (s < 0) {
                continue;
            }
            double length = 0;
            int v = in.families().node()[i];
            for (int hops = 0; v != in.sites().node()[s]; hops++) {
                RouteStep st = steps.get(((long) s << 32) | v);
                assertTrue(st != null && hops < 100, what + ": route of household " + i + " breaks at node " + v);
                length += in.network().graph().length(st.edge());
                v = st.next();
            }
            assertEquals(r.distanceM()[i], length, 1e-6);
        }
    }

    private static Instance instance(Random rnd) {
        int n = SIDE * SIDE;
        long[] ids = new long[n];
        double[] lon = new double[n];
        double[] lat = new double[n];
        for (int v = 0; v < n; v++) {
            ids[v] = v + 1;
            lon[v] = 108.5 + (v % SIDE) * 0.005;
            lat[v] = 15.5 + (v / SIDE) * 0.005;
        }
        List<int[]> edges = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (v % SIDE < SIDE - 1) {
                edges.add(new int[] {v, v + 1});
            }
            if (v / SIDE < SIDE - 1) {
                edges.add(new int[] {v, v + SIDE});
            }
        }
        int m = edges.size();
        long[] edgeIds = new long[m];
        int[] src = new int[m];
        int[] dst = new int[m];
        double[] len = new double[m];
        boolean[] blocked = new boolean[m];
        for (int e = 0; e < m; e++) {
            edgeIds[e] = e + 1;
            src[e] = edges.get(e)[0];
            dst[e] = edges.get(e)[1];
            len[e] = 200 + rnd.nextInt(800);   // whole metres: sums are exact
            blocked[e] = rnd.nextInt(6) == 0;  // about one road in six under water
        }
        RoadGraph g = RoadGraph.of(ids, lon, lat, edgeIds, src, dst, len);
        int[] comp = g.components(blocked);
        int h = 7;
        long[] hIds = new long[h];
        int[] members = new int[h];
        boolean[] vulnerable = new boolean[h];
        int[] hNode = new int[h];
        int[] village = new int[h];
        for (int i = 0; i < h; i++) {
            hIds[i] = 1000 + i;
            members[i] = 1 + rnd.nextInt(5);
            vulnerable[i] = rnd.nextInt(3) == 0;
            hNode[i] = rnd.nextInt(n);
            village[i] = 1 + rnd.nextInt(2);
        }
        int[] siteIds = {1, 2, 3};
        int[] siteNode = {rnd.nextInt(n), rnd.nextInt(n), rnd.nextInt(n)};
        int[] capacity = {3 + rnd.nextInt(8), 3 + rnd.nextInt(8), 2 + rnd.nextInt(5)};
        int[] siteVillage = {-1, -1, 1};
        PlanInput in = new PlanInput(new PlanInput.Network(g, blocked, comp), new PlanInput.Families(hIds, members, vulnerable, hNode, village),
                new PlanInput.Sites(siteIds, siteNode, capacity, siteVillage), 1e9);
        return new Instance(in, floydWarshall(n, src, dst, len, blocked));
    }

    private static double[][] floydWarshall(int n, int[] src, int[] dst, double[] len, boolean[] blocked) {
        double[][] d = new double[n][n];
        for (double[] row : d) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        for (int v = 0; v < n; v++) {
            d[v][v] = 0;
        }
        for (int e = 0; e < src.length; e++) {
            if (!blocked[e]) {
                d[src[e]][dst[e]] = Math.min(d[src[e]][dst[e]], len[e]);
                d[dst[e]][src[e]] = Math.min(d[dst[e]][src[e]], len[e]);
            }
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (d[i][k] + d[k][j] < d[i][j]) {
                        d[i][j] = d[i][k] + d[k][j];
                    }
                }
            }
        }
        return d;
    }

    /** Every placement of every family (or none), the cheapest feasible one. */
    private static long bruteForce(Instance inst) {
        PlanInput in = inst.input();
        int h = in.families().count();
        int s = in.sites().count();
        int[] choice = new int[h];
        long best = Long.MAX_VALUE;
        int combos = (int) Math.pow(s + 1, h);
        for (int code = 0; code < combos; code++) {
            int x = code;
            for (int i = 0; i < h; i++) {
                choice[i] = x % (s + 1) - 1;
                x /= s + 1;
            }
            int[] load = new int[s];
            long cost = 0;
            boolean ok = true;
            for (int i = 0; i < h && ok; i++) {
                int site = choice[i];
                if (site < 0) {
                    cost += (long) in.families().members()[i] * (in.families().vulnerable()[i] ? PENALTY_VULNERABLE : PENALTY);
                    continue;
                }
                double d = inst.dist()[in.families().node()[i]][in.sites().node()[site]];
                if (Double.isInfinite(d) || !in.eligible(site, in.families().village()[i])) {
                    ok = false;
                    continue;
                }
                load[site] += in.families().members()[i];
                cost += in.families().members()[i] * Math.round(d);
            }
            for (int k = 0; k < s && ok; k++) {
                ok = load[k] <= in.sites().capacity()[k];
            }
            if (ok) {
                best = Math.min(best, cost);
            }
        }
        return best;
    }
}
