package org.communeatlas.floods.plan;

/**
 * One household of a plan. The personal fields (code, head, phone, priority) are null unless {@code personal}:
 * the store selects them only for viewers allowed to see the household's commune. {@code alarmLevel}: in a pre-emptive plan,
 * the alarm level at which the household's place or road floods first (it must leave before), else null.
 */
public record PlanRow(long householdId, String villageCode, String villageName, String communeCode, String communeName, int members,
                      String reason, Integer siteId, Double distanceM, Double waterM, String unassigned, double lon, double lat,
                      boolean personal, String code, String headName, String phone, Integer priority, Integer alarmLevel) {

    /** Whether vulnerable people live there (known only where the personal fields are). */
    public Boolean vulnerable() {
        return priority == null ? null : priority == 1;
    }
}
