package org.communeatlas.households;

/** A site's room as a check-in or a site report needs it, read under its row lock, with its row version. */
record SiteRow(int id, int occupancy, int reserved, int capacityDay, int capacityNight, boolean open, int communeId, String version) {

    /** Places left for the day: capacity less the people there and those reserved for them. */
    int placesLeft() {
        return capacityDay - occupancy - reserved;
    }
}
