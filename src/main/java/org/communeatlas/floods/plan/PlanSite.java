package org.communeatlas.floods.plan;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** A site a plan uses: where it is, its room, the households and people the plan sends, and what they need. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanSite(int id, String code, String name, String kind, String communeCode, String communeName, double lon, double lat,
                       int capacityDay, int capacityNight, int occupancy, int reserved, int households, int people, double meanDistanceM,
                       long maxDistanceM, Map<String, Long> needs) {

    /** A site the plan names that the data no longer holds: the sheet prints it by its number rather than fail. */
    static PlanSite missing(int id) {
        return new PlanSite(id, "#" + id, "Điểm sơ tán #" + id + " (không còn trong dữ liệu)", null, null, "—", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
    }
}
