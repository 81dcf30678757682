package org.communeatlas.search;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A unit's name and a point inside it to write the name at. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Label(String code, String shortName, String name, double lon, double lat) {
}
