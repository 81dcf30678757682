package org.communeatlas.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/** One entry of the audit log: who, when, what, before → after (JSON documents), from which address. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(long id, OffsetDateTime at, Integer userId, String username, String action, String entity, String entityId,
                         JsonNode before, JsonNode after, String address) {
}
