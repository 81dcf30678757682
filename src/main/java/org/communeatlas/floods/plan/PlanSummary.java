package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How the solver did, kept with the plan ({@code evacuation_plan.summary}) and shown in its header.
 *
 * @param changes what a stable re-plan changed against the plan it started from; null for a plan made afresh
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PlanSummary(String method, int groups, int arcs, long objective, long lowerBoundObjective, double gap, Unassigned unassigned,
                   int sitesOffered, long totalMs, long solveMs, StableReplan.Changes changes) {

    /** The households the plan could not place, by reason. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Unassigned(int noDryRoute, int noRoom) {
    }
}
