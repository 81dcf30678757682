package org.communeatlas.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.communeatlas.testing.Sql;
import org.flywaydb.core.Flyway;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Every migration applied to a blank database, and the rules the schema enforces. */
class MigrationsTest {

    private static String url;

    @BeforeAll
    static void migrate() {
        url = TestDatabase.blankDatabase();
        // as the owner role, which is no superuser: the extensions were made for it when the database was
        DatabaseUrls urls = TestDatabase.urls(url);
        assertTrue(Migrations.run(urls.owner().orElseThrow(), urls.grantees()) >= 8, "all migrations apply to a blank database");
        assertEquals(0, Migrations.run(urls.owner().orElseThrow(), urls.grantees()), "a second run applies nothing");
        assertEquals(0, Migrations.pending(urls.app()), "the server's role sees the schema as current");
    }

    @Test
    void everyTableOfTheDomainExists() {
        for (String table : List.of("admin_unit", "admin_unit_succession", "village", "model_sector", "model", "adoption",
                "household", "evacuation_point", "evacuation_point_status", "road_node", "road", "flood_scenario",
                "flood_event", "needs_item", "app_user", "app_user_unit", "app_session", "audit_log")) {
            assertEquals(1L, Sql.count(url, "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", table), table);
        }
        assertEquals(4L, Sql.count(url, "SELECT count(*) FROM model_sector"));
        assertEquals(5L, Sql.count(url, "SELECT count(*) FROM needs_item"));
    }

    @Test
    void upgradingFromVersion10KeepsEveryPlannedHousehold() {
        String old = TestDatabase.blankDatabase();
        Flyway.configure().dataSource(TestDatabase.urls(old).owner().orElseThrow(), null, null).locations("classpath:db/migration").target("10").load().migrate();
        // version 10 kept one row per household; the rows need no real households (triggers off: rows only)
        Sql.update(old, "SET session_replication_role = replica; "
                + "INSERT INTO flood_event (id, name, source, geom) VALUES (1, 'Lũ', 'drawn', ST_Multi(ST_MakeEnvelope(108.5, 15.5, 108.6, 15.6, 4326))); "
                + "INSERT INTO evacuation_plan (id, flood_id, options, method, households, assigned, people_assigned, cost_person_m, "
                + "lower_bound_person_m, solve_ms, summary) OVERRIDING SYSTEM VALUE VALUES (7, 1, '{}', 'm', 3, 2, 5, 100, 90, 1, '{}'); "
                + "INSERT INTO evacuation_assignment VALUES (7, 30, 4, 11, 5.5, 120.5, 1, 'flooded', NULL), "
                + "(7, 10, 4, 12, NULL, 80, 2, 'isolated', NULL), (7, 20, NULL, NULL, NULL, NULL, 2, 'weak_house', 'no_room')");
        assertTrue(Migrations.run(TestDatabase.urls(old).owner().orElseThrow(), Optional.empty()) >= 1);
        assertEquals(List.of(List.of(10L, 4, 80.0f, "isolated"), List.of(30L, 4, 120.5f, "flooded")),
                Sql.rows(old, "SELECT household_id, site_id, distance_m, reason FROM evacuation_assignment WHERE site_id IS NOT NULL ORDER BY 1"));
        assertEquals("no_room", Sql.scalar(old, "SELECT unassigned FROM evacuation_assignment WHERE household_id = 20"));
    }

    @Test
    void foldRemovesVietnameseDiacritics() {
        assertEquals("tam thang", Sql.scalar(url, "SELECT atlas_fold('Tam Thăng')"));
        assertEquals("kim doi", Sql.scalar(url, "SELECT atlas_fold('Kim Đới')"));
        assertEquals("quang nam", Sql.scalar(url, "SELECT atlas_fold('QUẢNG NAM')"));
    }

    @Test
    void aReusedCodeIsAcceptedOnlyForADisjointValidityPeriod() {
        Sql.update(url, "INSERT INTO admin_unit (code, name, short_name, unit_type, level, valid_to) "
                + "VALUES ('20335', 'Phường Tân Thạnh', 'Tân Thạnh', 'Phường', 'commune', '2025-07-01')");
        Sql.update(url, "INSERT INTO admin_unit (code, name, short_name, unit_type, level, valid_from) "
                + "VALUES ('20335', 'Phường Bàn Thạch', 'Bàn Thạch', 'Phường', 'commune', '2025-07-01')");
        assertThrows(IllegalStateException.class, () -> Sql.update(url,
                "INSERT INTO admin_unit (code, name, short_name, unit_type, level, valid_from) "
                        + "VALUES ('20335', 'Ambiguous', 'Ambiguous', 'Phường', 'commune', '2025-08-01')"));
    }

    @Test
    void invalidGeometriesNegativeCapacitiesAndUnknownStatusesAreRefused() {
        Sql.update(url, "INSERT INTO admin_unit (code, name, short_name, unit_type, level) VALUES ('99999', 'Xã Thử', 'Thử', 'Xã', 'commune')");
        long commune = Sql.count(url, "SELECT id FROM admin_unit WHERE code = '99999'");
        // a bow-tie polygon is invalid
        assertThrows(IllegalStateException.class, () -> Sql.update(url,
                "UPDATE admin_unit SET geom = ST_Multi(ST_GeomFromText('POLYGON((0 0,1 1,1 0,0 1,0 0))', 4326)) WHERE id = ?", commune));
        assertThrows(IllegalStateException.class, () -> Sql.update(url,
                "INSERT INTO evacuation_point (code, name, kind, commune_id, capacity_day, capacity_night, geom) "
                        + "VALUES ('X', 'X', 'school', ?, -1, 0, ST_Point(108.5, 15.5, 4326))", commune));
        Sql.update(url, "INSERT INTO village (code, name, kind, commune_id) VALUES ('99999-01', 'Thôn Thử', 'thôn', ?)", commune);
        long village = Sql.count(url, "SELECT id FROM village WHERE code = '99999-01'");
        assertThrows(IllegalStateException.class, () -> Sql.update(url,
                "INSERT INTO household (code, village_id, members, status, geom) VALUES ('H', ?, 3, 'drowned', ST_Point(108.5, 15.5, 4326))", village));
        Sql.update(url, "INSERT INTO evacuation_point (code, name, kind, commune_id, capacity_day, capacity_night, geom) "
                + "VALUES ('FULL', 'Full', 'school', ?, 10, 5, ST_Point(108.5, 15.5, 4326))", commune);
        assertThrows(IllegalStateException.class, () -> Sql.update(url, "UPDATE evacuation_point SET occupancy = 11 WHERE code = 'FULL'"),
                "occupancy beyond capacity is refused by the schema itself");
    }

    @Test
    void theAuditLogIsAppendOnly() {
        Sql.update(url, "INSERT INTO audit_log (username, action) VALUES ('tester', 'test')");
        assertThrows(IllegalStateException.class, () -> Sql.update(url, "UPDATE audit_log SET action = 'changed'"));
        assertThrows(IllegalStateException.class, () -> Sql.update(url, "DELETE FROM audit_log"));
        assertThrows(IllegalStateException.class, () -> Sql.update(url, "TRUNCATE audit_log"));
    }

    @Test
    void changesAreAnnouncedWithTheirBoundingBox() throws SQLException {
        Sql.update(url, "INSERT INTO admin_unit (code, name, short_name, unit_type, level) VALUES ('88888', 'Xã Nghe', 'Nghe', 'Xã', 'commune')");
        Sql.update(url, "INSERT INTO village (code, name, kind, commune_id) SELECT '88888-01', 'Thôn Nghe', 'thôn', id FROM admin_unit WHERE code = '88888'");
        try (Connection listener = DriverManager.getConnection(url)) {
            try (var s = listener.createStatement()) {
                s.execute("LISTEN atlas_change");
            }
            Sql.update(url, "INSERT INTO household (code, village_id, members, geom) "
                    + "SELECT 'N1', id, 2, ST_Point(108.47, 15.57, 4326) FROM village WHERE code = '88888-01'");
            PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertTrue(notes != null && notes.length > 0, "a notification arrives");
            String payload = notes[notes.length - 1].getParameter();
            assertTrue(payload.contains("\"table\" : \"household\""), payload);
            assertTrue(payload.contains("108.47"), payload);
        }
    }
}
