package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What was planned and how well: a stored plan's header. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanHeader(int id, int floodId, String createdAt, JsonNode options, String method, int households, int assigned,
                         int peopleAssigned, double costPersonKm, double lowerBoundPersonKm, double gap, int peopleShort, JsonNode unassigned, int solveMs,
                         JsonNode summary) {
}
