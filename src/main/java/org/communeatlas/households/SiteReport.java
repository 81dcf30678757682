package org.communeatlas.households;

/**
 * A site's report from the field: open or closed, the people counted there (check-ins move it too, walk-ins only
 * this way), a note for its history. Absent fields stay as they are.
 */
public record SiteReport(int siteId, Boolean open, Integer occupancy, String note) {

    /** Longest note kept. */
    public static final int NOTE_MAX = 500;
}
