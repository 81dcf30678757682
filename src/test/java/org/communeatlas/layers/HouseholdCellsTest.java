package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What tiles of households read instead of joins and aggregates (V15): each household's copies of its village and
 * commune, and the counts per cell that cluster tiles draw. After every kind of write — by the server's role, and by
 * the owner for the units — they are what a from-scratch computation over the households gives.
 */
class HouseholdCellsTest {

    private static String superuser;
    private static String app;
    private static String owner;

    /** Cells as computed from the households now, against the kept ones; rows that differ, both ways. */
    private static final String CELLS_THAT_DIFFER = """
            WITH fresh AS (
              SELECT z, atlas_cell_x(ST_X(h.geom_3857), z) AS cx, atlas_cell_y(ST_Y(h.geom_3857), z) AS cy, count(*) AS households,
                     sum(h.members) AS people, count(*) FILTER (WHERE h.status = 'safe') AS safe,
                     count(*) FILTER (WHERE h.status = 'at_risk') AS at_risk, count(*) FILTER (WHERE h.status = 'isolated') AS isolated,
                     count(*) FILTER (WHERE h.status = 'evacuated') AS evacuated, count(*) FILTER (WHERE h.status = 'supplied') AS supplied,
                     sum(ST_X(h.geom_3857)) AS sum_x, sum(ST_Y(h.geom_3857)) AS sum_y
              FROM household h, generate_series(8, 14) AS z GROUP BY 1, 2, 3),
            kept AS (SELECT * FROM household_cell WHERE households <> 0 OR people <> 0)
            SELECT count(*) FROM fresh f FULL JOIN kept k USING (z, cx, cy)
            WHERE f.households IS DISTINCT FROM k.households OR f.people IS DISTINCT FROM k.people
               OR f.safe IS DISTINCT FROM k.safe OR f.at_risk IS DISTINCT FROM k.at_risk OR f.isolated IS DISTINCT FROM k.isolated
               OR f.evacuated IS DISTINCT FROM k.evacuated OR f.supplied IS DISTINCT FROM k.supplied
               OR abs(f.sum_x - k.sum_x) / f.households > 0.001 OR abs(f.sum_y - k.sum_y) / f.households > 0.001
            """;

    private static final String COPIES_THAT_DIFFER = """
            SELECT count(*) FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id
            WHERE h.village_code <> v.code OR h.village_name <> v.name OR h.commune_id <> v.commune_id OR h.commune_code <> c.code
            """;

    @BeforeAll
    static void database() {
        superuser = TestDatabase.demoDatabase();
        app = TestDatabase.urls(superuser).app();
        owner = TestDatabase.urls(superuser).owner().orElseThrow();
    }

    private static void assertKept(String after) {
        assertEquals(0, Sql.count(superuser, CELLS_THAT_DIFFER), "cells after " + after);
        assertEquals(0, Sql.count(superuser, COPIES_THAT_DIFFER), "village and commune copies after " + after);
    }

    @Test
    void cellsAndCopiesFollowEveryWrite() {
        assertKept("the demo load");
        long households = Sql.count(superuser, "SELECT count(*) FROM household");
        assertEquals(households, Sql.count(superuser, "SELECT sum(households) FROM household_cell WHERE z = 8"), "each household in one cell of a level");

        List<Object> village = Sql.rows(superuser, "SELECT id, code FROM village ORDER BY id LIMIT 1").get(0);
        int villageId = ((Number) village.get(0)).intValue();
        // a writer's copies are overwritten with the village's: they cannot disagree from the start
        Sql.update(app, "INSERT INTO household (code, village_id, members, status, geom, village_code, village_name, commune_id, commune_code) "
                + "SELECT 'HC-' || g, ?, 3 + g, 'at_risk', ST_SetSRID(ST_MakePoint(108.47 + g * 0.01, 15.57 + g * 0.003), 4326), "
                + "'wrong', 'wrong', 1, 'wrong' FROM generate_series(1, 3) g", villageId);
        assertKept("inserting three households");
        assertEquals(households + 3, Sql.count(superuser, "SELECT sum(households) FROM household_cell WHERE z = 14"));

        Sql.update(app, "UPDATE household SET status = 'isolated' WHERE village_id = ? AND status = 'safe'", villageId);
        assertKept("a status change of a whole village in one statement");
        Sql.update(app, "UPDATE household SET geom = ST_SetSRID(ST_MakePoint(108.2, 15.9), 4326), members = 7 WHERE code = 'HC-1'");
        assertKept("moving a household to another cell of every level");
        long cellsBefore = Sql.count(superuser, "SELECT count(*) FROM household_cell");
        Sql.update(app, "UPDATE household SET phone = '0905123456' WHERE code = 'HC-2'");
        assertKept("a change no cell counts");
        assertEquals(cellsBefore, Sql.count(superuser, "SELECT count(*) FROM household_cell"));
        // the server never deletes a household; the owner (a data load) does
        Sql.update(owner, "DELETE FROM household WHERE code LIKE 'HC-%'");
        assertKept("deleting");

        // the units change: a village renamed and given to another commune, a commune recoded
        int otherCommune = ((Number) Sql.scalar(superuser, "SELECT id FROM admin_unit WHERE level = 'commune' AND id <> "
                + "(SELECT commune_id FROM village WHERE id = ?) ORDER BY id LIMIT 1", villageId)).intValue();
        Sql.update(owner, "UPDATE village SET name = 'Thôn Đổi Tên', commune_id = ? WHERE id = ?", otherCommune, villageId);
        assertKept("a village renamed and moved");
        assertEquals(Sql.count(superuser, "SELECT count(*) FROM household WHERE village_id = ?", villageId),
                Sql.count(superuser, "SELECT count(*) FROM household WHERE village_name = 'Thôn Đổi Tên' AND commune_id = ?", otherCommune));
        Sql.update(owner, "UPDATE admin_unit SET code = '99999' WHERE id = ?", otherCommune);
        assertKept("a commune recoded");
        assertTrue(Sql.count(superuser, "SELECT count(*) FROM household WHERE commune_code = '99999' AND commune_id = ?", otherCommune) > 0);
    }

    @Test
    void theServersRoleCannotRewriteTheCountsItself() {
        String denied;
        try {
            Sql.update(app, "UPDATE household_cell SET households = 0");
            denied = "allowed";
        } catch (IllegalStateException e) {
            denied = e.getMessage();
        }
        assertTrue(denied.contains("permission denied"), denied);
    }
}
