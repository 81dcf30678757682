package org.communeatlas.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import java.util.List;

/**
 * Coverage of a model (or of any model) over units, with the definitions of the README:
 * a village has a model on date D when one of its adoption records started on or before D and has not
 * ended by D (ended_on empty or after D); a unit's share is the villages having it over its villages;
 * full adoption is a share of 1 in a unit with villages.
 */
public final class Coverage {

    private Coverage() {
    }

    public enum Level { COMMUNE, DISTRICT, PROVINCE }

    /** Which geography: the units before 1 July 2025 ("2024") or after it ("2025"). */
    public enum Units {
        U2024("2024"), U2025("2025");

        public final String label;

        Units(String label) {
            this.label = label;
        }
    }

    /**
     * One unit's row. District and province rows also count communes and those with full adoption; {@code bbox} is the
     * unit's box on the map [west, south, east, north].
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String code, String name, long villagesTotal, long villagesWithModel, double share, boolean fullAdoption,
                      Long communesTotal, Long communesFull, Double communesFullShare, List<Double> bbox) {
    }

    /** The request: model id or null for any model, level, date, unit set, filter, order, page. */
    public record Query(Integer modelId, Level level, LocalDate asOf, Units units, boolean fullOnly, String sort,
                        boolean descending, int limit, int offset) {
    }

    /** A page of rows and how many rows there are in all; the model's code (null for any model). */
    public record Result(Query query, String modelCode, long total, List<Row> rows) {
    }
}
