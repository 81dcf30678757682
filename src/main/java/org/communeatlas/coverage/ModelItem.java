package org.communeatlas.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;

/** A model in the list: what it is, where it began, how far it has spread on the date asked. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelItem(int id, String code, String name, String nameEn, String sector, String sectorName, String host,
                        String originVillageCode, String originVillageName, String originCommuneCode, String originCommuneName,
                        String originUnitCode, String originUnitName, LocalDate foundedOn, String foundedPrecision, LocalDate recognisedOn,
                        boolean commendedByParty, boolean commendedByCommission, long villagesActive, long communesFull) {
}
