package org.communeatlas.floods.closures;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.ForbiddenException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Idempotency;
import org.communeatlas.db.Transactions;
import org.communeatlas.events.Announcements;
import org.communeatlas.floods.events.FloodEvent;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.impact.FloodAnalysis;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.floods.impact.FloodAnalysis.Unit;
import org.communeatlas.floods.impact.FloodAnalyzer;
import org.communeatlas.floods.plan.PlanService;

/**
 * Closes a road segment or opens it again: an officer of a commune the segment runs through (an admin anywhere), in one
 * transaction with its audit entry and a live "road" event. Isolation and routes of the current floods follow at
 * once (the road graph and the analyses are dropped before the answer is made), the answer compares who each
 * current flood cuts off before and after, and each of those floods that has a plan is re-planned, stable, on the
 * changed roads — whoever closed the road and from whatever client — and the new plan announced.
 */
public final class RoadClosureService {

    /** The current floods a closure is reported against, at most. */
    static final int MAX_CURRENT = 3;
    /** What a kept key answers while the road is changed and its re-plans are not done yet (a request sent again finishes them). */
    private static final int UNFINISHED = 202;

    /** What the audit log keeps of a road's state. */
    private record Audited(boolean is_open, String reason) {
    }

    /** What the live maps hear: a road is public, so is its closure. */
    private record Announced(long id, boolean is_open, String closed_reason) {
    }

    private final DataSource db;
    private final FloodAnalyzer analyzer;
    private final FloodEvents floods;
    private final ChangeFeed changes;
    private final PlanService plans;
    private final RoadClosureStore store = new RoadClosureStore();

    public RoadClosureService(DataSource db, FloodAnalyzer analyzer, FloodEvents floods, ChangeFeed changes, PlanService plans) {
        this.db = db;
        this.analyzer = analyzer;
        this.floods = floods;
        this.changes = changes;
        this.plans = plans;
    }

    /**
     * Closes or opens a road, then re-plans each current flood's newest plan, once per Idempotency-Key. The key is kept
     * with the road's change, answered 202 (changed, re-plans not done) until the re-plans are done and the whole answer
     * replaces it: a request sent again after the server stopped between the two finds the road as asked and finishes
     * the re-plans (its answer then lists no isolation change: the state before the first request is gone).
     */
    public Idempotency.Keyed<ClosureResult> set(long roadId, boolean open, String reason, Viewer viewer, String address, Idempotency.Request key)
            throws SQLException {
        Optional<Idempotency.Answer> first = Idempotency.answered(db, viewer.userId(), key);
        if (first.isPresent() && first.get().status() != UNFINISHED) {
            return new Idempotency.Keyed<>(null, first.get());
        }
        List<FloodEvent> current = floods.current(MAX_CURRENT);
        Map<Integer, Map<Long, Integer>> before = new HashMap<>();
        for (FloodEvent f : current) {
            before.put(f.id(), cutOff(analyzer.analyse(f.id())));
        }
        Idempotency.Keyed<RoadRow> changed = Idempotency.once(db, viewer.userId(), key, c -> {
            RoadRow road = store.lock(c, roadId).orElseThrow(() -> new NotFoundException("No road " + roadId));
            if (!viewer.isAdmin() && road.communeIds().stream().noneMatch(viewer::actsIn)) {
                throw new ForbiddenException("Road " + roadId + " runs through no commune of yours; its communes' officers or an admin may close it");
            }
            store.set(c, roadId, open, reason, viewer.username());
            AuditLog.write(c, viewer, open ? "road_open" : "road_close", "road", roadId, new Audited(road.open(), road.closedReason()),
                    new Audited(open, open ? null : reason), address);
            Announcements.publish(c, "road", new Announced(roadId, open, open ? null : reason));
            return store.lock(c, roadId).orElseThrow();
        }, road -> Idempotency.Answer.json(UNFINISHED, ClosureResult.of(road, List.of())));
        if (changed.replayed() != null && changed.replayed().status() != UNFINISHED) {
            return new Idempotency.Keyed<>(null, changed.replayed());
        }
        RoadRow after = changed.replayed() == null ? changed.result() : Transactions.inTransaction(db, c -> store.lock(c, roadId).orElseThrow());
        // the road graph and every flood analysis are stale from now on, not only when the trigger's NOTIFY arrives
        changes.publish(new ChangeFeed.Change("road", "UPDATE", after.bbox()));
        List<IsolationChange> isolation = new ArrayList<>();
        for (FloodEvent f : current) {
            // the road is changed and committed first: a re-plan that fails (the database gone) is made again by the
            // same request sent again, which finds the road as asked and re-plans
            isolation.add(compare(f, before.get(f.id()), analyzer.analyse(f.id()), plans.replan(f.id(), viewer, address).orElse(null)));
        }
        ClosureResult result = ClosureResult.of(after, isolation);
        if (key != null) {
            Transactions.inTransaction(db, c -> {
                Idempotency.record(c, viewer.userId(), key, Idempotency.Answer.json(200, result));
                return null;
            });
        }
        return new Idempotency.Keyed<>(result, null);
    }

    /** The road nearest a point, within {@code maxM} metres. */
    public NearestRoad nearest(double lon, double lat, double maxM) throws SQLException {
        try (Connection c = db.getConnection()) {
            return store.nearest(c, lon, lat, maxM).orElseThrow(() -> new NotFoundException("No road within " + (int) maxM + " m of this point"));
        }
    }

    /** The roads closed now, newest first. */
    public List<ClosureResult> closed() throws SQLException {
        try (Connection c = db.getConnection()) {
            return store.closed(c).stream().map(r -> ClosureResult.of(r, List.of())).toList();
        }
    }

    /** The households a flood cuts off, with their members. */
    private static Map<Long, Integer> cutOff(FloodAnalysis a) {
        Map<Long, Integer> ids = new HashMap<>();
        for (Household h : a.households()) {
            if (h.cutOff()) {
                ids.put(h.id(), h.members());
            }
        }
        return ids;
    }

    private static IsolationChange compare(FloodEvent f, Map<Long, Integer> before, FloodAnalysis after, PlanService.NewPlan replan) {
        Set<Long> now = new HashSet<>();
        Map<Integer, int[]> perVillage = new LinkedHashMap<>();
        List<Long> newly = new ArrayList<>();
        int people = 0;
        for (Household h : after.households()) {
            if (!h.cutOff()) {
                continue;
            }
            now.add(h.id());
            if (!before.containsKey(h.id())) {
                newly.add(h.id());
                people += h.members();
                int[] v = perVillage.computeIfAbsent(h.villageId(), k -> new int[2]);
                v[0]++;
                v[1] += h.members();
            }
        }
        List<IsolationChange.Village> villages = new ArrayList<>();
        perVillage.forEach((id, n) -> {
            Unit u = after.villages().get(id);
            villages.add(new IsolationChange.Village(u == null ? null : u.code(), u == null ? null : u.name(), n[0], n[1]));
        });
        // a reconnected household may have left the analysis altogether (dry and connected, no flood concerns it)
        int reconnected = 0;
        int reconnectedPeople = 0;
        for (Map.Entry<Long, Integer> e : before.entrySet()) {
            if (!now.contains(e.getKey())) {
                reconnected++;
                reconnectedPeople += e.getValue();
            }
        }
        return new IsolationChange(f.id(), f.name(), newly.size(), people, villages, newly, reconnected, reconnectedPeople, replan);
    }
}
