package org.communeatlas.db;

import java.util.Map;

/**
 * The environment of a program the project starts (initdb, pg_ctl, pg_basebackup, psql, ogr2ogr, a server instance):
 * the user's libpq variables are taken out, because libpq prefers them to anything the project passes — a PGPASSWORD
 * exported for another database made {@code cluster up}'s pg_basebackup fail to sign in, a PGHOST or PGSERVICE would
 * send a tool elsewhere. Each program then gets exactly the connection the project gives it (a conninfo, a passfile).
 */
public final class ChildEnvironment {

    private ChildEnvironment() {
    }

    /** Removes every libpq variable (PGPASSWORD, PGUSER, PGHOST, PGPORT, PGDATABASE, PGSERVICE, PGSSLMODE, PGPASSFILE, …). */
    public static void clean(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
    }
}
