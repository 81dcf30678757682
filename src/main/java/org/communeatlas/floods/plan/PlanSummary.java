package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How the solver did, kept with the plan ({@code evacuation_plan.summary}) and shown in its header.
 *
 * @param gap how far the plan's total distance is above the lower bound's (a share)
 * @param peopleShort people left without a place that a plan splitting families could have placed
 * @param changes what a stable re-plan changed against the plan it started from; null for a plan made afresh
 * @param schedule a pre-emptive plan's levels: who must leave before each, and how many could still leave by road; else null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PlanSummary(String method, int groups, int arcs, long objective, long lowerBoundObjective, double gap, int peopleShort, Unassigned unassigned,
                   int sitesOffered, long totalMs, long solveMs, StableReplan.Changes changes, java.util.List<EvacuationSchedule.Level> schedule) {

    /** The households the plan could not place, by reason. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Unassigned(int noDryRoute, int noRoom, int roadClosed) {
    }
}
