package org.communeatlas.data.generator;

import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/** The rows the generator produces, one record per output file, geometry in metres until written. */
final class DemoRows {

    private DemoRows() {
    }

    record Model(String code, String name, String nameEn, String sector, String host, String hostUnitCode,
                 String originVillageCode, String originUnitCode, LocalDate foundedOn, String foundedPrecision,
                 LocalDate recognisedOn, String description, Integer members, Integer partyMembers,
                 Integer ageMin, Integer ageMax, boolean commendedByParty, boolean commendedByCommission, String source) {
    }

    record Adoption(String modelCode, String villageCode, LocalDate startedOn, LocalDate endedOn, Integer members) {
    }

    record Household(String code, String villageCode, double x, double y, String headName, String phone, int members,
                     int elderly, int youngChildren, int disabled, int pregnant, int houseClass, double elevation) {
    }

    record Site(String code, String name, String kind, String communeCode, String villageCode, double x, double y,
                int capacityDay, int capacityNight, boolean open, double elevation, List<String> services,
                String hostHouseholdCode) {
    }

    record RoadNode(long id, double x, double y, double elevation) {
    }

    record Road(long id, String name, String roadClass, long source, long target, double length, double elevation,
                LineString geom) {
    }

    record Scenario(String code, String name, String nameEn, String kind, String river, String gauge,
                    Double riverLevel, Integer alarmLevel, double waterLevel, String description, Geometry geom) {
    }
}
