package org.communeatlas.search;

import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.db.Jdbc;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/**
 * {@code GET /api/search?q=}: communes (both geographies), villages and models whose names match,
 * ignoring Vietnamese diacritics and case ("tam thang" finds "Tam Thăng", "kim doi" finds "Kim Đới"),
 * through the trigram indexes on {@code atlas_fold(name)}. Each result has its kind, code, name, context
 * and a bounding box to zoom to. Public names only: households are not searched here.
 */
public final class SearchController {

    private static final String SQL = """
            WITH q AS (SELECT atlas_fold(?) AS f, ? AS pattern)
            SELECT kind, code, name, context, ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n, score, exact FROM (
              SELECT 'commune' AS kind, u.code, u.name, d.name AS context, u.geom::box2d AS b,
                     similarity(atlas_fold(u.name), q.f) AS score, atlas_fold(u.short_name) = q.f AS exact
              FROM admin_unit u JOIN admin_unit d ON d.id = u.parent_id, q
              WHERE u.level = 'commune' AND u.valid_to = DATE '2025-07-01'
                AND (atlas_fold(u.name) LIKE q.pattern ESCAPE '\\' OR atlas_fold(u.name) % q.f)
              UNION ALL
              SELECT 'unit_2025', u.code, u.name, 'từ 1/7/2025', u.geom::box2d, similarity(atlas_fold(u.name), q.f), atlas_fold(u.short_name) = q.f
              FROM admin_unit u, q
              WHERE u.level = 'commune' AND u.valid_from = DATE '2025-07-01'
                AND (atlas_fold(u.name) LIKE q.pattern ESCAPE '\\' OR atlas_fold(u.name) % q.f)
              UNION ALL
              SELECT 'district', u.code, u.name, 'Quảng Nam', u.geom::box2d, similarity(atlas_fold(u.name), q.f), atlas_fold(u.short_name) = q.f
              FROM admin_unit u, q
              WHERE u.level = 'district' AND (atlas_fold(u.name) LIKE q.pattern ESCAPE '\\' OR atlas_fold(u.name) % q.f)
              UNION ALL
              SELECT 'village', v.code, upper(left(v.kind, 1)) || substr(v.kind, 2) || ' ' || v.name, c.name, v.geom::box2d, similarity(atlas_fold(v.name), q.f), atlas_fold(v.name) = q.f
              FROM village v JOIN admin_unit c ON c.id = v.commune_id, q
              WHERE atlas_fold(v.name) LIKE q.pattern ESCAPE '\\' OR atlas_fold(v.name) % q.f
              UNION ALL
              SELECT 'model', m.id::text, m.name, m.host,
                     coalesce((SELECT ST_Extent(v.geom) FROM adoption a JOIN village v ON v.id = a.village_id WHERE a.model_id = m.id),
                              (SELECT u.geom::box2d FROM admin_unit u WHERE u.id = m.origin_unit_id)),
                     similarity(atlas_fold(m.name), q.f), atlas_fold(m.name) = q.f
              FROM model m, q
              WHERE atlas_fold(m.name) LIKE q.pattern ESCAPE '\\' OR atlas_fold(m.name) % q.f
            ) r
            ORDER BY exact DESC, CASE kind WHEN 'commune' THEN 0 WHEN 'unit_2025' THEN 1 WHEN 'district' THEN 2 WHEN 'village' THEN 3 ELSE 4 END,
                     score DESC, name
            LIMIT ?""";

    private final DataSource reader;

    public SearchController(DataSource reader) {
        this.reader = reader;
    }

    public void search(Context ctx) {
        for (String p : ctx.queryParamMap().keySet()) {
            if (!p.equals("q") && !p.equals("limit")) {
                throw ProblemException.badParameter(p, "unknown parameter; known ones are q, limit");
            }
        }
        String q = Params.single(ctx, "q").map(String::strip).orElseThrow(() -> ProblemException.badParameter("q", "give some text to search for"));
        if (q.length() < 2) {
            throw ProblemException.badParameter("q", "give at least 2 characters");
        }
        if (q.length() > 100) {
            throw ProblemException.badParameter("q", "at most 100 characters");
        }
        int limit = Params.intParam(ctx, "limit", 20, 1, 100);
        String folded = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        List<Map<String, Object>> results = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            // the LIKE pattern is folded in SQL too: atlas_fold of the escaped text, wrapped in wildcards
            Jdbc.bind(ps, List.of(q, "%" + fold(folded) + "%", limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("kind", rs.getString("kind"));
                    r.put("code", rs.getString("code"));
                    r.put("name", rs.getString("name"));
                    r.put("context", rs.getString("context"));
                    r.put("bbox", rs.getObject("w") == null ? null
                            : List.of(round(rs.getDouble("w")), round(rs.getDouble("s")), round(rs.getDouble("e")), round(rs.getDouble("n"))));
                    results.add(r);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("search failed: " + e.getMessage(), e);
        }
        ctx.header("Cache-Control", "public, max-age=60");
        Json.send(ctx, Map.of("q", q, "results", results));
    }

    /** The same folding as atlas_fold in the database: no diacritics, lower case, đ → d. */
    static String fold(String text) {
        String noMarks = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return noMarks.replace('đ', 'd').replace('Đ', 'D').toLowerCase(java.util.Locale.ROOT);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
