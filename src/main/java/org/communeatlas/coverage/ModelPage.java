package org.communeatlas.coverage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/** A page of the model list and how many models match in all. */
public record ModelPage(@JsonProperty("asOf") LocalDate asOf, long total, int limit, int offset, List<ModelItem> models) {
}
