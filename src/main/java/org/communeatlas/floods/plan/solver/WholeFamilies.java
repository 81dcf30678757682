package org.communeatlas.floods.plan.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.floods.plan.solver.PlanResult.Unassigned;
import org.communeatlas.floods.routing.ShortestPaths;

/**
 * The repair step of {@link EvacuationPlanner}: the flow may split a family, a plan may not. Each group's
 * households go, largest first, into the flows the optimum sent from it; those that do not fit go, vulnerable
 * first, to the nearest site with room for the whole family (first among the group's arcs, then among every
 * site it can reach); then households move to nearer sites while any has room.
 */
final class WholeFamilies {

    private final PlanInput in;
    private final ShortestPaths paths;
    private final int groups;
    private final int[] groupNode;
    private final int[] groupVillage;
    private final int[][] groupHouseholds;
    private final int[] householdGroup;
    // per group, its arcs sorted by distance; each arc's site and distance
    private final int[] groupArcStart;
    private final int[] groupArcs;
    private final int[] arcSite;
    private final double[] arcDist;

    WholeFamilies(PlanInput in, ShortestPaths paths, int groups, int[] groupNode, int[] groupVillage, int[][] groupHouseholds,
                  int[] householdGroup, int[] groupArcStart, int[] groupArcs, int[] arcSite, double[] arcDist) {
        this.in = in;
        this.paths = paths;
        this.groups = groups;
        this.groupNode = groupNode;
        this.groupVillage = groupVillage;
        this.groupHouseholds = groupHouseholds;
        this.householdGroup = householdGroup;
        this.groupArcStart = groupArcStart;
        this.groupArcs = groupArcs;
        this.arcSite = arcSite;
        this.arcDist = arcDist;
    }

    /**
     * Places every household of {@code site} (−1 where none): {@code arcFlow} is the people the flow sent along
     * each arc; {@code unassigned} gets why a household has no place.
     */
    void repair(long[] arcFlow, int[] site, double[] dist, Unassigned[] unassigned) {
        Arrays.fill(site, -1);
        long[] bucket = arcFlow.clone();
        long[] room = new long[in.sites().count()];
        for (int s = 0; s < in.sites().count(); s++) {
            room[s] = Math.max(in.sites().capacity()[s], 0);
        }
        List<Integer> pending = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int[] hs = groupHouseholds[g].clone();
            sortByMembersDescending(hs);
            for (int i : hs) {
                int m = in.families().members()[i];
                int chosen = -1;
                for (int k = groupArcStart[g]; k < groupArcStart[g + 1]; k++) {
                    int a = groupArcs[k];
                    if (bucket[a] >= m) {
                        chosen = a;
                        break;
                    }
                }
                if (chosen < 0) {
                    pending.add(i);
                    continue;
                }
                bucket[chosen] -= m;
                room[arcSite[chosen]] -= m;
                site[i] = arcSite[chosen];
                dist[i] = arcDist[chosen];
            }
        }
        // the rest, vulnerable first, then larger families (harder to place)
        pending.sort((x, y) -> in.families().vulnerable()[x] != in.families().vulnerable()[y] ? (in.families().vulnerable()[x] ? -1 : 1)
                : Integer.compare(in.families().members()[y], in.families().members()[x]));
        // a search that found no room for m people finds none for m or more later: room only shrinks
        int[] failedAt = new int[groups];
        Arrays.fill(failedAt, Integer.MAX_VALUE);
        Boolean[] reachable = new Boolean[groups];
        for (int i : pending) {
            int g = householdGroup[i];
            int m = in.families().members()[i];
            if (m >= failedAt[g]) {
                unassigned[i] = reachable[g] ? Unassigned.NO_ROOM : Unassigned.NO_DRY_ROUTE;
                continue;
            }
            for (int k = groupArcStart[g]; k < groupArcStart[g + 1]; k++) {
                int a = groupArcs[k];
                if (room[arcSite[a]] >= m) {
                    site[i] = arcSite[a];
                    dist[i] = arcDist[a];
                    room[site[i]] -= m;
                    break;
                }
            }
            if (site[i] < 0) {
                nearestWithRoom(i, room, site, dist);
            }
            if (site[i] < 0) {
                failedAt[g] = m;
                if (reachable[g] == null) {
                    reachable[g] = reachableSite(g);
                }
                unassigned[i] = reachable[g] ? Unassigned.NO_ROOM : Unassigned.NO_DRY_ROUTE;
            }
        }
        improve(site, dist, room);
    }

    /** Beyond the arcs: the nearest eligible site with room for the whole family, among all it can reach. */
    private void nearestWithRoom(int i, long[] room, int[] site, double[] dist) {
        int g = householdGroup[i];
        int m = in.families().members()[i];
        Reach r = reach(g);
        for (int k = 0; k < r.sites.length; k++) {
            int s = r.sites[k];
            if (room[s] >= m) {
                site[i] = s;
                dist[i] = r.dist[k];
                room[s] -= m;
                return;
            }
        }
    }

    /** Every eligible site a group can reach, nearest first: one search per group, kept. */
    private record Reach(int[] sites, double[] dist) {
    }

    private final Map<Integer, Reach> reachCache = new HashMap<>();

    private Reach reach(int g) {
        return reachCache.computeIfAbsent(g, k -> {
            Map<Integer, List<Integer>> sitesAt = sitesByNode();
            List<Integer> found = new ArrayList<>();
            List<Double> ds = new ArrayList<>();
            paths.run(groupNode[g], Double.POSITIVE_INFINITY, (v, d) -> {
                List<Integer> here = sitesAt.get(v);
                if (here != null) {
                    for (int s : here) {
                        if (in.eligible(s, groupVillage[g])) {
                            found.add(s);
                            ds.add(d);
                        }
                    }
                }
                return true;
            });
            int[] sites = found.stream().mapToInt(Integer::intValue).toArray();
            double[] dist = ds.stream().mapToDouble(Double::doubleValue).toArray();
            return new Reach(sites, dist);
        });
    }

    private Map<Integer, List<Integer>> sitesByNodeCache;

    private Map<Integer, List<Integer>> sitesByNode() {
        if (sitesByNodeCache == null) {
            sitesByNodeCache = new HashMap<>();
            for (int s = 0; s < in.sites().count(); s++) {
                if (in.sites().node()[s] >= 0) {
                    sitesByNodeCache.computeIfAbsent(in.sites().node()[s], k -> new ArrayList<>()).add(s);
                }
            }
        }
        return sitesByNodeCache;
    }

    private boolean reachableSite(int g) {
        return reach(g).sites.length > 0;
    }

    /** Moves households to nearer sites that have room, until none can move. */
    private void improve(int[] site, double[] dist, long[] room) {
        boolean moved = true;
        for (int pass = 0; pass < 10 && moved; pass++) {
            moved = false;
            for (int i = 0; i < site.length; i++) {
                if (site[i] < 0) {
                    continue;
                }
                int g = householdGroup[i];
                int m = in.families().members()[i];
                for (int k = groupArcStart[g]; k < groupArcStart[g + 1]; k++) {
                    int a = groupArcs[k];
                    if (arcDist[a] >= dist[i]) {
                        break;
                    }
                    if (room[arcSite[a]] >= m) {
                        room[site[i]] += m;
                        room[arcSite[a]] -= m;
                        site[i] = arcSite[a];
                        dist[i] = arcDist[a];
                        moved = true;
                        break;
                    }
                }
            }
        }
    }

    private void sortByMembersDescending(int[] hs) {
        Integer[] boxed = Arrays.stream(hs).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (x, y) -> in.families().members()[y] != in.families().members()[x] ? Integer.compare(in.families().members()[y], in.families().members()[x])
                : Long.compare(in.families().ids()[x], in.families().ids()[y]));
        for (int k = 0; k < hs.length; k++) {
            hs[k] = boxed[k];
        }
    }
}
