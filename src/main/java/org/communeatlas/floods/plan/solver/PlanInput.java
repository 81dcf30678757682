package org.communeatlas.floods.plan.solver;

import org.communeatlas.floods.routing.RoadGraph;

/**
 * An evacuation planning problem, as arrays grouped by what they describe. Households (families) must each go whole to
 * one site; a site takes people up to its capacity; a site with a village restricts itself to that village (a solid
 * house taking in neighbours, "xen ghép"). Distances are along the road network without its blocked edges.
 *
 * @param radiusM   every household group is connected to every site within this road distance; groups left without a
 *                  place while reachable sites have room are then connected further
 * @param fixedSite per household, the site it keeps (a stable re-plan), or -1 when the planner places it; the
 *                  capacities given are what is left after the kept households
 */
public record PlanInput(Network network, Families families, Sites sites, double radiusM, int[] fixedSite) {

    /**
     * The road network as the plan sees it.
     *
     * @param blocked   per edge, true when it cannot be used (flooded or closed)
     * @param component per node, its connected component over the edges not blocked
     */
    public record Network(RoadGraph graph, boolean[] blocked, int[] component) {
    }

    /**
     * The households that must move, by index.
     *
     * @param node    road node index of each household, -1 when it has none
     * @param village the village of each household
     */
    public record Families(long[] ids, int[] members, boolean[] vulnerable, int[] node, int[] village) {

        public int count() {
            return ids.length;
        }
    }

    /**
     * The sites that can take them, by index.
     *
     * @param capacity the people each can still take
     * @param village  the only village a site takes households from, or -1 for a public site
     */
    public record Sites(int[] ids, int[] node, int[] capacity, int[] village) {

        public int count() {
            return ids.length;
        }

        /** The same sites with other room left (a stable re-plan's, after the households it keeps). */
        public Sites withCapacity(int[] room) {
            return new Sites(ids, node, room, village);
        }
    }

    public PlanInput {
        if (fixedSite == null) {
            fixedSite = new int[families.count()];
            java.util.Arrays.fill(fixedSite, -1);
        }
    }

    /** A problem where the planner places every household. */
    public PlanInput(Network network, Families families, Sites sites, double radiusM) {
        this(network, families, sites, radiusM, null);
    }

    boolean fixed(int household) {
        return fixedSite[household] >= 0;
    }

    boolean eligible(int site, int village) {
        return sites.village()[site] < 0 || sites.village()[site] == village;
    }
}
