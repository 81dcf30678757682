package org.communeatlas.floods.plan;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.SqlResource;
import org.communeatlas.db.Transactions;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.floods.impact.NeedsProfile;
import org.communeatlas.floods.plan.solver.PlanResult;
import org.communeatlas.floods.plan.solver.PlanResult.RouteStep;
import org.postgresql.PGConnection;

/**
 * The SQL of evacuation plans: a plan is written as one header row, one row of parallel arrays for its households
 * ({@code evacuation_plan_household}, read through the {@code evacuation_assignment} view) and the steps of its
 * route trees (COPY); it is read back as rows for the exports and the sheet. Personal fields are selected only
 * for viewers allowed to see the household's commune: the database never sends them otherwise.
 */
final class PlanStore {

    /** Receives the rows of a streamed read one at a time. */
    @FunctionalInterface
    interface Sink<T> {
        void accept(T row) throws IOException;
    }

    /** The personal-data gate, as SQL: an admin, or an officer of the household's commune. */
    private static final String PERSONAL = "(?::boolean OR v.commune_id = ANY (?::integer[]))";

    private static final String ROWS = "SELECT a.household_id, v.code, v.name, c.code, c.name, h.members, a.reason, a.site_id, a.distance_m, a.water_m, "
            + "a.unassigned, ST_X(h.geom), ST_Y(h.geom), p.ok, CASE WHEN p.ok THEN h.code END, CASE WHEN p.ok THEN h.head_name END, "
            + "CASE WHEN p.ok THEN h.phone END, CASE WHEN p.ok THEN a.priority END, a.alarm_level "
            + "FROM evacuation_assignment a JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id "
            + "JOIN admin_unit c ON c.id = v.commune_id CROSS JOIN LATERAL (SELECT " + PERSONAL + " AS ok) p "
            + "WHERE a.plan_id = ? ";

    private static final String ROUTE_FEATURES = """
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

    private static final String ROUTE_TREES = SqlResource.load(PlanStore.class, "route-trees.sql");

    private final DataSource db;

    PlanStore(DataSource db) {
        this.db = db;
    }

    // ---- writing a plan (on the caller's transaction) ----

    /**
     * Plans of one flood are stored one at a time, whichever server made them: the newest plan (the highest id) is the
     * one stored last.
     */
    void lockFlood(Connection c, int floodId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('atlas-plan'), ?)")) {
            ps.setInt(1, floodId);
            ps.execute();
        }
    }

    /** The plan's header row; returns its id. */
    int insertPlan(Connection c, int floodId, PlanOptions options, PlanService.Problem p, PlanResult r, String username,
                   PlanSummary summary) throws SQLException {
        int people = 0;
        for (int i = 0; i < r.site().length; i++) {
            if (r.site()[i] >= 0) {
                people += p.input().families().members()[i];
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_plan (flood_id, created_by, options, method, households, assigned, "
                + "people_assigned, cost_person_m, lower_bound_person_m, solve_ms, summary) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
                + "RETURNING id")) {
            ps.setInt(1, floodId);
            ps.setString(2, username);
            ps.setString(3, JsonCodec.text(options.stored()));
            ps.setString(4, r.method());
            ps.setInt(5, p.households().size());
            ps.setInt(6, r.assignedHouseholds());
            ps.setInt(7, people);
            ps.setLong(8, r.costPersonM());
            ps.setLong(9, r.lowerBoundPersonM());
            ps.setInt(10, (int) Math.min(r.solveMs(), Integer.MAX_VALUE));
            ps.setString(11, JsonCodec.text(summary));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Every household of the plan in one row of parallel arrays. */
    void insertHouseholds(Connection c, int planId, PlanService.Problem p, PlanResult r, short[] alarmLevel) throws SQLException {
        int n = p.households().size();
        long[] household = new long[n];
        Integer[] site = new Integer[n];
        Long[] start = new Long[n];
        float[] water = new float[n];
        float[] distance = new float[n];
        short[] priority = new short[n];
        String[] reason = new String[n];
        String[] unassigned = new String[n];
        for (int i = 0; i < n; i++) {
            Household h = p.households().get(i);
            int s = r.site()[i];
            int node = p.input().families().node()[i];
            household[i] = h.id();
            site[i] = s >= 0 ? p.sites().get(s).id() : null;
            start[i] = node >= 0 ? p.input().network().graph().nodeId(node) : null;
            water[i] = s >= 0 ? (float) p.waterM()[i] : 0f;
            distance[i] = s >= 0 ? (float) r.distanceM()[i] : 0f;
            priority[i] = (short) (h.vulnerable() ? 1 : 2);
            reason[i] = h.reason().code();
            unassigned[i] = s >= 0 ? null : r.unassigned()[i].code();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_plan_household (plan_id, household_id, site_id, start_node, "
                + "water_m, distance_m, priority, reason, unassigned, alarm_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            // pgjdbc sends primitive arrays without boxing each element
            PGConnection pg = c.unwrap(PGConnection.class);
            ps.setInt(1, planId);
            ps.setArray(2, pg.createArrayOf("int8", household));
            ps.setArray(3, c.createArrayOf("int4", site));
            ps.setArray(4, c.createArrayOf("int8", start));
            ps.setArray(5, pg.createArrayOf("float4", water));
            ps.setArray(6, pg.createArrayOf("float4", distance));
            ps.setArray(7, pg.createArrayOf("int2", priority));
            ps.setArray(8, c.createArrayOf("text", reason));
            ps.setArray(9, c.createArrayOf("text", unassigned));
            ps.setArray(10, alarmLevel == null ? null : pg.createArrayOf("int2", alarmLevel));
            ps.executeUpdate();
        }
    }

    /** The route trees' steps, by COPY (a plan for 100,000 households has hundreds of thousands). */
    void copySteps(Connection c, int planId, PlanService.Problem p, PlanResult r) throws SQLException {
        StringBuilder sb = new StringBuilder(r.steps().size() * 40);
        for (RouteStep st : r.steps()) {
            sb.append(planId).append(',').append(p.sites().get(st.site()).id()).append(',')
                    .append(p.input().network().graph().nodeId(st.node())).append(',').append(p.input().network().graph().edgeId(st.edge())).append(',')
                    .append(p.input().network().graph().nodeId(st.next())).append(',').append(st.people()).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY evacuation_route_step (plan_id, site_id, node_id, edge_id, next_node, people) FROM STDIN (FORMAT csv)",
                    new StringReader(sb.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("copy from memory", e);
        }
    }

    // ---- reading plans ----

    /** Where a plan put each household it had to move: the site's id, or null where it found none. */
    Map<Long, Integer> placements(Connection c, int planId) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.household, u.site FROM evacuation_plan_household p, "
                + "unnest(p.household_id, p.site_id) AS u (household, site) WHERE p.plan_id = ?")) {
            ps.setInt(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), (Integer) rs.getObject(2));
                }
            }
        }
        return out;
    }

    /** The newest plan of a flood, on the caller's transaction (under the flood's lock). */
    Optional<Integer> latest(Connection c, int floodId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM evacuation_plan WHERE flood_id = ?")) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int id = rs.getInt(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(id);
            }
        }
    }

    /** The options the newest plan of a flood was made with. */
    Optional<PlanOptions.Stored> latestOptions(Connection c, int floodId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT options::text FROM evacuation_plan WHERE flood_id = ? ORDER BY id DESC LIMIT 1")) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JsonCodec.MAPPER.readValue(rs.getString(1), PlanOptions.Stored.class)) : Optional.empty();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("evacuation_plan.options of flood " + floodId + " is not a plan's options", e);
            }
        }
    }

    /** The newest plan of a flood. */
    Optional<Integer> latest(int floodId) throws SQLException {
        try (Connection c = db.getConnection()) {
            return latest(c, floodId);
        }
    }

    PlanHeader header(int planId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, flood_id, created_at, options::text, method, "
                + "households, assigned, people_assigned, cost_person_m, lower_bound_person_m, solve_ms, summary::text FROM evacuation_plan WHERE id = ?")) {
            ps.setInt(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No plan " + planId);
                }
                var summary = JsonCodec.tree(rs.getString(12));
                return new PlanHeader(rs.getInt(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toString(), JsonCodec.tree(rs.getString(4)),
                        rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), Math.round(rs.getLong(9) / 100.0) / 10.0,
                        Math.round(rs.getLong(10) / 100.0) / 10.0, summary.path("gap").asDouble(), summary.path("people_short").asInt(0), summary.get("unassigned"), rs.getInt(11), summary);
            }
        }
    }

    /** Each site the plan uses (for one commune's households, or all): its households, people and needs. */
    List<PlanSite> sites(int planId, String communeCode) throws SQLException {
        List<PlanSite> out = new ArrayList<>();
        String sql = "SELECT s.id, s.code, s.name, s.kind, sc.code, sc.name, ST_X(s.geom), ST_Y(s.geom), s.capacity_day, s.capacity_night, "
                + "s.occupancy, s.reserved, count(*), sum(h.members), round(avg(a.distance_m)), max(a.distance_m) "
                + "FROM evacuation_assignment a JOIN evacuation_point s ON s.id = a.site_id JOIN admin_unit sc ON sc.id = s.commune_id "
                + "JOIN household h ON h.id = a.household_id JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id "
                + "WHERE a.plan_id = ? " + (communeCode == null ? "" : "AND c.code = ? ")
                + "GROUP BY s.id, sc.code, sc.name ORDER BY sc.code, s.code";
        try (Connection c = db.getConnection()) {
            List<NeedsProfile.Item> needs = NeedsProfile.items(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, planId);
                if (communeCode != null) {
                    ps.setString(2, communeCode);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PlanSite(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getDouble(7), rs.getDouble(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13),
                                rs.getInt(14), rs.getDouble(15), Math.round(rs.getDouble(16)), NeedsProfile.quantities(needs, rs.getInt(14))));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every household of the plan (optionally of one commune; only those with a site, {@code placed} true, or only
     * those without, false), in commune, village, priority order, streamed.
     */
    void rows(int planId, Viewer viewer, String communeCode, Boolean placed, Sink<PlanRow> sink) throws SQLException, IOException {
        String sql = ROWS + (communeCode == null ? "" : "AND c.code = ? ")
                + (placed == null ? "" : placed ? "AND a.site_id IS NOT NULL " : "AND a.site_id IS NULL ")
                + "ORDER BY a.alarm_level NULLS LAST, c.code, v.code, a.priority, a.household_id";
        Transactions.streamTo(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(5_000);
                bindViewer(c, ps, 1, viewer);
                ps.setInt(3, planId);
                if (communeCode != null) {
                    ps.setString(4, communeCode);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new PlanRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                                rs.getString(7), (Integer) rs.getObject(8), rs.getObject(9) == null ? null : rs.getDouble(9),
                                rs.getObject(10) == null ? null : rs.getDouble(10), rs.getString(11), rs.getDouble(12), rs.getDouble(13),
                                rs.getBoolean(14), rs.getString(15), rs.getString(16), rs.getString(17), (Integer) rs.getObject(18),
                                rs.getObject(19) == null ? null : rs.getInt(19)));
                    }
                }
            }
            return null;
        });
    }

    /** Each household's route (PostGIS merges the road edges of the route tree, from its road node to its site), streamed. */
    void routeFeatures(int planId, Viewer viewer, Sink<RouteFeature> sink) throws SQLException, IOException {
        Transactions.streamTo(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(ROUTE_FEATURES)) {
                ps.setFetchSize(2_000);
                ps.setInt(1, planId);
                ps.setInt(2, planId);
                bindViewer(c, ps, 3, viewer);
                ps.setInt(5, planId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new RouteFeature(rs.getLong(1), (Integer) rs.getObject(2), rs.getString(3), rs.getDouble(4), rs.getDouble(13),
                                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getBoolean(10),
                                rs.getString(11), rs.getString(12)));
                    }
                }
            }
            return null;
        });
    }

    /** The route trees for the map: per site, the road edges its people take, merged, with how many people pass. */
    byte[] routeTrees(int planId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(ROUTE_TREES)) {
            ps.setInt(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    List<NeedsProfile.Item> needs() throws SQLException {
        try (Connection c = db.getConnection()) {
            return NeedsProfile.items(c);
        }
    }

    /** Binds the personal-data gate {@link #PERSONAL} at {@code index} and the next parameter. */
    private static void bindViewer(Connection c, PreparedStatement ps, int index, Viewer viewer) throws SQLException {
        ps.setBoolean(index, viewer.isAdmin());
        ps.setArray(index + 1, c.createArrayOf("integer", viewer.role() == Viewer.Role.OFFICER ? viewer.communeIds().toArray() : new Object[0]));
    }
}
