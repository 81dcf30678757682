package org.communeatlas.households;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.core.PreconditionFailedException;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Idempotency;
import org.communeatlas.events.Announcements;

/**
 * Site reports by the officers of the site's commune (admins anywhere): written under the site's row lock with the
 * version they were made on ({@code If-Match}) and an idempotency key, kept in the site's status history and the
 * audit log, announced to the live maps as check-ins are. A count over the site's capacity is refused (409): the
 * phone keeps it for review.
 */
public final class SiteService {

    /** A report's result, or the first answer to a key sent again. */
    public record Outcome(SiteState site, String etag, Idempotency.Answer replayed) {
    }

    private record Done(SiteState site, String version) {
    }

    private final DataSource db;
    private final HouseholdStore store = new HouseholdStore();
    private final ChangeFeed changes;

    public SiteService(DataSource db, ChangeFeed changes) {
        this.db = db;
        this.changes = changes;
    }

    /** The ETag of a site's row version. */
    public static String etag(String version) {
        return "\"sv-" + version + "\"";
    }

    public Outcome report(SiteReport report, Viewer viewer, String address, String ifMatch, Idempotency.Request idempotent) throws SQLException {
        Idempotency.Keyed<Done> keyed = Idempotency.once(db, viewer.userId(), idempotent, c -> {
            SiteRow before = store.lockSite(c, report.siteId()).orElseThrow(() -> new NotFoundException("No evacuation point " + report.siteId()));
            viewer.requireCommune(before.communeId());
            PreconditionFailedException.unlessMatches(ifMatch, etag(before.version()), () -> "Điểm sơ tán số " + report.siteId()
                    + " đã đổi sau khi báo cáo này được ghi: nay " + (before.open() ? "đang mở" : "đã đóng") + ", có " + before.occupancy()
                    + " người; xem lại rồi gửi lại, hoặc bỏ");
            boolean open = report.open() != null ? report.open() : before.open();
            int occupancy = report.occupancy() != null ? report.occupancy() : before.occupancy();
            // people counted into a closed site would be sent nowhere by the plan and fed by no delivery: the site is opened
            // first (or in the same report); counting people out of a closing site is what closing it means
            if (!open && occupancy > before.occupancy()) {
                throw new ConflictException("Điểm sơ tán số " + report.siteId() + " đang đóng: mở điểm (is_open true) trước hoặc cùng lúc, "
                        + "rồi mới ghi thêm người");
            }
            int most = Math.max(before.capacityDay(), before.capacityNight()) - before.reserved();
            if (occupancy > most) {
                throw new ConflictException("Điểm sơ tán số " + report.siteId() + " nhận tối đa " + most + " người (sức chứa trừ chỗ đã giữ); đếm được "
                        + occupancy + " — đưa số còn lại sang điểm khác, hoặc nhờ quản trị viên nâng sức chứa");
            }
            store.reportSite(c, report.siteId(), open, occupancy, report.note(), viewer.username());
            // the audit names what changed, never the note's text (it may name people)
            AuditLog.write(c, viewer, "site_report", "evacuation_point", report.siteId(),
                    Map.of("is_open", before.open(), "occupancy", before.occupancy()),
                    Map.of("is_open", open, "occupancy", occupancy, "note", report.note() != null), address);
            SiteState site = store.site(c, report.siteId());
            Announcements.publish(c, "site", site);
            return new Done(site, store.siteVersion(c, report.siteId()));
        }, done -> Idempotency.Answer.ok(done.site(), etag(done.version())));
        if (keyed.replayed() != null) {
            return new Outcome(null, null, keyed.replayed());
        }
        changes.publish(new ChangeFeed.Change("evacuation_point", "UPDATE", null));
        return new Outcome(keyed.result().site(), etag(keyed.result().version()), null);
    }
}
