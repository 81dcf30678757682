package org.communeatlas.accounts;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;

/** {@code GET /api/audit} (admins): the audit log, newest first, filtered by user, action, entity and dates. */
public final class AuditController {

    private final DataSource db;

    public AuditController(DataSource db) {
        this.db = db;
    }

    public void list(Context ctx) throws Exception {
        Params.known(ctx, "user", "action", "entity", "entity_id", "from", "to", "limit", "offset");
        var query = new AuditLog.Query(Params.single(ctx, "user").orElse(null), Params.single(ctx, "action").orElse(null),
                Params.single(ctx, "entity").orElse(null), Params.single(ctx, "entity_id").orElse(null),
                ctx.queryParam("from") == null ? null : Params.date(ctx, "from", LocalDate.MIN).atStartOfDay(),
                ctx.queryParam("to") == null ? null : Params.date(ctx, "to", LocalDate.MAX).plusDays(1).atStartOfDay(),
                Params.clampedInt(ctx, "limit", 100, 1, 1_000), Params.intParam(ctx, "offset", 0, 0, 100_000_000));
        var entries = AuditLog.entries(db, query);
        ctx.header("Cache-Control", "private, no-store");
        Json.send(ctx, Map.of("entries", entries));
    }
}
