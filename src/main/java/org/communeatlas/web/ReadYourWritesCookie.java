package org.communeatlas.web;

import io.javalin.http.Context;
import org.communeatlas.db.Database;
import org.communeatlas.db.ReadYourWrites;

/**
 * After a write, the user's next reads must show it, whichever server instance they reach and however far the read
 * replica has got: a successful write answers a cookie with the primary's WAL position, and every request carrying it
 * reads from the replica only once the replica has replayed that far. Without a replica nothing is set.
 */
public final class ReadYourWritesCookie {

    static final String COOKIE = "atlas_lsn";
    /** Longer than any replica the server still reads from may lag ({@link org.communeatlas.db.ReplicaWatch#MAX_LAG_SECONDS}). */
    private static final int MAX_AGE_SECONDS = 60;

    private final Database database;

    public ReadYourWritesCookie(Database database) {
        this.database = database;
    }

    public void before(Context ctx) {
        String position = ctx.cookie(COOKIE);
        ReadYourWrites.require(position == null ? 0 : Math.max(0, ReadYourWrites.parse(position)));
    }

    public void after(Context ctx) {
        ReadYourWrites.clear();
        if (database.replica().isEmpty() || !Requests.changesState(ctx) || ctx.status().getCode() >= 400) {
            return;
        }
        long position = database.primaryPosition();
        if (position > 0) {
            Requests.addCookie(ctx, COOKIE, ReadYourWrites.format(position), MAX_AGE_SECONDS, "Lax");
        }
    }
}
