package org.communeatlas.households;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.ForbiddenException;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.core.PreconditionFailedException;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Idempotency;
import org.communeatlas.events.Announcements;

/**
 * An officer of the household's commune (or an admin) moves it through at_risk → isolated → evacuated (to a
 * site) → supplied → safe. Checking in takes places at the site under its row lock, so concurrent check-ins
 * never overfill it (the loser is told of the conflict); leaving the site gives them back. One transaction
 * with its audit entry and its live events — run again if PostgreSQL breaks a deadlock between two moves in opposite
 * directions; the live maps of every instance hear of it once it commits.
 */
public final class HouseholdService {

    /** What the audit log keeps of a household's status before and after a change. */
    private record Audited(String status, Object site_id) {
        Audited(String status, Integer siteId) {
            this(status, siteId == null ? "" : (Object) siteId);
        }
    }

    /** The outcome of the transaction: the answer and where the household is. */
    private record Changed(StatusResult result, double lon, double lat, String version) {
    }

    /**
     * A change's answer: the household's status and its new version's ETag; or, for a request sent again with its
     * Idempotency-Key, the first answer as it was given (nothing applied twice).
     */
    public record Outcome(StatusResult result, String etag, Idempotency.Answer replayed) {
    }

    /** The ETag of a household's row version: what a change's If-Match names. */
    public static String etag(String version) {
        return "\"hv-" + version + "\"";
    }

    /** What anyone may hear of a household's change: its village and new status; never which family, nor its site. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ShownStatus(String villageCode, String communeCode, String status) {
    }

    /** How many sites with room a household's card offers. */
    static final int SITES_OFFERED = 8;

    private final DataSource db;
    private final HouseholdStore store = new HouseholdStore();
    private final ChangeFeed changes;

    public HouseholdService(DataSource db, ChangeFeed changes) {
        this.db = db;
        this.changes = changes;
    }

    public StatusResult change(StatusChange change, Viewer viewer, String address) throws SQLException {
        return change(change, viewer, address, null, null).result();
    }

    /**
     * A change made on the version {@code ifMatch} names (null: whatever it is now), sent once or again under
     * {@code idempotent}'s key (null: no key). A household changed meanwhile is a 412 with its status now: nothing is
     * overwritten unseen.
     */
    public Outcome change(StatusChange change, Viewer viewer, String address, String ifMatch, Idempotency.Request idempotent)
            throws SQLException {
        if (change.status() != null && !StatusChange.STATUSES.contains(change.status())) {
            throw InvalidInputException.field("status", "one of " + String.join(", ", StatusChange.statusesSorted()));
        }
        boolean evacuating = "evacuated".equals(change.status());
        if (evacuating && change.siteId() == null) {
            throw InvalidInputException.field("site_id", "an evacuated household is at a site: give site_id");
        }
        if (change.siteId() != null && !evacuating) {
            throw InvalidInputException.field("site_id", "only an evacuation checks a household in at a site");
        }
        Idempotency.Keyed<Changed> keyed = Idempotency.once(db, viewer.userId(), idempotent, c -> {
            HouseholdRow before = store.lockHousehold(c, change.householdId())
                    .orElseThrow(() -> new NotFoundException("No household " + change.householdId()));
            viewer.requireCommune(before.communeId());
            PreconditionFailedException.unlessMatches(ifMatch, etag(before.version()), () -> "Hộ " + change.householdId()
                    + " đã đổi sau khi thay đổi này được ghi: nay là \"" + StatusWords.vi(before.status()) + "\" (" + before.status() + ")"
                    + (before.siteId() == null ? "" : " ở điểm sơ tán số " + before.siteId()) + "; xem lại rồi gửi lại, hoặc bỏ");
            if (change.status() == null) {
                return noted(c, change, before, viewer, address);
            }
            Integer oldSite = before.siteId();
            // the household keeps its site while evacuated or supplied there; any other status leaves it
            Integer newSite = change.siteId() != null ? change.siteId() : change.status().equals("supplied") ? oldSite : null;
            boolean leaves = oldSite != null && !oldSite.equals(newSite);
            boolean arrives = newSite != null && !newSite.equals(oldSite);
            if (leaves) {
                move(c, oldSite, -before.members(), viewer);
            }
            if (arrives) {
                move(c, newSite, before.members(), viewer);
            }
            store.setStatus(c, change.householdId(), change.status(), newSite);
            AuditLog.write(c, viewer, "household_status", "household", change.householdId(), new Audited(before.status(), oldSite),
                    new Audited(change.status(), newSite), address);
            // the live maps of every server instance hear of it when (and only if) this commits
            if (leaves) {
                Announcements.publish(c, "site", store.site(c, oldSite));
            }
            if (arrives) {
                Announcements.publish(c, "site", store.site(c, newSite));
            }
            StatusResult r = new StatusResult(change.householdId(), change.status(), newSite, before.villageCode(), before.communeCode());
            Announcements.publishScoped(c, "household", r, new ShownStatus(r.villageCode(), r.communeCode(), r.status()), before.communeId());
            return new Changed(r, before.lon(), before.lat(), store.version(c, change.householdId()));
        }, done -> Idempotency.Answer.ok(done.result(), etag(done.version())));
        if (keyed.replayed() != null) {
            return new Outcome(null, null, keyed.replayed());
        }
        Changed done = keyed.result();
        // the tile cache and versions learn of it now, not only when the trigger's NOTIFY arrives
        changes.publish(new ChangeFeed.Change("household", "UPDATE", new double[] {done.lon(), done.lat(), done.lon(), done.lat()}));
        return new Outcome(done.result(), etag(done.version()), null);
    }

    /** The officers' note on a family, changed under the household's lock (its version moves); audited without its words. */
    private Changed noted(Connection c, StatusChange change, HouseholdRow before, Viewer viewer, String address) throws SQLException {
        String note = change.note().isEmpty() ? null : change.note();
        store.setNote(c, change.householdId(), note);
        AuditLog.write(c, viewer, "household_note", "household", change.householdId(), null, Map.of("note", note != null), address);
        StatusResult r = new StatusResult(change.householdId(), before.status(), before.siteId(), before.villageCode(), before.communeCode());
        return new Changed(r, before.lon(), before.lat(), store.version(c, change.householdId()));
    }

    /** The household's card as {@code viewer} may see it; empty {@code sites} for those who may not change it. */
    public HouseholdCard card(long id, Viewer viewer) throws SQLException {
        try (Connection c = db.getConnection()) {
            HouseholdStore.CardRow r = store.card(c, id).orElseThrow(() -> new NotFoundException("No household " + id));
            // personal data and the right to change it go together: officers of the commune, admins
            boolean own = viewer.actsIn(r.communeId());
            HouseholdCard.Planned plan = store.planned(c, id).orElse(null);
            List<HouseholdCard.Site> sites = own ? store.sitesWithRoom(c, r.lon(), r.lat(), r.members(), r.communeId(), r.villageCode(),
                    viewer.communeIds().toArray(Integer[]::new), viewer.isAdmin(), SITES_OFFERED) : null;
            return new HouseholdCard(id, r.status(), r.members(), r.villageCode(), r.villageName(), r.villageKind(), r.communeCode(),
                    r.communeName(), r.lon(), r.lat(), own, own ? r.personal() : null, plan, sites, own ? etag(r.version()) : null);
        }
    }

    /** Adds people to a site (or removes them) under its row lock; refused when it is closed or full. */
    private void move(Connection c, int siteId, int people, Viewer viewer) throws SQLException {
        SiteRow site = store.lockSite(c, siteId).orElseThrow(() -> InvalidInputException.field("site_id", "no evacuation point " + siteId));
        if (people > 0 && !viewer.actsIn(site.communeId())) {
            // an officer fills only the sites of their own communes: another commune's places are its families'
            throw new ForbiddenException("Evacuation point " + siteId + " belongs to a commune outside your own; ask that commune's officers "
                    + "or an admin to check the household in there");
        }
        if (people > 0 && !site.open()) {
            throw new ConflictException("Evacuation point " + siteId + " is closed");
        }
        if (people > site.placesLeft()) {
            throw new ConflictException("Điểm sơ tán số " + siteId + " chỉ còn " + Math.max(site.placesLeft(), 0) + " chỗ, cần " + people
                    + ": chọn điểm khác");
        }
        store.addPeople(c, siteId, people, Objects.requireNonNull(viewer.username()));
    }
}
