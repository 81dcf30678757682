package org.communeatlas.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's role, as a migrated database grants it: no superuser, nothing owned; it reads the published tables and
 * writes only those its features write; it cannot read the host's files, run programs, change the schema, or rewrite
 * the audit log.
 */
class LeastPrivilegeTest {

    private static String superuser;
    private static String app;

    @BeforeAll
    static void database() {
        superuser = TestDatabase.emptyDatabase();
        app = TestDatabase.urls(superuser).app();
    }

    private static String deniedBecause(String sql) {
        try {
            Sql.update(app, sql);
            return "allowed";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Test
    void theServersRoleCannotReadFilesOrRunPrograms() {
        for (String sql : List.of("SELECT pg_read_file('/etc/hostname')", "SELECT pg_ls_dir('.')",
                "COPY (SELECT 1) TO PROGRAM 'touch /tmp/atlas-owned'", "COPY household FROM '/etc/hostname'",
                "SELECT lo_import('/etc/hostname')", "CREATE EXTENSION IF NOT EXISTS adminpack")) {
            String why = deniedBecause(sql);
            assertTrue(why.contains("permission denied") || why.contains("must be superuser") || why.contains("superuser or"),
                    sql + " → " + why);
        }
        assertEquals(false, Sql.scalar(app, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        assertEquals("30s", Sql.scalar(app, "SHOW statement_timeout"));
        assertEquals(0L, Sql.count(superuser, "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = 'atlas_app')"),
                "the server's role owns nothing");
        assertEquals(0L, Sql.count(superuser, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                + "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = 'atlas_app')"), "nor is it a member of any role");
    }

    @Test
    void itReadsWhatItPublishesAndWritesOnlyWhatItsFeaturesWrite() {
        assertEquals(0L, Sql.count(app, "SELECT count(*) FROM household"));
        assertEquals(4L, Sql.count(app, "SELECT count(*) FROM model_sector"));
        for (String sql : List.of("DROP TABLE household", "CREATE TABLE public.x (id int)", "ALTER TABLE household ADD COLUMN x int",
                "TRUNCATE audit_log", "UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "DELETE FROM admin_unit",
                "INSERT INTO road_node (id, geom) VALUES (1, ST_Point(108, 15, 4326))", "UPDATE model_sector SET name_vi = 'x'",
                "DELETE FROM flood_scenario", "CREATE ROLE sneaky")) {
            String why = deniedBecause(sql);
            assertTrue(why.contains("permission denied") || why.contains("must be owner"), sql + " → " + why);
        }
        // what its features do write, it may
        Sql.update(app, "INSERT INTO audit_log (username, action, entity) VALUES ('t', 'test', 'x')");
        Sql.update(app, "UPDATE needs_item SET per_person = per_person WHERE code = 'rice'");
    }
}
