package org.communeatlas.floods.plan;

/**
 * One household of a plan. The personal fields (code, head, phone, priority) are null unless {@code personal}:
 * the store selects them only for viewers allowed to see the household's commune.
 */
public record PlanRow(long householdId, String villageCode, String villageName, String communeCode, String communeName, int members,
                      String reason, Integer siteId, Double distanceM, Double waterM, String unassigned, double lon, double lat,
                      boolean personal, String code, String headName, String phone, Integer priority) {

    /** Whether vulnerable people live there (known only where the personal fields are). */
    public Boolean vulnerable() {
        return priority == null ? null : priority == 1;
    }
}
