package org.communeatlas.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.db.Database;
import org.communeatlas.exports.ExportFormat;
import org.communeatlas.exports.Exporter;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Export → import gives back the same rows: each layer is exported, then disturbed in the database (moved,
 * renamed, capacities zeroed, households deleted), and the file imported again must restore every row.
 */
class RoundTripTest {

    @TempDir
    static Path dir;
    static String url;

    /** Each layer's rows as compared: every attribute, and the geometry to the centimetre. */
    static final Map<String, String> ROWS = Map.of(
            "households", "SELECT h.code, v.code AS village, h.head_name, h.phone, h.members, h.elderly, h.young_children, h.disabled, "
                    + "h.pregnant, h.house_class, h.ground_elevation_m, h.status, h.geom FROM household h JOIN village v ON v.id = h.village_id",
            "evacuation_points", "SELECT p.code, p.name, p.kind, a.code AS commune, p.capacity_day, p.capacity_night, p.is_open, "
                    + "p.elevation_m, p.geom FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id",
            "admin_units_2025", "SELECT code, name, short_name, unit_type, area_km2, population, geom FROM admin_unit "
                    + "WHERE level = 'commune' AND valid_from = '2025-07-01'",
            "communes", "SELECT t.code, t.name, t.short_name, t.unit_type, d.code AS district, t.area_km2, t.population, t.centre, t.geom "
                    + "FROM admin_unit t JOIN admin_unit d ON d.id = t.parent_id WHERE t.level = 'commune' AND t.valid_to = '2025-07-01'",
            "models", "SELECT m.code, m.name, m.name_en, m.sector, m.host, h.code AS host_unit, v.code AS origin_village, o.code AS origin_unit, "
                    + "m.founded_on, m.founded_precision, m.recognised_on, m.members, m.party_members, m.member_age_min, m.member_age_max, "
                    + "m.commended_by_party, m.commended_by_commission, m.description, m.source, NULL::geometry AS geom FROM model m "
                    + "LEFT JOIN admin_unit h ON h.id = m.host_unit_id LEFT JOIN village v ON v.id = m.origin_village_id "
                    + "LEFT JOIN admin_unit o ON o.id = m.origin_unit_id",
            "villages", "SELECT v.code, v.name, v.kind, a.code AS commune, n.code AS unit_2025, v.population, v.geom FROM village v "
                    + "JOIN admin_unit a ON a.id = v.commune_id LEFT JOIN admin_unit n ON n.id = v.unit_2025_id",
            "adoptions", "SELECT m.code || ' ' || v.code || ' ' || t.started_on AS code, t.ended_on, t.members, NULL::geometry AS geom "
                    + "FROM adoption t JOIN model m ON m.id = t.model_id JOIN village v ON v.id = t.village_id");

    static final Map<String, String> DISTURB = Map.of(
            "households", "UPDATE evacuation_point SET host_household_id = NULL; DELETE FROM household WHERE site_id IS NULL AND id % 3 = 0; "
                    + "UPDATE household SET members = members + 1, phone = NULL, geom = ST_Translate(geom, 0.001, 0) WHERE id % 3 = 1",
            "evacuation_points", "UPDATE evacuation_point SET name = name || ' (cũ)', capacity_day = capacity_day + 5, capacity_night = capacity_night + 5, "
                    + "geom = ST_Translate(geom, 0, 0.001) WHERE id % 2 = 0",
            "admin_units_2025", "UPDATE admin_unit SET population = population + 1, geom = ST_Multi(ST_Translate(geom, 0.001, 0.001)) "
                    + "WHERE level = 'commune' AND valid_from = '2025-07-01' AND id % 2 = 0",
            "communes", "UPDATE admin_unit SET population = population + 1, geom = ST_Multi(ST_Translate(geom, 0.0005, 0)) "
                    + "WHERE level = 'commune' AND valid_to = '2025-07-01' AND id % 3 = 0",
            "models", "UPDATE model SET name = name || ' (cũ)', members = coalesce(members, 0) + 1, commended_by_party = NOT commended_by_party, "
                    + "recognised_on = NULL WHERE id % 7 = 0",
            "villages", "UPDATE village SET population = population + 1, geom = ST_Multi(ST_Translate(geom, 0.001, 0)) WHERE id % 2 = 0",
            "adoptions", "DELETE FROM adoption WHERE id % 5 = 0; UPDATE adoption SET ended_on = started_on + 1000 WHERE id % 5 = 1 AND ended_on IS NULL");

    @BeforeAll
    static void start() {
        url = TestDatabase.demoDatabase();
        Sql.update(url, "CREATE TABLE expected_households AS " + ROWS.get("households"));
        Sql.update(url, "CREATE TABLE expected_evacuation_points AS " + ROWS.get("evacuation_points"));
        for (String layer : List.of("admin_units_2025", "communes", "villages", "models", "adoptions")) {
            Sql.update(url, "CREATE TABLE expected_" + layer + " AS " + ROWS.get(layer));
        }
    }

    @ParameterizedTest(name = "{0} as {1} in EPSG:{2}")
    @CsvSource({
        "households, csv, 4326", "households, xlsx, 5899", "households, geojson, 4326",
        "evacuation_points, gpkg, 5899", "evacuation_points, xlsx, 4326",
        "admin_units_2025, geojson, 4326", "admin_units_2025, gpkg, 5899", "admin_units_2025, csv, 4326",
        "communes, zip, 5899", "villages, gpkg, 5899", "villages, geojson, 4326", "models, xlsx, 4326", "adoptions, xlsx, 4326", "adoptions, csv, 4326"})
    void exportThenImportGivesBackTheSameRows(String layer, String format, int srid) throws Exception {
        Path file = dir.resolve(layer + "-" + srid + "." + format);
        long exported = new Exporter(url).export(layer, ExportFormat.of(format), srid, true, file);
        assertTrue(Files.size(file) > 0);
        Sql.update(url, DISTURB.get(layer));
        assertTrue(differences(layer) > 0, "disturbed");
        ImportReport r;
        try (Database db = Database.connect(url, Optional.empty(), 2)) {
            // a sheet's coordinates are columns: only a projected system needs to be named
            int srs = format.equals("csv") || format.equals("xlsx") ? (srid == 4326 ? 0 : srid) : 0;
            r = new ImportService(db.writer(), url).run(layer, file, new ImportOptions(srs, false, true, Map.of(), null, "test", null));
        }
        assertTrue(r.ok(), r.problems.subList(0, Math.min(5, r.problems.size())).toString());
        assertEquals(exported, r.rows);
        assertEquals(exported, r.added + r.updated);
        assertFalse(r.columns.isEmpty());
        assertEquals(0L, differences(layer), () -> "every row as it was: " + Sql.rows(url, "WITH now AS (" + ROWS.get(layer) + ") "
                + "SELECT to_jsonb(e) - 'geom', to_jsonb(n) - 'geom' FROM expected_" + layer + " e FULL JOIN now n USING (code) "
                + "WHERE e.code IS NULL OR n.code IS NULL OR ST_HausdorffDistance(ST_Transform(e.geom, 5899), ST_Transform(n.geom, 5899)) > 0.01 "
                + "OR (to_jsonb(e) - 'geom') <> (to_jsonb(n) - 'geom') LIMIT 3"));
    }

    /** Rows of the expected table missing or different now (geometry further than 1 cm). */
    static long differences(String layer) {
        String now = ROWS.get(layer);
        String expected = "expected_" + layer;
        return Sql.count(url, "WITH now AS (" + now + ") SELECT count(*) FROM " + expected + " e FULL JOIN now n USING (code) "
                + "WHERE e.code IS NULL OR n.code IS NULL OR ST_HausdorffDistance(ST_Transform(e.geom, 5899), ST_Transform(n.geom, 5899)) > 0.01 "
                + "OR (to_jsonb(e) - 'geom') <> (to_jsonb(n) - 'geom')");
    }
}
