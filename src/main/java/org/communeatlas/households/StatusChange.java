package org.communeatlas.households;

import java.util.List;
import java.util.Set;

/**
 * A requested change of a household's status, as the client sent it.
 *
 * @param householdId the household
 * @param status      the new status, one of {@link #STATUSES}
 * @param siteId      the site it is checked in at (only with {@code evacuated}), or null
 */
public record StatusChange(long householdId, String status, Integer siteId) {

    public static final Set<String> STATUSES = Set.of("safe", "at_risk", "isolated", "evacuated", "supplied");

    /** The statuses in a stable order, for messages. */
    public static List<String> statusesSorted() {
        return STATUSES.stream().sorted().toList();
    }
}
