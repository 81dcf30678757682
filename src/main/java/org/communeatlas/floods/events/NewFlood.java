package org.communeatlas.floods.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A flood event to create, as the client described it: a stored scenario (by id or code), or GeoJSON polygons
 * (drawn on the map or uploaded) with optional levels.
 *
 * @param scenario  the scenario's id (an Integer) or code (a String); null for polygons
 * @param polygons  GeoJSON Polygon or MultiPolygon texts; empty for a scenario
 * @param source    "drawn" or "upload" for polygons
 */
public record NewFlood(Object scenario, List<String> polygons, String name, String source, BigDecimal riverLevelM, Integer alarmLevel,
                       BigDecimal waterLevelM, OffsetDateTime occurredAt) {
}
