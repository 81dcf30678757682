package org.communeatlas.households;

/** A household as a status change needs it, read under its row lock. */
record HouseholdRow(long id, String status, Integer siteId, int members, int communeId, String villageCode, String communeCode,
                    double lon, double lat, String version) {
}
