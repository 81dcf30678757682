package org.communeatlas.floods.closures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The road segment nearest a point on the map, to close or open: its course is drawn before the officer confirms. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NearestRoad(long id, String name, String roadClass, boolean isOpen, String closedReason, double distanceM, JsonNode geometry) {
}
