package org.communeatlas.floods.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.OffsetDateTime;

/**
 * One event of a flood: when, who, what, on which record, and the record's state before and after (as the audit log keeps
 * it); {@code communeId}, the commune of a family's or a call's entry (null for the province's: floods, plans, roads).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(long id, @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime at, String username, String action,
                            String entity, String entityId, JsonNode before, JsonNode after, @JsonIgnore Integer communeId) {
}
