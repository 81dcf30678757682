package org.communeatlas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed demo, loaded into a fresh PostGIS: the figures of FACTS.md and the geometry's rules. */
class DemoDataTest {

    private static String url;

    @BeforeAll
    static void load() {
        url = TestDatabase.demoDatabase();
    }

    @Test
    void theMovementsFiguresComeOutOfTheData() {
        assertEquals(6_540L, Sql.count(url, "SELECT count(*) FROM model"));
        assertEquals(564L, Sql.count(url, "SELECT count(*) FROM model WHERE sector = 'political_system'"));
        assertEquals(3_391L, Sql.count(url, "SELECT count(*) FROM model WHERE sector = 'culture_society'"));
        assertEquals(1_360L, Sql.count(url, "SELECT count(*) FROM model WHERE commended_by_party"));
        assertEquals(185L, Sql.count(url, "SELECT count(*) FROM model WHERE commended_by_commission"));
        long tamKy = Sql.count(url, """
                SELECT count(*) FROM model m
                LEFT JOIN village v ON v.id = m.origin_village_id
                JOIN admin_unit c ON c.id = coalesce(v.commune_id, m.origin_unit_id)
                JOIN admin_unit d ON d.id = c.parent_id WHERE d.code = '502'""");
        assertEquals(300L, tamKy, "about 300 models in Tam Kỳ");
    }

    @Test
    void theUnitsAreTheRealOnes() {
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'province' AND code = '49' AND name = 'Tỉnh Quảng Nam'"));
        assertEquals(17L, Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'district'"));
        assertEquals(234L, Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND valid_to = '2025-07-01'"));
        assertEquals(78L, Sql.count(url, "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND valid_from = '2025-07-01'"));
        assertEquals(234L, Sql.count(url, "SELECT count(DISTINCT old_unit_id) FROM admin_unit_succession"));
        // the reused code 20335 means Tân Thạnh before the reform and Bàn Thạch after it
        assertEquals("Phường Tân Thạnh", Sql.scalar(url, "SELECT name FROM admin_unit WHERE code = '20335' AND valid_to = '2025-07-01'"));
        assertEquals("Phường Bàn Thạch", Sql.scalar(url, "SELECT name FROM admin_unit WHERE code = '20335' AND valid_from = '2025-07-01'"));
    }

    @Test
    void theNamedModelsSpreadAsReported() {
        assertEquals(0L, villagesWith("Tổ tự quản \"5 trong 1\"", "20362", "2022-02-28"));
        assertEquals(1L, villagesWith("Tổ tự quản \"5 trong 1\"", "20362", "2022-03-31"));
        assertEquals(8L, villagesWith("Tổ tự quản \"5 trong 1\"", "20362", "2022-12-31"));
        assertEquals(8L, villages("20362"));
        assertEquals(7L, villagesWith("Tổ tự quản \"5 trong 1\"", "20371", "2023-08-31"));
        assertEquals(7L, villages("20371"));
        assertEquals(villages("20359"), villagesWith("Tổ tự quản \"5 trong 1\"", "20359", "2023-12-31"));
        assertEquals(4L, villagesWith("Tổ tự quản an ninh trật tự thôn An Thiện", "20368", "2024-12-31"));
        assertEquals(4L, villages("20368"));
        assertEquals(169L, Sql.count(url, """
                SELECT sum(a.members) FROM adoption a JOIN model m ON m.id = a.model_id JOIN village v ON v.id = a.village_id
                JOIN admin_unit c ON c.id = v.commune_id WHERE m.name = 'Tổ tự quản "5 trong 1"' AND c.code = '20362'"""));
        assertEquals("45 8 30 60", Sql.scalar(url, "SELECT concat_ws(' ', members, party_members, member_age_min, member_age_max) "
                + "FROM model WHERE name = 'Tổ tự quản an ninh trật tự thôn An Thiện'"));
        assertEquals("Kim Đới", Sql.scalar(url, "SELECT v.name FROM model m JOIN village v ON v.id = m.origin_village_id WHERE m.name = 'Tổ tự quản \"5 trong 1\"'"));
    }

    @Test
    void coverageChangesOverTimeSomeCommunesFullMostPartial() {
        long full = modelCommunePairs("n = total");
        long partial = modelCommunePairs("n < total");
        assertTrue(full > 100, "some model × commune pairs reach full adoption: " + full);
        assertTrue(partial > 3 * full, "most are partial: " + partial + " vs " + full);
        assertTrue(Sql.count(url, "SELECT count(*) FROM adoption WHERE ended_on IS NOT NULL") > 100, "some adoptions end");
    }

    @Test
    void geometryTilesTheProvinceWithoutGapsOrOverlaps() {
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM admin_unit WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)"));
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM village WHERE NOT ST_IsValid(geom)"));
        assertEquals(0L, Sql.count(url, """
                SELECT count(*) FROM admin_unit a JOIN admin_unit b ON a.id < b.id AND a.level = 'commune' AND b.level = 'commune'
                  AND a.valid_to IS NOT NULL AND b.valid_to IS NOT NULL AND a.geom && b.geom AND ST_Overlaps(a.geom, b.geom)
                  AND ST_Area(ST_Intersection(a.geom, b.geom)) > 0"""), "communes do not overlap");
        assertEquals(0L, Sql.count(url, """
                SELECT count(*) FROM admin_unit d WHERE d.level = 'district'
                  AND NOT ST_Equals(d.geom, (SELECT ST_Union(c.geom) FROM admin_unit c WHERE c.parent_id = d.id))"""),
                "each district is exactly the union of its communes");
        assertEquals(0L, Sql.count(url, """
                SELECT count(*) FROM admin_unit c WHERE c.level = 'commune' AND c.valid_to IS NOT NULL
                  AND NOT ST_Equals(c.geom, (SELECT ST_Union(v.geom) FROM village v WHERE v.commune_id = c.id))"""),
                "each commune is exactly the union of its villages");
        double km2 = ((Number) Sql.scalar(url, "SELECT ST_Area(geom::geography) / 1e6 FROM admin_unit WHERE code = '49'")).doubleValue();
        assertTrue(Math.abs(km2 - 10_574) / 10_574 < 0.02, "province area " + km2 + " km²");
        // coast to the east, mountains to the west
        assertTrue(((Number) Sql.scalar(url, "SELECT avg(ground_elevation_m) FROM household")).doubleValue() < 30);
        assertTrue(((Number) Sql.scalar(url, "SELECT max(elevation_m) FROM road_node WHERE ST_X(geom) < 107.6")).doubleValue() > 800);
    }

    @Test
    void eachCommuneIsWhereItReallyIs() {
        // every post-2025 unit's real centre lies in one of the communes it was merged from, or within 2 km
        assertEquals(0L, Sql.count(url, """
                SELECT count(*) FROM admin_unit n WHERE n.valid_from = '2025-07-01' AND n.level = 'commune' AND NOT EXISTS (
                  SELECT 1 FROM admin_unit_succession s JOIN admin_unit o ON o.id = s.old_unit_id
                  WHERE s.new_unit_id = n.id AND ST_DWithin(o.geom::geography, n.centre::geography, 2000))"""));
        assertEquals(0L, Sql.count(url, """
                SELECT count(*) FROM admin_unit n WHERE n.valid_from = '2025-07-01' AND n.level = 'commune'
                  AND NOT ST_Equals(n.geom, (SELECT ST_Union(o.geom) FROM admin_unit_succession s JOIN admin_unit o ON o.id = s.old_unit_id
                                             WHERE s.new_unit_id = n.id))"""), "a new unit is the union of its predecessors");
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM village WHERE unit_2025_id IS NULL"));
    }

    @Test
    void householdsRoadsAndSitesArePlausible() {
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household h JOIN village v ON v.id = h.village_id WHERE NOT ST_Contains(v.geom, h.geom)"),
                "every household lies in its village");
        long households = Sql.count(url, "SELECT count(*) FROM household");
        assertEquals(50_000L, households);
        assertEquals(households, Sql.count(url, """
                SELECT count(*) FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id
                JOIN admin_unit d ON d.id = c.parent_id WHERE d.code IN ('502', '518')"""), "households are in Tam Kỳ and Phú Ninh");
        assertEquals(households, Sql.count(url, "SELECT count(DISTINCT phone) FROM household WHERE phone LIKE '000 %'"),
                "phone numbers are unique and obviously fake");
        assertEquals(1L, Sql.count(url, """
                SELECT count(DISTINCT component) FROM pgr_connectedComponents(
                  'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM road')"""), "one connected road network");
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM road r JOIN road_node n ON n.id = r.source WHERE NOT ST_Equals(ST_StartPoint(r.geom), n.geom)"));
        assertEquals(6_000L, Sql.count(url, "SELECT sum(capacity_day) FROM evacuation_point WHERE code IN ('EP-49-0001', 'EP-49-0002')"),
                "the two Molave sites held 6,000 people");
        assertTrue(Sql.count(url, "SELECT count(DISTINCT kind) FROM evacuation_point") >= 6);
        assertTrue(Sql.count(url, "SELECT count(*) FROM evacuation_point WHERE kind = 'solid_house' AND host_household_id IS NOT NULL") > 50);
    }

    @Test
    void floodsFollowTheTerrain() {
        assertEquals(5L, Sql.count(url, "SELECT count(*) FROM flood_scenario"));
        // a higher level floods a larger area that contains the smaller one
        assertEquals(0L, Sql.count(url, """
                SELECT count(*) FROM flood_scenario a JOIN flood_scenario b ON a.kind = 'river' AND b.kind = 'river'
                  AND a.river_level_m < b.river_level_m
                WHERE ST_Area(ST_Difference(a.geom, b.geom)::geography) > 10000"""));
        // households under water stand lower than those on dry ground
        double wet = ((Number) Sql.scalar(url, """
                SELECT avg(h.ground_elevation_m) FROM household h, flood_scenario f WHERE f.code = 'TK-III' AND ST_Intersects(h.geom, f.geom)""")).doubleValue();
        assertTrue(wet < 2.9, "flooded households stand below the water: " + wet);
        assertTrue(Sql.count(url, "SELECT count(*) FROM household h, flood_scenario f WHERE f.code = 'TK-III' AND ST_Intersects(h.geom, f.geom)") > 1000);
    }

    /** Model × commune pairs on 2025-06-30 whose count of villages having the model meets the condition. */
    private long modelCommunePairs(String condition) {
        return Sql.count(url, """
                WITH has AS (SELECT DISTINCT a.model_id, v.commune_id, v.id AS village_id FROM adoption a JOIN village v ON v.id = a.village_id
                             WHERE a.started_on <= DATE '2025-06-30' AND (a.ended_on IS NULL OR a.ended_on > DATE '2025-06-30')),
                     per AS (SELECT model_id, commune_id, count(*) n FROM has GROUP BY 1, 2)
                SELECT count(*) FROM per JOIN (SELECT commune_id, count(*) total FROM village GROUP BY 1) t USING (commune_id)
                WHERE """ + " " + condition);
    }

    private long villagesWith(String model, String communeCode, String date) {
        return Sql.count(url, """
                SELECT count(DISTINCT v.id) FROM adoption a JOIN model m ON m.id = a.model_id JOIN village v ON v.id = a.village_id
                JOIN admin_unit c ON c.id = v.commune_id
                WHERE m.name = ? AND c.code = ? AND c.valid_to = '2025-07-01'
                  AND a.started_on <= ?::date AND (a.ended_on IS NULL OR a.ended_on > ?::date)""", model, communeCode, date, date);
    }

    private long villages(String communeCode) {
        return Sql.count(url, "SELECT count(*) FROM village v JOIN admin_unit c ON c.id = v.commune_id WHERE c.code = ? AND c.valid_to = '2025-07-01'", communeCode);
    }
}
