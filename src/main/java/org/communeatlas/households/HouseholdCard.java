package org.communeatlas.households;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What an officer (or anyone) needs to know about one household on the map: where it is (village, commune), how
 * many live there and its status; who they are only for those who may see that commune; what the newest evacuation
 * plan says for it; and, for those who may change it, the sites with room to check it in at — its own commune's
 * first, then the nearest.
 *
 * @param etag for those who may change it, the version of the row this card shows (what a change names in If-Match),
 *             read with the card: a tag read apart could name a newer version than the card shown
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HouseholdCard(long id, String status, int members, String villageCode, String villageName, String villageKind,
                            String communeCode, String communeName, double lon, double lat, boolean canChange, Personal personal,
                            Planned plan, List<Site> sites, @JsonIgnore String etag) {

    /** The personal fields: the household's code, head, phone, vulnerable members, the site it is at, the officers' note. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Personal(String code, String headName, String phone, int elderly, int youngChildren, int disabled, int pregnant,
                           Integer siteId, String siteName, String note) {
    }

    /** The newest plan that moves this household: to which site and how far, or why it could not be placed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Planned(int floodId, int planId, Integer siteId, String siteName, Double distanceM, Double waterM, String unassigned) {
    }

    /** A site the household could be checked in at: open, with room for all its members. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Site(int id, String code, String name, String kind, String communeCode, boolean ownCommune, int available, double distanceM) {
    }
}
