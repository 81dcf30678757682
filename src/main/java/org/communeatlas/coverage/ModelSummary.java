package org.communeatlas.coverage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Province figures out of the data: models by sector, year and district of origin; commendations. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelSummary(long models, List<Sector> bySector, List<Year> byYear, long commendedByParty, long commendedByCommission,
                           List<District> byDistrict) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sector(String code, String nameVi, String nameEn, long models) {
    }

    public record Year(int year, long models) {
    }

    public record District(String code, String name, long models) {
    }
}
