package org.communeatlas.accounts;

import org.communeatlas.core.JsonCodec;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.db.Jdbc;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/** {@code GET /api/audit} (admins): the audit log, newest first, filtered by user, action, entity and dates. */
public final class AuditController {

    private final DataSource db;

    public AuditController(DataSource db) {
        this.db = db;
    }

    public void list(Context ctx) {
        for (String p : ctx.queryParamMap().keySet()) {
            if (!List.of("user", "action", "entity", "entity_id", "from", "to", "limit", "offset").contains(p)) {
                throw ProblemException.badParameter(p, "unknown parameter; known ones are user, action, entity, entity_id, from, to, limit, offset");
            }
        }
        List<String> where = new ArrayList<>(List.of("true"));
        List<Object> params = new ArrayList<>();
        Params.single(ctx, "user").ifPresent(u -> { where.add("username = ?"); params.add(u); });
        Params.single(ctx, "action").ifPresent(a -> { where.add("action = ?"); params.add(a); });
        Params.single(ctx, "entity").ifPresent(e -> { where.add("entity = ?"); params.add(e); });
        Params.single(ctx, "entity_id").ifPresent(e -> { where.add("entity_id = ?"); params.add(e); });
        if (ctx.queryParam("from") != null) {
            where.add("at >= ?");
            params.add(Params.date(ctx, "from", LocalDate.MIN).atStartOfDay());
        }
        if (ctx.queryParam("to") != null) {
            where.add("at < ?");
            params.add(Params.date(ctx, "to", LocalDate.MAX).plusDays(1).atStartOfDay());
        }
        params.add(Params.clampedInt(ctx, "limit", 100, 1, 1_000));
        params.add(Params.intParam(ctx, "offset", 0, 0, 100_000_000));
        String sql = "SELECT id, at, user_id, username, action, entity, entity_id, before::text AS before, after::text AS after, address "
                + "FROM audit_log WHERE " + String.join(" AND ", where) + " ORDER BY id DESC LIMIT ? OFFSET ?";
        List<Map<String, Object>> rows;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                // before and after are JSON documents: sent as JSON, not as strings holding JSON
                rows = Jdbc.rows(rs, (label, v) -> (label.equals("before") || label.equals("after")) && v != null ? json((String) v) : v);
            }
        } catch (SQLException | java.io.UncheckedIOException e) {
            throw new IllegalStateException("audit: " + e.getMessage(), e);
        }
        ctx.header("Cache-Control", "private, no-store");
        Json.send(ctx, Map.of("entries", rows));
    }

    private static Object json(String text) {
        try {
            return JsonCodec.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
