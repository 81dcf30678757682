package org.communeatlas.households;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A site's state for the live maps. Check-ins commit in the order of the site's row lock but are published
 * from their own threads, so events can arrive out of order: {@code version} (the site's newest status row,
 * written under that lock) lets a map keep the newest state and ignore an older one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SiteState(int id, String code, int occupancy, int reserved, int capacityDay, int capacityNight, boolean isOpen,
                        int available, Long version) {
}
