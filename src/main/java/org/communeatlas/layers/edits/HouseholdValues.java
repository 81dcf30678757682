package org.communeatlas.layers.edits;

/**
 * A household as a feature writes it: its checked properties and its point in CRS84.
 *
 * @param villageCode the village it belongs to (the household's commune follows from it)
 */
record HouseholdValues(String code, String villageCode, String headName, String phone, long members, long elderly, long youngChildren,
                       long disabled, long pregnant, Long houseClass, Double groundElevationM, String status, double lon, double lat) {
}
