package org.communeatlas.floods.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** A stored flood scenario: a river's alarm level, a past flood, a storm surge; its extent's area and bounds. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Scenario(int id, String code, String name, String nameEn, String kind, String river, String gauge, BigDecimal riverLevelM,
                       Integer alarmLevel, BigDecimal waterLevelM, String description, BigDecimal areaKm2, List<Double> bbox) {
}
