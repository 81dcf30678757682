package org.communeatlas.sos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.OffsetDateTime;

/**
 * A call for help as a viewer may see it: the personal fields (name, phone, address, needs, note) and the household it
 * was matched to are null for anyone who does not act in its commune.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SosRequest(long id, Integer floodId, String source, String state,
                         @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime reportedAt, Integer people, String villageCode,
                         String villageName, String communeCode, String communeName, Double lon, Double lat, String locatedBy,
                         Long duplicateOf, String team, Long householdId, String matchedBy, String name, String phone, String address,
                         String needs, String note, @JsonIgnore Integer communeId) {

    /** What anyone may see: where, how many, in which state — never who. */
    SosRequest shown() {
        return new SosRequest(id, floodId, source, state, reportedAt, people, villageCode, villageName, communeCode, communeName, lon, lat,
                locatedBy, duplicateOf, team, null, null, null, null, null, null, null, communeId);
    }
}
