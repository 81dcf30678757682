package org.communeatlas.search;

import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;

/** {@code GET /api/labels?level=}: a point inside each unit to write its name at (ST_PointOnSurface). */
public final class LabelController {

    private static final Map<String, String> LEVELS = Map.of(
            "commune", "level = 'commune' AND valid_to = DATE '2025-07-01'",
            "district", "level = 'district'",
            "unit_2025", "level = 'commune' AND valid_from = DATE '2025-07-01'");

    private final DataSource reader;

    public LabelController(DataSource reader) {
        this.reader = reader;
    }

    public void labels(Context ctx) {
        String level = Params.oneOf(ctx, "level", LEVELS.keySet(), "commune");
        String sql = "SELECT code, short_name, name, ST_X(p), ST_Y(p) FROM (SELECT code, short_name, name, ST_PointOnSurface(geom) AS p "
                + "FROM admin_unit WHERE geom IS NOT NULL AND " + LEVELS.get(level) + ") x ORDER BY code";
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Map.of("code", rs.getString(1), "short_name", rs.getString(2), "name", rs.getString(3),
                        "lon", Math.round(rs.getDouble(4) * 1e5) / 1e5, "lat", Math.round(rs.getDouble(5) * 1e5) / 1e5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("labels: " + e.getMessage(), e);
        }
        ctx.header("Cache-Control", "public, max-age=60");
        Json.send(ctx, Map.of("level", level, "labels", out));
    }
}
