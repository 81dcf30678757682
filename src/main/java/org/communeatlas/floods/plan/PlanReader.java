package org.communeatlas.floods.plan;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.data.Csv;
import org.communeatlas.floods.NeedsProfile;
import org.communeatlas.web.ProblemException;

/**
 * Reads a stored plan back: as JSON, CSV, GeoJSON (one route line per household, points for those to
 * rescue), the route trees for the map, and rows for the printable sheet. Personal fields — the household's
 * code, head, phone and whether vulnerable people live there — are selected only for viewers allowed to see
 * that household's commune; the database never sends them otherwise.
 */
public final class PlanReader {

    /** One household of a plan. */
    public record Row(long householdId, String villageCode, String villageName, String communeCode, String communeName, int members,
                      String reason, Integer siteId, Double distanceM, Double waterM, String unassigned, double lon, double lat, boolean personal,
                      String code, String headName, String phone, Integer priority) {
    }

    private final DataSource db;

    public PlanReader(DataSource db) {
        this.db = db;
    }

    /** The personal-data gate, as SQL: an admin, or an officer of the household's commune. */
    private static final String PERSONAL = "(?::boolean OR v.commune_id = ANY (?::integer[]))";

    private static final String ROWS = "SELECT a.household_id, v.code, v.name, c.code, c.name, h.members, a.reason, a.site_id, a.distance_m, a.water_m, "
            + "a.unassigned, ST_X(h.geom), ST_Y(h.geom), p.ok, CASE WHEN p.ok THEN h.code END, CASE WHEN p.ok THEN h.head_name END, "
            + "CASE WHEN p.ok THEN h.phone END, CASE WHEN p.ok THEN a.priority END "
            + "FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id "
            + "JOIN admin_unit c ON c.id = v.commune_id CROSS JOIN LATERAL (SELECT " + PERSONAL + " AS ok) p "
            + "WHERE a.plan_id = ? ";

    /** Every household of the plan (optionally of one commune), in commune, village, priority order. */
    public void rows(int planId, Viewer viewer, String communeCode, RowConsumer consumer) throws SQLException, IOException {
        rows(planId, viewer, communeCode, null, consumer);
    }

    /** As above, only the households with a site ({@code placed} true) or only those without (false), or all (null). */
    public void rows(int planId, Viewer viewer, String communeCode, Boolean placed, RowConsumer consumer) throws SQLException, IOException {
        String sql = ROWS + (communeCode == null ? "" : "AND c.code = ? ")
                + (placed == null ? "" : placed ? "AND a.site_id IS NOT NULL " : "AND a.site_id IS NULL ")
                + "ORDER BY c.code, v.code, a.priority, a.household_id";
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(5_000);
                ps.setBoolean(1, viewer.isAdmin());
                ps.setArray(2, c.createArrayOf("integer", viewer.role() == Viewer.Role.OFFICER ? viewer.communeIds().toArray() : new Object[0]));
                ps.setInt(3, planId);
                if (communeCode != null) {
                    ps.setString(4, communeCode);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                                rs.getString(7), (Integer) rs.getObject(8), rs.getObject(9) == null ? null : rs.getDouble(9),
                                rs.getObject(10) == null ? null : rs.getDouble(10), rs.getString(11), rs.getDouble(12), rs.getDouble(13),
                                rs.getBoolean(14), rs.getString(15), rs.getString(16), rs.getString(17), (Integer) rs.getObject(18)));
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        }
    }

    @FunctionalInterface
    public interface RowConsumer {
        void accept(Row row) throws IOException;
    }

    /** The plan's header: what was planned and how well. */
    public Map<String, Object> header(int planId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, flood_id, created_at, options::text, method, "
                + "households, assigned, people_assigned, cost_person_m, lower_bound_person_m, solve_ms, summary::text FROM evacuation_plan WHERE id = ?")) {
            ps.setInt(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("No plan " + planId);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", rs.getInt(1));
                m.put("flood_id", rs.getInt(2));
                m.put("created_at", rs.getObject(3, OffsetDateTime.class).toString());
                m.put("options", JsonCodec.MAPPER.readTree(rs.getString(4)));
                m.put("method", rs.getString(5));
                m.put("households", rs.getInt(6));
                m.put("assigned", rs.getInt(7));
                m.put("people_assigned", rs.getInt(8));
                m.put("cost_person_km", Math.round(rs.getLong(9) / 100.0) / 10.0);
                m.put("lower_bound_person_km", Math.round(rs.getLong(10) / 100.0) / 10.0);
                var summary = JsonCodec.MAPPER.readTree(rs.getString(12));
                m.put("gap", summary.path("gap").asDouble());
                m.put("unassigned", summary.get("unassigned"));
                m.put("solve_ms", rs.getInt(11));
                m.put("summary", summary);
                return m;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Each site the plan uses: its households, people and needs. */
    public List<Map<String, Object>> sites(int planId, String communeCode) throws SQLException {
        List<NeedsProfile.Item> needs;
        List<Map<String, Object>> out = new ArrayList<>();
        String sql = "SELECT s.id, s.code, s.name, s.kind, sc.code, sc.name, ST_X(s.geom), ST_Y(s.geom), s.capacity_day, s.capacity_night, "
                + "s.occupancy, s.reserved, count(*), sum(h.members), round(avg(a.distance_m)), max(a.distance_m) "
                + "FROM evacuation_assignment a JOIN evacuation_point s ON s.id = a.site_id JOIN admin_unit sc ON sc.id = s.commune_id "
                + "JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id "
                + "WHERE a.plan_id = ? " + (communeCode == null ? "" : "AND c.code = ? ")
                + "GROUP BY s.id, sc.code, sc.name ORDER BY sc.code, s.code";
        try (Connection c = db.getConnection()) {
            needs = NeedsProfile.items(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, planId);
                if (communeCode != null) {
                    ps.setString(2, communeCode);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", rs.getInt(1));
                        m.put("code", rs.getString(2));
                        m.put("name", rs.getString(3));
                        m.put("kind", rs.getString(4));
                        m.put("commune_code", rs.getString(5));
                        m.put("commune_name", rs.getString(6));
                        m.put("lon", rs.getDouble(7));
                        m.put("lat", rs.getDouble(8));
                        m.put("capacity_day", rs.getInt(9));
                        m.put("capacity_night", rs.getInt(10));
                        m.put("occupancy", rs.getInt(11));
                        m.put("reserved", rs.getInt(12));
                        m.put("households", rs.getInt(13));
                        m.put("people", rs.getInt(14));
                        m.put("mean_distance_m", rs.getDouble(15));
                        m.put("max_distance_m", Math.round(rs.getDouble(16)));
                        m.put("needs", NeedsProfile.quantities(needs, rs.getInt(14)));
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The whole plan as JSON, streamed: header, sites, assignments and the households to rescue by boat (a plan
     * for 100,000 households is written row by row, never held as objects).
     */
    public void writeJson(int planId, Viewer viewer, OutputStream out) throws SQLException, IOException {
        Map<String, Object> header = header(planId);
        List<Map<String, Object>> sites = sites(planId, null);
        List<NeedsProfile.Item> needs = needsItems();
        try (JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setCodec(JsonCodec.MAPPER);
            g.writeStartObject();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                g.writeObjectField(e.getKey(), e.getValue());
            }
            g.writeObjectField("sites", sites);
            g.writeArrayFieldStart("assignments");
            rows(planId, viewer, null, true, r -> {
                g.writeStartObject();
                household(g, r);
                g.writeNumberField("site_id", r.siteId());
                g.writeNumberField("distance_m", Math.round(r.distanceM()));
                g.writeNumberField("water_m", Math.round(r.waterM()));
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeArrayFieldStart("unassigned_households");
            rows(planId, viewer, null, false, r -> {
                g.writeStartObject();
                household(g, r);
                g.writeStringField("unassigned", r.unassigned());
                g.writeNumberField("lon", r.lon());
                g.writeNumberField("lat", r.lat());
                g.writeObjectField("needs", NeedsProfile.quantities(needs, r.members()));
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void household(JsonGenerator g, Row r) throws IOException {
        g.writeNumberField("household_id", r.householdId());
        if (r.personal()) {
            g.writeStringField("code", r.code());
            g.writeStringField("head_name", r.headName());
            g.writeStringField("phone", r.phone());
            g.writeBooleanField("vulnerable", r.priority() != null && r.priority() == 1);
        }
        g.writeStringField("village_code", r.villageCode());
        g.writeStringField("commune_code", r.communeCode());
        g.writeNumberField("members", r.members());
        g.writeStringField("reason", r.reason());
    }

    private List<NeedsProfile.Item> needsItems() throws SQLException {
        try (Connection c = db.getConnection()) {
            return NeedsProfile.items(c);
        }
    }

    /** One row per household of the plan. */
    public void csv(int planId, Viewer viewer, Writer out) throws SQLException, IOException {
        Csv.RowWriter csv = Csv.writer(out);
        boolean personal = viewer.seesPersonalData();
        List<Object> header = new ArrayList<>(List.of("household_id", "village_code", "village_name", "commune_code", "commune_name", "members",
                "reason", "site_id", "distance_m", "water_m", "unassigned", "lon", "lat"));
        if (personal) {
            header.addAll(List.of("code", "head_name", "phone", "vulnerable"));
        }
        csv.write(header.toArray());
        rows(planId, viewer, null, r -> {
            List<Object> v = new ArrayList<>(List.of(r.householdId(), r.villageCode(), r.villageName(), r.communeCode(), r.communeName(),
                    r.members(), r.reason()));
            v.add(r.siteId());
            v.add(r.distanceM() == null ? null : Math.round(r.distanceM()));
            v.add(r.waterM() == null ? null : Math.round(r.waterM()));
            v.add(r.unassigned());
            v.add(r.lon());
            v.add(r.lat());
            if (personal) {
                v.add(r.code());
                v.add(r.headName());
                v.add(r.phone());
                v.add(r.priority() == null ? null : r.priority() == 1);
            }
            csv.write(v.toArray());
        });
        csv.close();
    }

    /**
     * GeoJSON: a LineString per assigned household along its route (PostGIS merges the road edges the route
     * tree gives, walked from the household's road node to the site), a Point per household without a site.
     */
    public void geojson(int planId, Viewer viewer, OutputStream out) throws SQLException, IOException {
        String sql = """
                WITH RECURSIVE walk AS (
                    SELECT a.household_id, a.site_id, s.edge_id, s.next_node, 1 AS seq
                    FROM evacuation_assignment a
                    JOIN evacuation_route_step s ON s.plan_id = a.plan_id AND s.site_id = a.site_id AND s.node_id = a.start_node
                    WHERE a.plan_id = ?
                    UNION ALL
                    SELECT w.household_id, w.site_id, s.edge_id, s.next_node, w.seq + 1
                    FROM walk w JOIN evacuation_route_step s ON s.plan_id = ? AND s.site_id = w.site_id AND s.node_id = w.next_node
                ), line AS (
                    SELECT w.household_id, ST_LineMerge(ST_Collect(r.geom ORDER BY w.seq)) AS g
                    FROM walk w JOIN road r ON r.id = w.edge_id GROUP BY w.household_id
                )
                """ + "SELECT a.household_id, a.site_id, ep.code, a.distance_m, a.unassigned, a.reason, h.members, v.code, "
                + "ST_AsGeoJSON(CASE WHEN a.site_id IS NULL THEN h.geom "
                + "ELSE ST_LineMerge(ST_Collect(array_remove(ARRAY[ST_MakeLine(h.geom, sn.geom), l.g], NULL))) END, 6), "
                + "p.ok, CASE WHEN p.ok THEN h.head_name END, CASE WHEN p.ok THEN h.phone END, a.water_m "
                + "FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id "
                + "LEFT JOIN evacuation_point ep ON ep.id = a.site_id LEFT JOIN line l ON l.household_id = a.household_id "
                + "LEFT JOIN road_node sn ON sn.id = a.start_node "
                + "CROSS JOIN LATERAL (SELECT " + PERSONAL + " AS ok) p WHERE a.plan_id = ? ORDER BY a.household_id";
        try (Connection c = db.getConnection(); JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(2_000);
                ps.setInt(1, planId);
                ps.setInt(2, planId);
                ps.setBoolean(3, viewer.isAdmin());
                ps.setArray(4, c.createArrayOf("integer", viewer.role() == Viewer.Role.OFFICER ? viewer.communeIds().toArray() : new Object[0]));
                ps.setInt(5, planId);
                g.writeStartObject();
                g.writeStringField("type", "FeatureCollection");
                g.writeArrayFieldStart("features");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        g.writeStartObject();
                        g.writeStringField("type", "Feature");
                        g.writeNumberField("id", rs.getLong(1));
                        g.writeObjectFieldStart("properties");
                        g.writeNumberField("household_id", rs.getLong(1));
                        g.writeStringField("village_code", rs.getString(8));
                        g.writeNumberField("members", rs.getInt(7));
                        g.writeStringField("reason", rs.getString(6));
                        if (rs.getObject(2) != null) {
                            g.writeNumberField("site_id", rs.getInt(2));
                            g.writeStringField("site_code", rs.getString(3));
                            g.writeNumberField("distance_m", Math.round(rs.getDouble(4)));
                            g.writeNumberField("water_m", Math.round(rs.getDouble(13)));
                        } else {
                            g.writeStringField("unassigned", rs.getString(5));
                        }
                        if (rs.getBoolean(10)) {
                            g.writeStringField("head_name", rs.getString(11));
                            g.writeStringField("phone", rs.getString(12));
                        }
                        g.writeEndObject();
                        g.writeFieldName("geometry");
                        g.writeRawValue(rs.getString(9));
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        }
    }

    /** The route trees for the map: per site, the road edges its people take, merged, with how many people pass. */
    public byte[] routes(int planId) throws SQLException {
        String sql = """
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                    'type', 'Feature', 'properties', json_build_object('site_id', site_id, 'site_code', code, 'people', people),
                    'geometry', ST_AsGeoJSON(g, 6)::json) ORDER BY site_id, people), '[]'::json))::text
                FROM (SELECT s.site_id, ep.code, s.people, ST_LineMerge(ST_Collect(r.geom)) AS g
                      FROM evacuation_route_step s JOIN road r ON r.id = s.edge_id JOIN evacuation_point ep ON ep.id = s.site_id
                      WHERE s.plan_id = ? GROUP BY s.site_id, ep.code, s.people) x""";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
