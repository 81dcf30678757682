package org.communeatlas.floods;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/**
 * Flood events: a stored scenario put into effect, a polygon drawn on the map, or an uploaded GeoJSON
 * extent. Each keeps its geometry (made valid by PostGIS), river and water levels and time.
 */
public final class FloodEvents {

    /** A flood event as the analyses need it. */
    public record Event(int id, String name, String source, String scenarioCode, BigDecimal riverLevel, Integer alarmLevel,
                        BigDecimal waterLevel, OffsetDateTime occurredAt, double areaKm2, Integer planId) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("source", source);
            m.put("scenario", scenarioCode);
            m.put("river_level_m", riverLevel);
            m.put("alarm_level", alarmLevel);
            m.put("water_level_m", waterLevel);
            m.put("occurred_at", occurredAt == null ? null : occurredAt.toString());
            m.put("area_km2", Math.round(areaKm2 * 100) / 100.0);
            m.put("plan_id", planId);  // the newest evacuation plan, null before the first
            return m;
        }
    }

    /** Mainland Việt Nam and its near islands; a flood outside it is a wrong CRS or swapped axes. */
    static final double[] VIETNAM = {102.1, 8.3, 109.6, 23.4};
    /** Larger than any flood a commune or province would draw; guards against a world-sized polygon. */
    static final double MAX_AREA_KM2 = 20_000;
    /** The union of the GeoJSON polygons {@code j}, made valid, as one 2D MultiPolygon (an aggregate). */
    private static final String POLYGONS =
            "ST_Multi(ST_Union(ST_CollectionExtract(ST_MakeValid(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(j), 4326))), 3)))";
    private static final Set<String> FIELDS = Set.of("scenario", "name", "geometry", "type", "coordinates", "features", "properties",
            "river_level_m", "water_level_m", "alarm_level", "occurred_at", "source", "bbox", "crs");

    private final DataSource db;

    public FloodEvents(DataSource db) {
        this.db = db;
    }

    /** Creates an event from a request body (see {@code POST /api/floods}); returns it. */
    public Event create(JsonNode body, Viewer viewer, String address) throws SQLException {
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ProblemException.badParameter(f, "unknown field; give a scenario, or a GeoJSON Polygon or MultiPolygon");
            }
        }
        String name = text(body, "name", 200);
        BigDecimal water = level(body, "water_level_m");
        BigDecimal river = level(body, "river_level_m");
        Integer alarm = null;
        if (body.hasNonNull("alarm_level")) {
            JsonNode a = body.get("alarm_level");
            if (!a.canConvertToInt() || a.asInt() < 1 || a.asInt() > 3) {
                throw ProblemException.badParameter("alarm_level", "1, 2 or 3");
            }
            alarm = a.asInt();
        }
        OffsetDateTime occurred = null;
        if (body.hasNonNull("occurred_at")) {
            try {
                occurred = OffsetDateTime.parse(body.get("occurred_at").asText());
            } catch (DateTimeParseException e) {
                throw ProblemException.badParameter("occurred_at", "a date and time with offset, e.g. 2020-10-28T14:00:00+07:00");
            }
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int id;
                if (body.hasNonNull("scenario")) {
                    if (body.has("geometry") || body.has("coordinates") || body.has("features")) {
                        throw ProblemException.badParameter("scenario", "give a scenario or a geometry, not both");
                    }
                    id = fromScenario(c, body.get("scenario"), name, occurred, viewer);
                } else {
                    String source = body.path("source").asText("upload").equals("drawn") ? "drawn" : "upload";
                    id = fromGeometry(c, geometryOf(body), name == null ? defaultName(source) : name, source, river, alarm, water,
                            occurred, viewer);
                }
                Event e = find(c, id);
                AuditLog.write(c, viewer, "flood_create", "flood_event", id, null, e.toMap(), address);
                c.commit();
                return e;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static String defaultName(String source) {
        return source.equals("drawn") ? "Vùng ngập vẽ trên bản đồ" : "Vùng ngập tải lên";
    }

    private int fromScenario(Connection c, JsonNode scenario, String name, OffsetDateTime occurred, Viewer viewer) throws SQLException {
        String where = scenario.canConvertToInt() && scenario.isNumber() ? "id = ?" : "code = ?";
        String sql = "INSERT INTO flood_event (name, source, scenario_id, river_level_m, alarm_level, water_level_m, occurred_at, created_by, geom) "
                + "SELECT coalesce(?, name), 'scenario', id, river_level_m, alarm_level, water_level_m, coalesce(?, now()), ?, geom "
                + "FROM flood_scenario WHERE " + where + " RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setObject(2, occurred);
            ps.setString(3, viewer.username());
            if (where.startsWith("id")) {
                ps.setInt(4, scenario.asInt());
            } else {
                ps.setString(4, scenario.asText());
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.badParameter("scenario", "no stored scenario '" + Params.shorten(scenario.asText())
                            + "' (see /api/flood-scenarios)");
                }
                return rs.getInt(1);
            }
        }
    }

    /** The polygons of a body that is a GeoJSON geometry, a Feature, a FeatureCollection or {"geometry": ...}. */
    static List<JsonNode> geometryOf(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        if (body.has("geometry") && !body.has("type")) {
            collect(body.get("geometry"), out, "geometry");
        } else {
            collect(body, out, "geometry");
        }
        if (out.isEmpty()) {
            throw ProblemException.badParameter("geometry", "give a scenario, or a GeoJSON Polygon or MultiPolygon");
        }
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out, String where) {
        String type = node == null ? "" : node.path("type").asText("");
        switch (type) {
            case "Polygon", "MultiPolygon" -> out.add(node);
            case "Feature" -> collect(node.get("geometry"), out, where);
            case "FeatureCollection" -> {
                JsonNode features = node.get("features");
                if (!(features instanceof ArrayNode a)) {
                    throw ProblemException.badParameter(where, "a FeatureCollection needs a features array");
                }
                a.forEach(f -> collect(f, out, where));
            }
            default -> throw ProblemException.badParameter(where, "expected a GeoJSON Polygon or MultiPolygon, got "
                    + (type.isEmpty() ? "no type" : "'" + Params.shorten(type) + "'"));
        }
    }

    private int fromGeometry(Connection c, List<JsonNode> polygons, String name, String source, BigDecimal river, Integer alarm,
                             BigDecimal water, OffsetDateTime occurred, Viewer viewer) throws SQLException {
        // PostGIS parses and repairs: ST_MakeValid may split a bow-tie in two and leave slivers as lines, which are dropped
        String[] json = polygons.stream().map(p -> new String(JsonCodec.bytes(p), java.nio.charset.StandardCharsets.UTF_8)).toArray(String[]::new);
        String check = "SELECT ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g), ST_Area(g::geography) / 1e6, coalesce(ST_IsEmpty(g), true) "
                + "FROM (SELECT " + POLYGONS + " AS g FROM unnest(?::text[]) AS j) x";
        try (PreparedStatement ps = c.prepareStatement(check)) {
            ps.setArray(1, c.createArrayOf("text", json));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(6)) {
                    throw ProblemException.badParameter("geometry", "the polygon has no area");
                }
                double w = rs.getDouble(1), s = rs.getDouble(2), e = rs.getDouble(3), n = rs.getDouble(4);
                if (w < VIETNAM[0] || s < VIETNAM[1] || e > VIETNAM[2] || n > VIETNAM[3]) {
                    throw ProblemException.badParameter("geometry", String.format(java.util.Locale.ROOT,
                            "coordinates [%.4f, %.4f, %.4f, %.4f] lie outside Việt Nam; GeoJSON is longitude, latitude in WGS 84 "
                                    + "(are the axes swapped, or the coordinates in another CRS?)", w, s, e, n));
                }
                if (rs.getDouble(5) > MAX_AREA_KM2) {
                    throw ProblemException.badParameter("geometry", "the flood covers " + Math.round(rs.getDouble(5))
                            + " km², more than " + (int) MAX_AREA_KM2 + " km²");
                }
            }
        } catch (SQLException e) {
            if ("XX000".equals(e.getSQLState()) || "22023".equals(e.getSQLState())) {
                throw ProblemException.badParameter("geometry", "not a valid GeoJSON polygon: "
                        + Params.shorten(e.getMessage().replaceAll("(?s)^ERROR: *", "").split("\n")[0]));
            }
            throw e;
        }
        String insert = "INSERT INTO flood_event (name, source, river_level_m, alarm_level, water_level_m, occurred_at, created_by, geom) "
                + "SELECT ?, ?, ?, ?, ?, coalesce(?, now()), ?, " + POLYGONS + " FROM unnest(?::text[]) AS j RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, name);
            ps.setString(2, source);
            ps.setBigDecimal(3, river);
            ps.setObject(4, alarm);
            ps.setBigDecimal(5, water);
            ps.setObject(6, occurred);
            ps.setString(7, viewer.username());
            ps.setArray(8, c.createArrayOf("text", json));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public Event find(int id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, id);
        }
    }

    static Event find(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT e.id, e.name, e.source, s.code, e.river_level_m, e.alarm_level, e.water_level_m, "
                + "e.occurred_at, ST_Area(e.geom::geography) / 1e6, (SELECT max(p.id) FROM evacuation_plan p WHERE p.flood_id = e.id) "
                + "FROM flood_event e LEFT JOIN flood_scenario s ON s.id = e.scenario_id "
                + "WHERE e.id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("No flood event " + id);
                }
                return new Event(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                        (Integer) rs.getObject(6), rs.getBigDecimal(7), rs.getObject(8, OffsetDateTime.class), rs.getDouble(9),
                        (Integer) rs.getObject(10));
            }
        }
    }

    /** The newest events first. */
    public List<Map<String, Object>> list(int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM flood_event ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            for (int id : ids) {
                out.add(find(c, id).toMap());
            }
        }
        return out;
    }

    /** The event's extent as GeoJSON, for the map. */
    public byte[] geometry(int id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT json_build_object('type', 'Feature', 'id', id, 'properties', json_build_object('name', name, 'water_level_m', water_level_m), "
                        + "'geometry', ST_AsGeoJSON(geom, 6)::json)::text FROM flood_event WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("No flood event " + id);
                }
                return rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    private static String text(JsonNode body, String field, int max) {
        if (!body.hasNonNull(field)) {
            return null;
        }
        JsonNode n = body.get(field);
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > max) {
            throw ProblemException.badParameter(field, "text of 1 to " + max + " characters");
        }
        return n.asText().strip();
    }

    private static BigDecimal level(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            return null;
        }
        JsonNode n = body.get(field);
        if (!n.isNumber() || n.asDouble() < -10 || n.asDouble() > 100) {
            throw ProblemException.badParameter(field, "a level in metres between -10 and 100");
        }
        return n.decimalValue().setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
