package org.communeatlas.households;

/** A site's room as a check-in needs it, read under its row lock. */
record SiteRow(int id, int occupancy, int reserved, int capacityDay, boolean open, int communeId) {

    /** Places left for the day: capacity less the people there and those reserved for them. */
    int placesLeft() {
        return capacityDay - occupancy - reserved;
    }
}
