package org.communeatlas.floods.plan.solver;

import java.util.List;

/**
 * A solved plan: per household its site (index into the input's sites, -1 when none), route length and, when
 * it has no site, why; the routes as shortest-path tree steps; the cost and its lower bound.
 *
 * @param costPersonM       Σ members × route length over assigned households
 * @param lowerBoundPersonM the distance part of the min-cost flow optimum over people (families may split)
 * @param objective         cost plus the penalties of people left without a place
 * @param lowerBoundObjective the flow optimum including its penalties: no whole-family plan does better
 * @param gap               how far the plan is above the bound in distance: (objective − lowerBoundObjective − the
 *                          penalties it pays beyond the bound's) / lowerBoundPersonM, at least 0
 * @param peopleShort       people the plan leaves without a place beyond those the bound leaves (it keeps families whole)
 */
public record PlanResult(
        int[] site,
        double[] distanceM,
        Unassigned[] unassigned,
        List<RouteStep> steps,
        long costPersonM,
        long lowerBoundPersonM,
        long objective,
        long lowerBoundObjective,
        double gap,
        int peopleShort,
        String method,
        int groups,
        int arcs,
        long solveMs) {

    public enum Unassigned {
        /** No open, dry site can be reached on dry roads: rescue by boat. */
        NO_DRY_ROUTE,
        /** Sites can be reached, but none has room left for the whole family. */
        NO_ROOM,
        /** Before the flood: a site could be reached but for a road closed now (the household's own way out). */
        ROAD_CLOSED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One edge of the route tree towards a site: from {@code node} along {@code edge} to {@code next}. */
    public record RouteStep(int site, int node, int edge, int next, int people) {
    }

    public int assignedHouseholds() {
        int n = 0;
        for (int s : site) {
            if (s >= 0) {
                n++;
            }
        }
        return n;
    }
}
