package org.communeatlas.floods.closures;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * How a road's closure (or opening) changed who a flood cuts off: households and people newly cut off from every
 * open, dry site, per village, with their ids for the map; and those whose way out came back.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IsolationChange(int floodId, String floodName, int newlyIsolatedHouseholds, int newlyIsolatedPeople,
                              List<Village> villages, List<Long> newlyIsolatedIds, int reconnectedHouseholds, int reconnectedPeople) {

    /** A village with households newly cut off. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Village(String code, String name, int households, int people) {
    }
}
