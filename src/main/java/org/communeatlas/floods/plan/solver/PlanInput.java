package org.communeatlas.floods.plan.solver;

import org.communeatlas.floods.routing.RoadGraph;

/**
 * An evacuation planning problem, as arrays. Households (families) must each go whole to one site; a site
 * takes people up to its capacity; a site with a village restricts itself to that village (a solid house
 * taking in neighbours, "xen ghép"). Distances are along the road network without its blocked edges.
 *
 * @param householdNode road node index of each household, -1 when it has none
 * @param siteVillage   the only village a site takes households from, or -1 for a public site
 * @param radiusM       every household group is connected to every site within this road distance; groups
 *                      left without a place while reachable sites have room are then connected further
 * @param fixedSite     per household, the site it keeps (a stable re-plan), or -1 when the planner places it; the
 *                      capacities given are what is left after the kept households
 */
public record PlanInput(
        RoadGraph graph,
        boolean[] blocked,
        int[] component,
        long[] householdIds,
        int[] members,
        boolean[] vulnerable,
        int[] householdNode,
        int[] householdVillage,
        int[] siteIds,
        int[] siteNode,
        int[] siteCapacity,
        int[] siteVillage,
        double radiusM,
        int[] fixedSite) {

    public PlanInput {
        if (fixedSite == null) {
            fixedSite = new int[householdIds.length];
            java.util.Arrays.fill(fixedSite, -1);
        }
    }

    /** A problem where the planner places every household. */
    public PlanInput(RoadGraph graph, boolean[] blocked, int[] component, long[] householdIds, int[] members, boolean[] vulnerable,
                     int[] householdNode, int[] householdVillage, int[] siteIds, int[] siteNode, int[] siteCapacity, int[] siteVillage,
                     double radiusM) {
        this(graph, blocked, component, householdIds, members, vulnerable, householdNode, householdVillage, siteIds, siteNode, siteCapacity,
                siteVillage, radiusM, null);
    }

    public int households() {
        return householdIds.length;
    }

    public int sites() {
        return siteIds.length;
    }

    boolean fixed(int household) {
        return fixedSite[household] >= 0;
    }

    boolean eligible(int site, int village) {
        return siteVillage[site] < 0 || siteVillage[site] == village;
    }
}
