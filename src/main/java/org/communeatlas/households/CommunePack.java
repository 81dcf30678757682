package org.communeatlas.households;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code version} names what the pack holds (when it was made, the flood and plan in it); a pack asked for
 * {@code since} a version is {@code partial}: only the households changed since then (all of them when the flood or
 * its plan changed), every site and village.
 *
 * What a field officer's phone keeps of a commune to work without network: its villages, its households with the
 * personal fields the officer may see and each one's version (a change made offline names it in If-Match), its sites
 * with room and their versions, and the current flood: which households it floods or cuts off, and where its newest
 * plan sends each. Only for officers of the commune and admins; never cached by anything but the officer's own app.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CommunePack(String communeCode, String communeName, @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime generatedAt,
                          String version, boolean partial, double[] bbox, Flood flood, List<Village> villages, List<Household> households,
                          List<Site> sites) {

    /** The newest flood of the last days that reaches the commune, and its newest plan (null: none yet). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Flood(int id, String name, Integer alarmLevel, @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime occurredAt,
                        Integer planId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Village(String code, String name, int households) {
    }

    /**
     * A household; {@code priority} 1 when vulnerable people live there; {@code impact} what the current flood does to it
     * (flooded, isolated, or null), {@code depthM} the water at its door; the newest plan's site for it, or why none.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Household(long id, String code, String villageCode, String headName, String phone, int members, int priority, String status,
                            Integer siteId, String etag, double lon, double lat, String note, String impact, Double depthM, Integer planSiteId,
                            String planUnassigned) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Site(int id, String code, String name, String kind, String villageCode, boolean isOpen, int capacityDay, int occupancy,
                       int reserved, double lon, double lat, String etag) {
    }

    /** The pack's size before it is downloaded. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Size(String communeCode, int villages, int households, int sites, long bytes, double[] bbox) {
    }
}
