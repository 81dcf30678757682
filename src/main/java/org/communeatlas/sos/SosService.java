package org.communeatlas.sos;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.ForbiddenException;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Idempotency;
import org.communeatlas.events.Announcements;
import org.communeatlas.floods.events.FloodEvent;
import org.communeatlas.floods.events.FloodEvents;

/**
 * Calls for help: received (from the public, an officer or a list), matched and linked by the database in the same
 * transaction, audited and announced live; moved through their states by officers of their commune (admins anywhere; a
 * request not yet located in a commune by any officer, who locates it by matching its household).
 */
public final class SosService {

    /** What the audit log keeps of a request's state. */
    private record Audited(String state, String team, Long household_id, Long duplicate_of) {
        static Audited of(SosRequest r) {
            return new Audited(r.state(), r.team(), r.householdId(), r.duplicateOf());
        }
    }

    private final DataSource db;
    private final FloodEvents floods;
    private final ChangeFeed changes;
    private final SosStore store = new SosStore();

    public SosService(DataSource db, FloodEvents floods, ChangeFeed changes) {
        this.db = db;
        this.floods = floods;
        this.changes = changes;
    }

    /**
     * Receives a request, once per Idempotency-Key ({@code key} null: none; only a signed-in caller sends one);
     * {@code source} is public, officer or import. Answers it as {@code viewer} may see it.
     */
    public Idempotency.Keyed<SosRequest> create(NewSos sos, String source, Viewer viewer, String address, Idempotency.Request key)
            throws SQLException {
        NewSos s = sos.floodId() != null ? sos : withFlood(sos, newestFlood());
        if (s.floodId() != null) {
            floods.find(s.floodId()); // a 404 for a flood that is not there, before anything is written
        }
        Idempotency.Keyed<SosRequest> created = Idempotency.once(db, viewer.userId(), key, c -> {
            long id = store.insert(c, s, source, viewer.username());
            SosRequest r = store.find(c, id, false).orElseThrow();
            AuditLog.write(c, viewer, "sos_create", "sos_request", id, null, Audited.of(r), address);
            announce(c, r);
            return r;
        }, r -> Idempotency.Answer.json(201, own(r, viewer) ? r : r.forCaller()));
        if (created.replayed() != null) {
            return created;
        }
        changed(created.result());
        SosRequest r = created.result();
        return new Idempotency.Keyed<>(own(r, viewer) ? r : r.forCaller(), null);
    }

    /**
     * The calls as {@code viewer} may see them. In triage order only for those who answer calls, and then only theirs: an
     * order by a score that counts vulnerable members would tell anyone else which families have them.
     */
    public List<SosRequest> list(SosStore.Filter filter, Viewer viewer) throws SQLException {
        SosStore.Filter f = filter;
        if (filter.byTriage()) {
            boolean answers = viewer.isAdmin() || viewer.role() == Viewer.Role.OFFICER;
            f = new SosStore.Filter(filter.floodId(), filter.state(), filter.communeCode(), filter.limit(), answers,
                    answers && !viewer.isAdmin() ? viewer.communeIds() : null);
        }
        try (Connection c = db.getConnection()) {
            return store.list(c, f).stream().map(r -> visible(r, viewer)).toList();
        }
    }

    public SosRequest get(long id, Viewer viewer) throws SQLException {
        try (Connection c = db.getConnection()) {
            return visible(store.find(c, id, false).orElseThrow(() -> notFound(id)), viewer);
        }
    }

    /** The call a caller follows by the reference they were given: only what anyone may see of it. */
    public SosRequest byReference(String reference) throws SQLException {
        try (Connection c = db.getConnection()) {
            return store.byReference(c, reference).map(SosRequest::forCaller)
                    .orElseThrow(() -> new NotFoundException("Không có yêu cầu cứu hộ nào mang mã " + reference));
        }
    }

    /**
     * Moves a call on. Officers handle the calls of their own communes, and may match one only to a household of their own
     * communes; a call not yet placed in any commune is the admins' to place (an officer who could match it to one of their
     * households would read its caller's name and phone, and move the call into their commune).
     */
    public Idempotency.Keyed<SosRequest> change(long id, SosChange change, Viewer viewer, String address, Idempotency.Request key)
            throws SQLException {
        Idempotency.Keyed<SosRequest> after = Idempotency.once(db, viewer.userId(), key, c -> {
            SosRequest before = store.find(c, id, true).orElseThrow(() -> notFound(id));
            if (before.communeId() != null) {
                viewer.requireCommune(before.communeId());
            } else if (!viewer.isAdmin()) {
                throw new ForbiddenException("Yêu cầu chưa rõ thuộc xã nào: quản trị viên định vị nó trước");
            }
            check(c, id, before, change, viewer);
            store.update(c, id, change);
            if (change.householdId() != null && before.communeId() == null) {
                store.link(c, List.of(id)); // matched to a household by an officer: located in its village now
            }
            SosRequest r = store.find(c, id, false).orElseThrow();
            AuditLog.write(c, viewer, "sos_change", "sos_request", id, Audited.of(before), Audited.of(r), address);
            announce(c, r);
            return r;
        }, r -> Idempotency.Answer.json(200, visible(r, viewer)));
        if (after.replayed() != null) {
            return after;
        }
        changed(after.result());
        return new Idempotency.Keyed<>(visible(after.result(), viewer), null);
    }

    private void check(Connection c, long id, SosRequest before, SosChange change, Viewer viewer) throws SQLException {
        String state = change.state() != null ? change.state() : before.state();
        if (state.equals("duplicate")) {
            Long of = change.duplicateOf() != null ? change.duplicateOf() : before.duplicateOf();
            if (of == null) {
                throw InvalidInputException.field("duplicate_of", "a duplicate names the request it repeats: give duplicate_of");
            }
            if (of == id || store.find(c, of, false).isEmpty()) {
                throw InvalidInputException.field("duplicate_of", "no other request " + of);
            }
        } else if (change.duplicateOf() != null) {
            throw InvalidInputException.field("duplicate_of", "only a request marked duplicate repeats another");
        }
        if (state.equals("assigned") && change.team() == null && before.team() == null) {
            throw InvalidInputException.field("team", "an assigned request names the team that goes: give team");
        }
        if (change.householdId() != null) {
            int commune = store.householdCommune(c, change.householdId())
                    .orElseThrow(() -> InvalidInputException.field("household_id", "no household " + change.householdId()));
            if (!viewer.actsIn(commune)) {
                throw InvalidInputException.field("household_id", "no household " + change.householdId() + " in your communes");
            }
        }
    }

    private FloodEvent newestFlood() throws SQLException {
        return floods.current(1).stream().findFirst().orElse(null);
    }

    private static NewSos withFlood(NewSos s, FloodEvent flood) {
        return flood == null ? s : new NewSos(flood.id(), s.lon(), s.lat(), s.address(), s.name(), s.phone(), s.people(), s.needs(),
                s.note(), s.reportedAt());
    }

    /** Live maps: the whole request to those who act in its commune, where and how many to everyone else. */
    private static void announce(Connection c, SosRequest r) throws SQLException {
        if (r.communeId() != null) {
            Announcements.publishScoped(c, "sos", r, r.shown(), r.communeId());
        } else {
            Announcements.publish(c, "sos", r.shown());
        }
    }

    private void changed(SosRequest r) {
        double[] box = r.lon() == null ? null : new double[] {r.lon(), r.lat(), r.lon(), r.lat()};
        changes.publish(new ChangeFeed.Change("sos_request", "UPDATE", box));
    }

    static SosRequest visible(SosRequest r, Viewer viewer) {
        return own(r, viewer) ? r : r.shown();
    }

    /** Whether the viewer handles the call: an officer of its commune, or an admin (who alone handles a call of no commune). */
    private static boolean own(SosRequest r, Viewer viewer) {
        return r.communeId() != null ? viewer.actsIn(r.communeId()) : viewer.isAdmin();
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No call for help " + id);
    }
}
