package org.communeatlas.floods.plan;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.floods.FloodAnalysis;
import org.communeatlas.floods.FloodAnalysis.Household;
import org.communeatlas.floods.FloodAnalysis.Reason;
import org.communeatlas.floods.FloodAnalysis.Site;
import org.communeatlas.floods.FloodAnalyzer;
import org.communeatlas.floods.plan.PlanResult.RouteStep;
import org.communeatlas.floods.routing.NodeGrid;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code POST /api/floods/{id}/plan}: chooses the households that must move and the sites that can take
 * them, solves the assignment ({@link EvacuationPlanner}) and keeps the plan — its assignments and route
 * trees — in one transaction, with an audit entry.
 */
public final class PlanService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PlanService.class);

    /**
     * What a plan moves and where.
     *
     * @param move        which households must move: flooded, isolated, weak_house (class 3–4 in villages the flood reaches)
     * @param overnight   use the sites' overnight capacity
     * @param intersperse also place families in solid houses of their own village (xen ghép)
     * @param radiusM     road distance within which every site is offered to every household
     * @param wadeM       how far a household in the water may go, straight, to reach a road with a dry way to a site
     *                    (the plan is made as the water rises: those farther out are rescued by boat)
     */
    public record Options(Set<Reason> move, boolean overnight, boolean intersperse, double radiusM, double wadeM) {

        public static final Options DEFAULT = new Options(EnumSet.allOf(Reason.class), false, true, 10_000, 1_000);
        private static final Set<String> FIELDS = Set.of("move", "overnight", "intersperse", "radius_m", "wade_m");

        public static Options from(JsonNode body) {
            if (body == null || body.isEmpty()) {
                return DEFAULT;
            }
            for (var it = body.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw ProblemException.badParameter(f, "unknown option; a plan takes move, overnight, intersperse and radius_m");
                }
            }
            Set<Reason> move = EnumSet.noneOf(Reason.class);
            if (body.has("move")) {
                if (!body.get("move").isArray() || body.get("move").isEmpty()) {
                    throw ProblemException.badParameter("move", "a non-empty array of flooded, isolated, weak_house");
                }
                for (JsonNode m : body.get("move")) {
                    try {
                        move.add(Reason.valueOf(m.asText("").toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.badParameter("move", "'" + Params.shorten(m.asText()) + "' is not one of flooded, isolated, weak_house");
                    }
                }
            } else {
                move = DEFAULT.move();
            }
            return new Options(move, bool(body, "overnight", DEFAULT.overnight()), bool(body, "intersperse", DEFAULT.intersperse()),
                    metres(body, "radius_m", 500, 200_000, DEFAULT.radiusM()), metres(body, "wade_m", 0, 5_000, DEFAULT.wadeM()));
        }

        private static boolean bool(JsonNode body, String field, boolean dflt) {
            if (!body.has(field)) {
                return dflt;
            }
            if (!body.get(field).isBoolean()) {
                throw ProblemException.badParameter(field, "true or false");
            }
            return body.get(field).asBoolean();
        }

        private static double metres(JsonNode body, String field, double min, double max, double dflt) {
            if (!body.has(field)) {
                return dflt;
            }
            JsonNode r = body.get(field);
            if (!r.isNumber() || r.asDouble() < min || r.asDouble() > max) {
                throw ProblemException.badParameter(field, String.format(Locale.ROOT, "a distance in metres from %.0f to %.0f", min, max));
            }
            return r.asDouble();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("move", move.stream().map(Reason::code).toList());
            m.put("overnight", overnight);
            m.put("intersperse", intersperse);
            m.put("radius_m", radiusM);
            m.put("wade_m", wadeM);
            return m;
        }
    }

    /**
     * The problem handed to the planner, with the analysis rows its indexes refer to.
     *
     * @param waterM a flooded household's straight way through the water to its start node (0 for the others)
     */
    public record Problem(PlanInput input, List<Household> households, List<Site> sites, double[] waterM) {
    }

    private final DataSource db;
    private final FloodAnalyzer analyzer;

    public PlanService(DataSource db, FloodAnalyzer analyzer) {
        this.db = db;
        this.analyzer = analyzer;
    }

    /** Builds the planning problem of a flood analysis under these options. */
    public static Problem problem(FloodAnalysis a, Options o) {
        List<Household> hs = a.households().stream().filter(h -> o.move().contains(h.reason()) && !h.sheltered()).toList();
        List<Site> ss = a.sites().stream().filter(s -> s.open() && !s.flooded() && s.node() >= 0
                && (o.intersperse() || !s.kind().equals("solid_house"))).toList();
        // a household in the water whose own road node has no dry way out wades to the nearest node that has one
        NodeGrid dryNodes = new NodeGrid(a.graph(), a::connected, 250);
        int n = hs.size();
        double[] water = new double[n];
        long[] ids = new long[n];
        int[] members = new int[n];
        boolean[] vulnerable = new boolean[n];
        int[] node = new int[n];
        int[] village = new int[n];
        for (int i = 0; i < n; i++) {
            Household h = hs.get(i);
            ids[i] = h.id();
            members[i] = h.members();
            vulnerable[i] = h.vulnerable();
            node[i] = h.node();
            if (h.flooded() && !a.connected(h.node()) && o.wadeM() > 0) {
                double[] near = dryNodes.nearest(h.lon(), h.lat(), o.wadeM());
                if (near != null) {
                    node[i] = (int) near[0];
                    water[i] = near[1];
                }
            }
            village[i] = h.villageId();
        }
        int m = ss.size();
        int[] siteIds = new int[m];
        int[] siteNode = new int[m];
        int[] capacity = new int[m];
        int[] siteVillage = new int[m];
        for (int s = 0; s < m; s++) {
            Site site = ss.get(s);
            siteIds[s] = site.id();
            siteNode[s] = site.node();
            capacity[s] = site.available(o.overnight());
            boolean house = site.kind().equals("solid_house");
            siteVillage[s] = house && site.villageId() != null ? site.villageId() : -1;
        }
        PlanInput in = new PlanInput(a.graph(), a.blocked(), a.component(), ids, members, vulnerable, node, village, siteIds, siteNode,
                capacity, siteVillage, o.radiusM());
        return new Problem(in, hs, ss, water);
    }

    /** Plans, stores and returns the new plan's id. */
    public int plan(int floodId, Options options, Viewer viewer, String address) throws SQLException {
        long started = System.nanoTime();
        FloodAnalysis analysis = analyzer.analyse(floodId);
        long analysed = System.nanoTime();
        Problem p = problem(analysis, options);
        PlanResult r = EvacuationPlanner.plan(p.input(), EvacuationPlanner.Method.AUTO);
        long solved = System.nanoTime();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int id = insertPlan(c, floodId, options, p, r, viewer, started);
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                insertAssignments(c, id, p, r);
                copySteps(copy, id, p, r);
                AuditLog.write(c, viewer, "plan_create", "evacuation_plan", id, null,
                        Map.of("flood_id", floodId, "assigned", r.assignedHouseholds(), "households", p.households().size()), address);
                c.commit();
                log.info("plan {} of flood {}: {} households, analysis {} ms, solve {} ms, store {} ms", id, floodId, p.households().size(),
                        (analysed - started) / 1_000_000, (solved - analysed) / 1_000_000, (System.nanoTime() - solved) / 1_000_000);
                return id;
            } catch (IOException e) {
                c.rollback();
                throw new SQLException("copy: " + e.getMessage(), e);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static int insertPlan(Connection c, int floodId, Options o, Problem p, PlanResult r, Viewer viewer, long started) throws SQLException {
        int people = 0;
        int noRoute = 0, noRoom = 0;
        for (int i = 0; i < r.site().length; i++) {
            if (r.site()[i] >= 0) {
                people += p.input().members()[i];
            } else if (r.unassigned()[i] == PlanResult.Unassigned.NO_DRY_ROUTE) {
                noRoute++;
            } else {
                noRoom++;
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", r.method());
        summary.put("groups", r.groups());
        summary.put("arcs", r.arcs());
        summary.put("objective", r.objective());
        summary.put("lower_bound_objective", r.lowerBoundObjective());
        summary.put("gap", r.gap());
        summary.put("unassigned", Map.of("no_dry_route", noRoute, "no_room", noRoom));
        summary.put("sites_offered", p.sites().size());
        summary.put("total_ms", (System.nanoTime() - started) / 1_000_000);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_plan (flood_id, created_by, options, method, households, assigned, "
                + "people_assigned, cost_person_m, lower_bound_person_m, solve_ms, summary) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
                + "RETURNING id")) {
            ps.setInt(1, floodId);
            ps.setString(2, viewer.username());
            ps.setString(3, new String(JsonCodec.bytes(o.toMap()), java.nio.charset.StandardCharsets.UTF_8));
            ps.setString(4, r.method());
            ps.setInt(5, p.households().size());
            ps.setInt(6, r.assignedHouseholds());
            ps.setInt(7, people);
            ps.setLong(8, r.costPersonM());
            ps.setLong(9, r.lowerBoundPersonM());
            ps.setInt(10, (int) Math.min(r.solveMs(), Integer.MAX_VALUE));
            ps.setString(11, new String(JsonCodec.bytes(summary), java.nio.charset.StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Every household of the plan in one row of parallel arrays (see {@code evacuation_plan_household}). */
    private static void insertAssignments(Connection c, int planId, Problem p, PlanResult r) throws SQLException {
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
            int node = p.input().householdNode()[i];
            household[i] = h.id();
            site[i] = s >= 0 ? p.sites().get(s).id() : null;
            start[i] = node >= 0 ? p.input().graph().nodeId(node) : null;
            water[i] = s >= 0 ? (float) p.waterM()[i] : 0f;
            distance[i] = s >= 0 ? (float) r.distanceM()[i] : 0f;
            priority[i] = (short) (h.vulnerable() ? 1 : 2);
            reason[i] = h.reason().code();
            unassigned[i] = s >= 0 ? null : r.unassigned()[i].code();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_plan_household (plan_id, household_id, site_id, start_node, "
                + "water_m, distance_m, priority, reason, unassigned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            ps.executeUpdate();
        }
    }

    private static void copySteps(CopyManager copy, int planId, Problem p, PlanResult r) throws SQLException, IOException {
        StringBuilder sb = new StringBuilder(r.steps().size() * 40);
        for (RouteStep st : r.steps()) {
            sb.append(planId).append(',').append(p.sites().get(st.site()).id()).append(',')
                    .append(p.input().graph().nodeId(st.node())).append(',').append(p.input().graph().edgeId(st.edge())).append(',')
                    .append(p.input().graph().nodeId(st.next())).append(',').append(st.people()).append('\n');
        }
        copy.copyIn("COPY evacuation_route_step (plan_id, site_id, node_id, edge_id, next_node, people) FROM STDIN (FORMAT csv)",
                new StringReader(sb.toString()));
    }

    /** The newest plan of a flood, or 404. */
    public int latest(int floodId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM evacuation_plan WHERE flood_id = ?")) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int id = rs.getInt(1);
                if (rs.wasNull()) {
                    throw ProblemException.notFound("Flood event " + floodId + " has no evacuation plan yet: POST /api/floods/" + floodId + "/plan");
                }
                return id;
            }
        }
    }
}
