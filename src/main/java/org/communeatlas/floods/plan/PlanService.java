package org.communeatlas.floods.plan;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.Idempotency;
import org.communeatlas.events.Announcements;
import org.communeatlas.floods.impact.FloodAnalysis;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.floods.impact.FloodAnalysis.Reason;
import org.communeatlas.floods.impact.FloodAnalysis.Site;
import org.communeatlas.floods.impact.FloodAnalyzer;
import org.communeatlas.floods.plan.solver.EvacuationPlanner;
import org.communeatlas.floods.plan.solver.PlanInput;
import org.communeatlas.floods.plan.solver.PlanResult;
import org.communeatlas.floods.routing.NodeGrid;

/**
 * Evacuation plans: chooses the households that must move and the sites that can take them, solves the
 * assignment ({@link EvacuationPlanner}) and keeps the plan — its assignments and route trees — in one
 * transaction, with an audit entry.
 */
public final class PlanService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PlanService.class);

    /**
     * The problem handed to the planner, with the analysis rows its indexes refer to.
     *
     * @param waterM a flooded household's straight way through the water to its start node (0 for the others)
     */
    public record Problem(PlanInput input, List<Household> households, List<Site> sites, double[] waterM) {
    }

    private final DataSource db;
    private final FloodAnalyzer analyzer;
    private final PlanStore store;

    public PlanService(DataSource db, FloodAnalyzer analyzer) {
        this.db = db;
        this.analyzer = analyzer;
        this.store = new PlanStore(db);
    }

    /** The stored plans written out (JSON, CSV, GeoJSON, route trees). */
    public PlanExports exports() {
        return new PlanExports(store);
    }

    /** The rows of a stored plan as the printable sheet reads them. */
    PlanMapStore mapStore() {
        return new PlanMapStore(db);
    }

    PlanStore store() {
        return store;
    }

    /** Builds the planning problem of a flood analysis under these options. */
    public static Problem problem(FloodAnalysis a, PlanOptions o) {
        // before the water (a forecast), the roads are as they are now: only closed ones are blocked; whoever lives inside the
        // forecast extent, or in a weak house of a village it reaches, moves
        boolean[] blocked = o.preemptive() ? a.graph().blocked(new int[0]) : a.blocked();
        int[] component = o.preemptive() ? a.graph().components(blocked) : a.component();
        List<Household> hs = a.households().stream().filter(h -> !h.sheltered() && (o.preemptive()
                ? (h.flooded() && o.move().contains(Reason.FLOODED)) || (h.weakHouse() && o.move().contains(Reason.WEAK_HOUSE))
                : o.move().contains(h.reason()))).toList();
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
            if (!o.preemptive() && h.flooded() && !a.connected(h.node()) && o.wadeM() > 0) {
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
        PlanInput in = new PlanInput(new PlanInput.Network(a.graph(), blocked, component),
                new PlanInput.Families(ids, members, vulnerable, node, village), new PlanInput.Sites(siteIds, siteNode, capacity, siteVillage),
                o.radiusM());
        return new Problem(in, hs, ss, water);
    }

    /**
     * A plan as made: its id and, for a stable re-plan, what it changed.
     *
     * @param changes null for a plan made afresh
     */
    public record NewPlan(int id, StableReplan.Changes changes) {
    }

    /** What the live maps hear of a new plan: which flood it is for (its rows are read from the API by who may). */
    private record Announced(int id, int flood_id) {
    }

    /**
     * After a road closes or opens, the newest plan of a flood made again with its own options as a stable re-plan
     * (families keep their sites wherever they still can), whoever changed the road and however; empty when the flood has
     * no plan.
     */
    public Optional<NewPlan> replan(int floodId, Viewer viewer, String address) throws SQLException {
        Optional<PlanOptions.Stored> newest;
        try (java.sql.Connection c = db.getConnection()) {
            newest = store.latestOptions(c, floodId);
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(plan(floodId, newest.get().replanned(), viewer, address, null).result());
    }

    /** What an Idempotency-Key keeps of a new plan: which it is (the plan itself is read again, as it is sent the first time). */
    public record Made(int plan) {
    }

    /**
     * Plans, stores and announces the new plan, once per Idempotency-Key: a key sent before gets its first plan, with no
     * solve; two at once may both solve, and one plan is kept.
     */
    public Idempotency.Keyed<NewPlan> plan(int floodId, PlanOptions options, Viewer viewer, String address, Idempotency.Request key)
            throws SQLException {
        Optional<Idempotency.Answer> first = Idempotency.answered(db, viewer.userId(), key);
        if (first.isPresent()) {
            return new Idempotency.Keyed<>(null, first.get());
        }
        long started = System.nanoTime();
        FloodAnalysis analysis = analyzer.analyse(floodId);
        long analysed = System.nanoTime();
        Problem fresh = problem(analysis, options);
        Optional<Integer> previous = options.keep() ? store.latest(floodId) : Optional.empty();
        Map<Long, Integer> placed = previous.isPresent() ? placements(previous.get()) : Map.of();
        Problem p = previous.isPresent()
                ? new Problem(StableReplan.keep(fresh.input(), placed), fresh.households(), fresh.sites(), fresh.waterM()) : fresh;
        PlanResult r = EvacuationPlanner.plan(p.input(), EvacuationPlanner.Method.AUTO);
        if (options.preemptive()) {
            roadClosed(p.input(), r);
        }
        long solved = System.nanoTime();
        StableReplan.Changes changes = previous.isPresent() ? StableReplan.changes(previous.get(), p.input(), r.site(), placed) : null;
        Idempotency.Keyed<Integer> stored = Idempotency.once(db, viewer.userId(), key, c -> {
            store.lockFlood(c, floodId);
            EvacuationSchedule.Schedule schedule = options.preemptive()
                    ? EvacuationSchedule.of(c, new ScheduleStore(), floodId, p, r, options.levelTimes()) : null;
            int planId = store.insertPlan(c, floodId, options, p, r, viewer.username(), summary(p, r, started, changes, schedule));
            store.insertHouseholds(c, planId, p, r, schedule == null ? null : schedule.householdLevel());
            store.copySteps(c, planId, p, r);
            AuditLog.write(c, viewer, "plan_create", "evacuation_plan", planId, null,
                    new Audited(floodId, r.assignedHouseholds(), p.households().size()), address);
            Announcements.publish(c, "plan", new Announced(planId, floodId));
            return planId;
        }, planId -> Idempotency.Answer.json(201, new Made(planId)));
        if (stored.replayed() != null) {
            return new Idempotency.Keyed<>(null, stored.replayed());
        }
        int id = stored.result();
        log.info("plan {} of flood {}: {} households, analysis {} ms, solve {} ms, store {} ms", id, floodId, p.households().size(),
                (analysed - started) / 1_000_000, (solved - analysed) / 1_000_000, (System.nanoTime() - solved) / 1_000_000);
        return new Idempotency.Keyed<>(new NewPlan(id, changes), null);
    }

    /** What the audit log keeps of a new plan. */
    private record Audited(int flood_id, int assigned, int households) {
    }

    private Map<Long, Integer> placements(int planId) throws SQLException {
        try (java.sql.Connection c = db.getConnection()) {
            return store.placements(c, planId);
        }
    }

    /** How the solver did, kept with the plan ({@code evacuation_plan.summary}). */
    private static PlanSummary summary(Problem p, PlanResult r, long started, StableReplan.Changes changes, EvacuationSchedule.Schedule schedule) {
        int noRoute = 0;
        int noRoom = 0;
        int roadClosed = 0;
        for (int i = 0; i < r.site().length; i++) {
            if (r.site()[i] < 0) {
                switch (r.unassigned()[i]) {
                    case NO_DRY_ROUTE -> noRoute++;
                    case ROAD_CLOSED -> roadClosed++;
                    default -> noRoom++;
                }
            }
        }
        return new PlanSummary(r.method(), r.groups(), r.arcs(), r.objective(), r.lowerBoundObjective(), r.gap(), r.peopleShort(),
                new PlanSummary.Unassigned(noRoute, noRoom, roadClosed), p.sites().size(), (System.nanoTime() - started) / 1_000_000, r.solveMs(), changes,
                schedule == null ? null : schedule.levels());
    }

    /**
     * Before the water, a family with no route to any site is told why: a road closed now cuts it off (a site would be
     * reachable with every road open), or no open site outside the forecast is reachable at all.
     */
    private static void roadClosed(PlanInput in, PlanResult r) {
        int[] open = in.network().graph().components(new boolean[in.network().graph().edgeCount()]);
        java.util.Set<Integer> served = new java.util.HashSet<>();
        for (int s = 0; s < in.sites().count(); s++) {
            if (in.sites().node()[s] >= 0 && in.sites().village()[s] < 0 && in.sites().capacity()[s] > 0) {
                served.add(open[in.sites().node()[s]]);
            }
        }
        for (int i = 0; i < in.families().count(); i++) {
            int node = in.families().node()[i];
            if (r.site()[i] < 0 && r.unassigned()[i] == PlanResult.Unassigned.NO_DRY_ROUTE && node >= 0 && served.contains(open[node])) {
                r.unassigned()[i] = PlanResult.Unassigned.ROAD_CLOSED;
            }
        }
    }

    /** The newest plan of a flood. */
    public int latest(int floodId) throws SQLException {
        return store.latest(floodId).orElseThrow(() -> new NotFoundException("Flood event " + floodId
                + " has no evacuation plan yet: POST /api/floods/" + floodId + "/plan"));
    }
}
