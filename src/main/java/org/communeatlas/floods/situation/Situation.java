package org.communeatlas.floods.situation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A flood's situation now.
 *
 * @param total    the counts over every commune
 * @param communes per commune (before the 2025 reform) with anyone flooded or cut off, most people at risk first
 * @param sos      the flood's calls for help: each family once (repeats are linked, not counted)
 * @param sites    sites with people in them, or in the communes listed: people against capacity and the day's deliveries
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Situation(int floodId, String floodName, @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime asOf, Counts total,
                        List<Counts> communes, Sos sos, List<Site> sites, List<Delivery> deliveriesPerDay) {

    /**
     * Households and people of a commune (or all) by where they stand.
     *
     * @param atRiskHouseholds households flooded or cut off that are not at a site yet: still to be reached
     * @param shelteredHouseholds households flooded or cut off that are at a site (evacuated, supplied)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counts(String code, String name, int atRiskHouseholds, int atRiskPeople, int atRiskVulnerablePeople, int floodedHouseholds,
                         int isolatedHouseholds, int shelteredHouseholds, int shelteredPeople, int openSos) {
    }

    /** Calls for help by state; {@code open} is new + verified + assigned, duplicates apart. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sos(int open, int duplicates, Map<String, Integer> byState) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Site(int id, String code, String name, String kind, String communeCode, String communeName, boolean isOpen, int capacityDay,
                       int capacityNight, int occupancy, int reserved, int placesLeft, List<Delivery> perDay) {
    }

    /** What to deliver: weekly items per day for the people there now, one-off items (toilets) in all. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Delivery(String code, String name, String unit, String per, long quantity) {
    }
}
