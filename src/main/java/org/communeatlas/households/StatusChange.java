package org.communeatlas.households;

import java.util.List;
import java.util.Set;

/**
 * A requested change of a household's status or note, as the client sent it.
 *
 * @param householdId the household
 * @param status      the new status, one of {@link #STATUSES}, or null to keep it
 * @param siteId      the site it is checked in at (only with {@code evacuated}), or null
 * @param note        the officers' note on the family ("" clears it), or null to keep it
 */
public record StatusChange(long householdId, String status, Integer siteId, String note) {

    /** Longest note kept. */
    public static final int NOTE_MAX = 500;

    public StatusChange(long householdId, String status, Integer siteId) {
        this(householdId, status, siteId, null);
    }

    public static final Set<String> STATUSES = Set.of("safe", "at_risk", "isolated", "evacuated", "supplied");

    /** The statuses in a stable order, for messages. */
    public static List<String> statusesSorted() {
        return STATUSES.stream().sorted().toList();
    }
}
