package org.communeatlas.floods.closures;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.communeatlas.floods.plan.PlanService;

/**
 * How a road's closure (or opening) changed who a flood cuts off: households and people newly cut off from every
 * open, dry site, per village, with their ids for the map; and those whose way out came back.
 *
 * @param replan the flood's newest plan made again, stable, on the changed roads (null when the flood has no plan)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IsolationChange(int floodId, String floodName, int newlyIsolatedHouseholds, int newlyIsolatedPeople,
                              List<Village> villages, List<Long> newlyIsolatedIds, int reconnectedHouseholds, int reconnectedPeople,
                              PlanService.NewPlan replan) {

    /** A village with households newly cut off. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Village(String code, String name, int households, int people) {
    }
}
