package org.communeatlas.floods.plan;

/**
 * A household's way as the plan's GeoJSON carries it: its route as a line to its site, or its location when it
 * has none. {@code geometryJson} is PostGIS's GeoJSON; head and phone only where {@code personal}.
 */
record RouteFeature(long householdId, Integer siteId, String siteCode, double distanceM, double waterM, String unassigned, String reason,
                    int members, String villageCode, String geometryJson, boolean personal, String headName, String phone) {
}
