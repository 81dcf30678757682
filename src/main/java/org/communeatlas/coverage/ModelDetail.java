package org.communeatlas.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import java.util.List;

/**
 * One model: its facts, the villages where it is active on the date (and the box around them, to show them on the map),
 * and its spread at the end of each month.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelDetail(int id, String code, String name, String nameEn, String sector, String host, LocalDate foundedOn,
                          String foundedPrecision, LocalDate recognisedOn, String description, Integer members, Integer partyMembers,
                          Integer memberAgeMin, Integer memberAgeMax, boolean commendedByParty, boolean commendedByCommission, String source,
                          String sectorName, String sectorNameEn, String originVillageCode, String originVillageName, String originCommuneCode,
                          String originCommuneName, String originUnitCode, String originUnitName, String hostUnitCode, String hostUnitName,
                          @JsonProperty("asOf") LocalDate asOf, List<Double> bbox, List<Village> villages, List<Month> timeline) {

    /** A village where the model is active, since when, with how many members. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Village(String code, String name, String kind, String communeCode, String communeName, LocalDate startedOn, Long members) {
    }

    /** At the end of a month: villages having the model, communes having it, communes with it in every village. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Month(String month, LocalDate monthEnd, long villages, long communes, long communesFull) {
    }
}
