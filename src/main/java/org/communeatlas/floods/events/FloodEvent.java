package org.communeatlas.floods.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A flood event: a stored scenario put into effect, a polygon drawn on the map, or an uploaded extent.
 *
 * @param areaKm2 the extent's area, to the hundredth of a km²
 * @param planId  the newest evacuation plan, null before the first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FloodEvent(int id, String name, String source, @JsonProperty("scenario") String scenarioCode, BigDecimal riverLevelM,
                         Integer alarmLevel, BigDecimal waterLevelM, @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime occurredAt,
                         double areaKm2, Integer planId) {
}
