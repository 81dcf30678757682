package org.communeatlas.floods.plan.solver;

import com.google.ortools.Loader;
import com.google.ortools.graph.MinCostFlow;
import com.google.ortools.graph.MinCostFlowBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.floods.plan.solver.PlanResult.RouteStep;
import org.communeatlas.floods.plan.solver.PlanResult.Unassigned;
import org.communeatlas.floods.routing.ShortestPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capacitated assignment of families to evacuation points, minimising Σ people × road distance, vulnerable
 * families served first, families never split.
 *
 * <ol>
 *   <li>Households at the same road node, of the same village and priority form a group (they have the same
 *       distances and the same eligible sites).</li>
 *   <li>A Dijkstra search from every site out to the radius connects it to every group it reaches.</li>
 *   <li>OR-Tools' min-cost flow moves people from groups to sites (capacities on site → sink arcs); a group →
 *       "no place" arc with a large penalty, larger still for vulnerable families, keeps it feasible. Groups
 *       that end on that arc while a site they can reach has room are connected to every reachable site and
 *       the flow solved again. Its optimum splits families, so it is a lower bound on any whole-family plan.</li>
 *   <li>Repair ({@link WholeFamilies}): each group's households go, largest first, into the flows the optimum
 *       sent from it; those that do not fit go, vulnerable first, to the nearest site with room for the whole
 *       family; then households move to nearer sites while any has room.</li>
 *   <li>Small problems (as in a village or a test) are solved exactly with CP-SAT instead, the repair as its hint.</li>
 * </ol>
 */
public final class EvacuationPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(EvacuationPlanner.class);

    /** Cost of leaving a person without a place, far above any route (100,000 km). */
    static final long PENALTY = 100_000_000L;
    /** Leaving a vulnerable person without a place costs ten times more: they are served first. */
    static final long PENALTY_VULNERABLE = 1_000_000_000L;
    /** Up to this many households, CP-SAT solves the whole-family problem exactly. */
    static final int EXACT_HOUSEHOLDS = 200;
    static final int EXACT_ARCS = 20_000;

    public enum Method { AUTO, FLOW_REPAIR, EXACT }

    static {
        Loader.loadNativeLibraries();
    }

    private final PlanInput in;
    private final ShortestPaths paths;
    // groups
    private int groups;
    private int[] groupNode;
    private int[] groupVillage;
    private boolean[] groupVulnerable;
    private long[] groupPeople;
    private int[][] groupHouseholds;
    private int[] householdGroup;
    // arcs group → site
    private int arcCount;
    private int[] arcGroup = new int[1024];
    private int[] arcSite = new int[1024];
    private double[] arcDist = new double[1024];
    private final Set<Long> connected = new HashSet<>();
    // per group, its arcs sorted by distance (built after the last flow)
    private int[] groupArcStart;
    private int[] groupArcs;

    private EvacuationPlanner(PlanInput in) {
        this.in = in;
        this.paths = new ShortestPaths(in.network().graph(), in.network().blocked());
    }

    public static PlanResult plan(PlanInput in, Method method) {
        return new EvacuationPlanner(in).solve(method);
    }

    private PlanResult solve(Method method) {
        long started = System.nanoTime();
        int h = in.families().count();
        Unassigned[] unassigned = new Unassigned[h];
        group(unassigned);
        long t1 = System.nanoTime();
        connectWithinRadius();
        long t2 = System.nanoTime();
        Flow flow = flow();
        long t3 = System.nanoTime();
        int rounds = 0;
        for (int round = 0; round < 3 && expand(flow); round++) {
            flow = flow();
            rounds++;
        }
        long t4 = System.nanoTime();
        sortArcsByGroup();
        int[] site = new int[h];
        double[] dist = new double[h];
        new WholeFamilies(in, paths, groups, groupNode, groupVillage, groupHouseholds, householdGroup, groupArcStart, groupArcs, arcSite, arcDist)
                .repair(flow.arcFlow(), site, dist, unassigned);
        long t5 = System.nanoTime();
        String name = "min-cost flow + whole-family repair";
        boolean small = h <= EXACT_HOUSEHOLDS && householdArcs() <= EXACT_ARCS;
        if (method == Method.EXACT || (method == Method.AUTO && small)) {
            ExactAssignment.Exact exact = ExactAssignment.solve(in, householdGroup, groupArcStart, groupArcs, arcSite, arcDist, site, dist, unassigned);
            if (exact.improved()) {
                name = exact.optimal() ? "CP-SAT (proven optimal)" : "CP-SAT";
            } else if (exact.optimal()) {
                name += " (proven optimal by CP-SAT)";
            }
        }
        for (int i = 0; i < h; i++) {
            if (in.fixed(i)) {
                site[i] = in.fixedSite()[i];
                unassigned[i] = null;
            }
        }
        // the routes' lengths are the reported ones (they differ from the arcs' by float rounding at most; the kept
        // households' are measured only here)
        List<RouteStep> steps = RouteTrees.grow(in, paths, site, dist);
        long t6 = System.nanoTime();
        LOG.debug("group {} ms, radius {} ms, flow {} ms, expand {} rounds {} ms, repair {} ms, routes {} ms",
                (t1 - started) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, rounds, (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000, (t6 - t5) / 1_000_000);
        // the bound covers the households the planner placed; the kept ones' routes are in the cost, not the objective
        long cost = 0, kept = 0, penalties = 0, peopleLeft = 0;
        for (int i = 0; i < h; i++) {
            if (site[i] >= 0) {
                cost += in.families().members()[i] * Math.round(dist[i]);
                if (in.fixed(i)) {
                    kept += in.families().members()[i] * Math.round(dist[i]);
                }
            } else {
                penalties += (long) in.families().members()[i] * (in.families().vulnerable()[i] ? PENALTY_VULNERABLE : PENALTY);
                if (householdGroup[i] >= 0) {
                    peopleLeft += in.families().members()[i];   // those without a road node are in no group, nor in the bound
                }
            }
        }
        long objective = penalties + cost - kept;
        // penalties the plan pays beyond the bound's are not distance: households with no road node (in no group, so never
        // in the bound; at a million households, 18 people) and families the bound split but the plan keeps whole — these
        // last reported as people short. (The repair may place families beyond the connections the bound was offered: then
        // the plan beats the bound.)
        long peopleShort = Math.max(0, peopleLeft - Arrays.stream(flow.unplaced()).sum());
        long penaltiesAboveBound = Math.max(0, penalties - (flow.objective - flow.distanceCost));
        double gap = flow.distanceCost == 0 ? 0
                : Math.max(0, (double) (objective - flow.objective - penaltiesAboveBound) / flow.distanceCost);
        return new PlanResult(site, dist, unassigned, steps, cost, flow.distanceCost, objective, flow.objective, gap, (int) peopleShort, name,
                groups, arcCount, (System.nanoTime() - started) / 1_000_000);
    }

    // ---- groups and arcs ----

    private void group(Unassigned[] unassigned) {
        Map<Long, Integer> index = new HashMap<>();
        List<List<Integer>> members = new ArrayList<>();
        int h = in.families().count();
        householdGroup = new int[h];
        int[] nodes = new int[h];
        int[] villages = new int[h];
        boolean[] vuln = new boolean[h];
        for (int i = 0; i < h; i++) {
            int node = in.families().node()[i];
            if (in.fixed(i)) {
                householdGroup[i] = -1; // kept where a previous plan put it: not the planner's to move
                continue;
            }
            if (node < 0) {
                householdGroup[i] = -1;
                unassigned[i] = Unassigned.NO_DRY_ROUTE;
                continue;
            }
            long key = ((long) node << 32) ^ ((long) in.families().village()[i] << 1) ^ (in.families().vulnerable()[i] ? 1 : 0);
            Integer g = index.get(key);
            if (g == null) {
                g = members.size();
                index.put(key, g);
                members.add(new ArrayList<>());
                nodes[g] = node;
                villages[g] = in.families().village()[i];
                vuln[g] = in.families().vulnerable()[i];
            }
            members.get(g).add(i);
            householdGroup[i] = g;
        }
        groups = members.size();
        groupNode = Arrays.copyOf(nodes, groups);
        groupVillage = Arrays.copyOf(villages, groups);
        groupVulnerable = Arrays.copyOf(vuln, groups);
        groupPeople = new long[groups];
        groupHouseholds = new int[groups][];
        for (int g = 0; g < groups; g++) {
            groupHouseholds[g] = members.get(g).stream().mapToInt(Integer::intValue).toArray();
            for (int i : groupHouseholds[g]) {
                groupPeople[g] += in.families().members()[i];
            }
        }
    }

    private void connectWithinRadius() {
        int n = in.network().graph().nodeCount();
        int[] firstGroup = new int[n];
        Arrays.fill(firstGroup, -1);
        int[] nextGroup = new int[groups];
        boolean[] demand = new boolean[componentCount()];
        for (int g = 0; g < groups; g++) {
            nextGroup[g] = firstGroup[groupNode[g]];
            firstGroup[groupNode[g]] = g;
            demand[in.network().component()[groupNode[g]]] = true;
        }
        for (int s = 0; s < in.sites().count(); s++) {
            int node = in.sites().node()[s];
            if (node < 0 || in.sites().capacity()[s] <= 0 || !demand[in.network().component()[node]]) {
                continue;
            }
            int site = s;
            paths.run(node, in.radiusM(), (v, d) -> {
                for (int g = firstGroup[v]; g >= 0; g = nextGroup[g]) {
                    if (in.eligible(site, groupVillage[g])) {
                        addArc(g, site, d);
                    }
                }
                return true;
            });
        }
    }

    private int componentCount() {
        int max = 0;
        for (int c : in.network().component()) {
            max = Math.max(max, c + 1);
        }
        return max;
    }

    private void addArc(int g, int s, double d) {
        if (!connected.add(((long) g << 32) | s)) {
            return;
        }
        if (arcCount == arcGroup.length) {
            arcGroup = Arrays.copyOf(arcGroup, arcCount * 2);
            arcSite = Arrays.copyOf(arcSite, arcCount * 2);
            arcDist = Arrays.copyOf(arcDist, arcCount * 2);
        }
        arcGroup[arcCount] = g;
        arcSite[arcCount] = s;
        arcDist[arcCount] = d;
        arcCount++;
    }

    /**
     * Connects groups that the flow left (partly) without a place to every reachable eligible site, when one
     * of those has room; returns whether any arc was added.
     */
    private boolean expand(Flow flow) {
        int[] siteNodeFirst = new int[in.network().graph().nodeCount()];
        Arrays.fill(siteNodeFirst, -1);
        int[] siteNext = new int[in.sites().count()];
        for (int s = 0; s < in.sites().count(); s++) {
            int node = in.sites().node()[s];
            if (node >= 0 && flow.residual[s] > 0) {
                siteNext[s] = siteNodeFirst[node];
                siteNodeFirst[node] = s;
            }
        }
        // room left, per component, in public sites and in each village's solid houses: a group is searched again
        // only when its component has room it could use (when places are short, the flow leaves none)
        Map<Long, Long> room = new HashMap<>();
        for (int s = 0; s < in.sites().count(); s++) {
            int node = in.sites().node()[s];
            if (node >= 0 && flow.residual[s] > 0) {
                room.merge(roomKey(in.network().component()[node], in.sites().village()[s]), flow.residual[s], Long::sum);
            }
        }
        int before = arcCount;
        for (int g = 0; g < groups; g++) {
            if (flow.unplaced[g] == 0) {
                continue;
            }
            int comp = in.network().component()[groupNode[g]];
            if (room.getOrDefault(roomKey(comp, -1), 0L) == 0 && room.getOrDefault(roomKey(comp, groupVillage[g]), 0L) == 0) {
                continue;
            }
            int group = g;
            // nearest first, until the sites found have room for twice the people left (others compete for it)
            long[] found = {0};
            long wanted = 2 * flow.unplaced[g];
            paths.run(groupNode[g], Double.POSITIVE_INFINITY, (v, d) -> {
                for (int s = siteNodeFirst[v]; s >= 0; s = siteNext[s]) {
                    if (in.eligible(s, groupVillage[group])) {
                        addArc(group, s, d);
                        found[0] += flow.residual[s];
                    }
                }
                return found[0] < wanted;
            });
        }
        return arcCount > before;
    }

    private static long roomKey(int component, int village) {
        return ((long) component << 32) ^ (village & 0xffffffffL);
    }

    private long householdArcs() {
        long n = 0;
        for (int a = 0; a < arcCount; a++) {
            n += groupHouseholds[arcGroup[a]].length;
        }
        return n;
    }

    private void sortArcsByGroup() {
        groupArcStart = new int[groups + 1];
        for (int a = 0; a < arcCount; a++) {
            groupArcStart[arcGroup[a] + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            groupArcStart[g + 1] += groupArcStart[g];
        }
        Integer[] order = new Integer[arcCount];
        for (int a = 0; a < arcCount; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (x, y) -> arcGroup[x] != arcGroup[y] ? Integer.compare(arcGroup[x], arcGroup[y])
                : arcDist[x] != arcDist[y] ? Double.compare(arcDist[x], arcDist[y]) : Integer.compare(arcSite[x], arcSite[y]));
        groupArcs = new int[arcCount];
        for (int a = 0; a < arcCount; a++) {
            groupArcs[a] = order[a];
        }
    }

    // ---- the flow ----

    /** A min-cost flow optimum: people per arc, people left without a place per group, room left per site. */
    private record Flow(long[] arcFlow, long[] unplaced, long[] residual, long distanceCost, long objective) {
    }

    private Flow flow() {
        int sites = in.sites().count();
        int dummy = groups + sites;
        int sink = dummy + 1;
        MinCostFlow mcf = new MinCostFlow(sink + 1, arcCount + groups + sites + 1);
        try {
            long total = 0;
            for (int a = 0; a < arcCount; a++) {
                mcf.addArcWithCapacityAndUnitCost(arcGroup[a], groups + arcSite[a], groupPeople[arcGroup[a]], Math.round(arcDist[a]));
            }
            int[] dummyArc = new int[groups];
            for (int g = 0; g < groups; g++) {
                dummyArc[g] = mcf.addArcWithCapacityAndUnitCost(g, dummy, groupPeople[g], groupVulnerable[g] ? PENALTY_VULNERABLE : PENALTY);
                mcf.setNodeSupply(g, groupPeople[g]);
                total += groupPeople[g];
            }
            int[] siteArc = new int[sites];
            for (int s = 0; s < sites; s++) {
                siteArc[s] = mcf.addArcWithCapacityAndUnitCost(groups + s, sink, Math.max(in.sites().capacity()[s], 0), 0);
            }
            mcf.addArcWithCapacityAndUnitCost(dummy, sink, total, 0);
            mcf.setNodeSupply(sink, -total);
            MinCostFlowBase.Status status = mcf.solve();
            if (status != MinCostFlowBase.Status.OPTIMAL) {
                throw new IllegalStateException("min-cost flow: " + status);
            }
            long[] arcFlow = new long[arcCount];
            long distance = 0;
            for (int a = 0; a < arcCount; a++) {
                arcFlow[a] = mcf.getFlow(a);
                distance += arcFlow[a] * Math.round(arcDist[a]);
            }
            long[] unplaced = new long[groups];
            for (int g = 0; g < groups; g++) {
                unplaced[g] = mcf.getFlow(dummyArc[g]);
            }
            long[] residual = new long[sites];
            for (int s = 0; s < sites; s++) {
                residual[s] = Math.max(in.sites().capacity()[s], 0) - mcf.getFlow(siteArc[s]);
            }
            return new Flow(arcFlow, unplaced, residual, distance, mcf.getOptimalCost());
        } finally {
            mcf.delete();
        }
    }
}
