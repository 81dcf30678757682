package org.communeatlas.sos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.OffsetDateTime;

/**
 * A call for help as a viewer may see it: the personal fields (name, phone, address, needs, note), the household it was
 * matched to, how it was matched and linked, and the team are null for anyone who does not act in its commune.
 *
 * @param placedByCaller the point is the caller's own and lies in the village given (not a matched household's home)
 * @param triage         its place in the order calls are answered, highest first ({@code atlas_sos_triage}: vulnerable
 *                       members, people, water at the door, hours waited, words of life at stake) — the officers' only: it
 *                       says whether a family has vulnerable members
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SosRequest(long id, Integer floodId, String source, String state,
                         @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime reportedAt, Integer people, String villageCode,
                         String villageName, String communeCode, String communeName, Double lon, Double lat, String locatedBy,
                         Long duplicateOf, String team, Long householdId, String matchedBy, String name, String phone, String address,
                         String needs, String note, String reference, Integer triage, @JsonIgnore Integer communeId,
                         @JsonIgnore boolean placedByCaller) {

    /**
     * What anyone may see: how many, in which state, and where only when the caller gave the place — never who, never
     * a place, village or commune the household list supplied, never whether the call repeats another (that would tell
     * a stranger whether a number has called, and where its family lives).
     */
    SosRequest shown() {
        return new SosRequest(id, floodId, source, publicState(state), reportedAt, people, placedByCaller ? villageCode : null,
                placedByCaller ? villageName : null, placedByCaller ? communeCode : null, placedByCaller ? communeName : null,
                placedByCaller ? lon : null, placedByCaller ? lat : null, null, null, null, null, null, null, null, null, null, null, null,
                null, communeId, placedByCaller);
    }

    /** The caller's own answer: what anyone may see, and the reference to quote and follow the call by. */
    SosRequest forCaller() {
        SosRequest s = shown();
        return new SosRequest(s.id, s.floodId, s.source, s.state, s.reportedAt, s.people, s.villageCode, s.villageName, s.communeCode,
                s.communeName, s.lon, s.lat, null, null, null, null, null, null, null, null, null, null, reference, null, communeId, placedByCaller);
    }

    /**
     * A state as the public reads it: a new call and a repeat of another are both "received" (so a repeat is not told
     * apart), an ended one "closed" whatever the reason.
     */
    static String publicState(String state) {
        return switch (state) {
            case "new", "duplicate" -> "received";
            case "false", "closed" -> "closed";
            default -> state;
        };
    }
}
