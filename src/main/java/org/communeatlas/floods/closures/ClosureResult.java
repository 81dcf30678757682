package org.communeatlas.floods.closures;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A road's state after a closure or an opening, and what it did to each current flood.
 *
 * @param floods per current flood: the households it newly cut off from every open site, and those it reconnected
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ClosureResult(long id, String name, String roadClass, boolean isOpen, String closedReason,
                            @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime closedAt, String closedBy,
                            List<IsolationChange> floods) {

    static ClosureResult of(RoadRow r, List<IsolationChange> floods) {
        return new ClosureResult(r.id(), r.name(), r.roadClass(), r.open(), r.closedReason(), r.closedAt(), r.closedBy(), floods);
    }
}
