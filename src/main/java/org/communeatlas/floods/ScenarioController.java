package org.communeatlas.floods;

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
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/**
 * {@code GET /api/flood-scenarios} (the stored scenarios) and {@code GET /api/flood-scenarios/{code}/roads}
 * (the road edges a scenario cuts: any edge touching the water is impassable, as in the isolation analysis).
 */
public final class ScenarioController {

    private final DataSource reader;

    public ScenarioController(DataSource reader) {
        this.reader = reader;
    }

    public void list(Context ctx) {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        String sql = "SELECT id, code, name, name_en, kind, river, gauge, river_level_m, alarm_level, water_level_m, description, "
                + "round((ST_Area(geom::geography) / 1e6)::numeric, 2) AS area_km2, ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n "
                + "FROM (SELECT *, geom::box2d AS b FROM flood_scenario) x ORDER BY kind, river_level_m NULLS LAST, code";
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> s = new LinkedHashMap<>();
                for (String col : List.of("id", "code", "name", "name_en", "kind", "river", "gauge", "river_level_m", "alarm_level",
                        "water_level_m", "description", "area_km2")) {
                    s.put(col, rs.getObject(col));
                }
                s.put("bbox", List.of(rs.getDouble("w"), rs.getDouble("s"), rs.getDouble("e"), rs.getDouble("n")));
                scenarios.add(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("scenarios: " + e.getMessage(), e);
        }
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, Map.of("scenarios", scenarios));
    }

    public void floodedRoads(Context ctx) {
        String code = ctx.pathParam("code");
        if (!code.matches("[A-Za-z0-9_-]{1,40}")) {
            throw ProblemException.badParameter("code", "'" + Params.shorten(code) + "' is not a scenario code");
        }
        String sql = """
                WITH f AS (SELECT ST_Subdivide(geom, 255) AS g FROM flood_scenario WHERE code = ?),
                     cut AS (SELECT DISTINCT r.id, r.road_class, r.geom FROM road r JOIN f ON r.geom && f.g AND ST_Intersects(r.geom, f.g))
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                    'type', 'Feature', 'properties', json_build_object('road_class', road_class, 'edges', n, 'length_m', round(len::numeric)),
                    'geometry', ST_AsGeoJSON(g, 6)::json) ORDER BY road_class), '[]'::json))::text,
                    (SELECT count(*) FROM flood_scenario WHERE code = ?)
                FROM (SELECT road_class, count(*) AS n, sum(ST_Length(geom::geography)) AS len, ST_Collect(geom) AS g FROM cut GROUP BY road_class) x""";
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, code);
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(2) == 0) {
                    throw ProblemException.notFound("No flood scenario '" + Params.shorten(code) + "'");
                }
                ctx.header("Cache-Control", "no-cache");
                Json.sendBytes(ctx, rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/geo+json");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("flooded roads: " + e.getMessage(), e);
        }
    }
}
