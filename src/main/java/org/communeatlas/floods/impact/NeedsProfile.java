package org.communeatlas.floods.impact;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.Messages;
import org.communeatlas.db.Idempotency;

/**
 * Minimum needs per displaced person (InaSAFE's default profile: rice 2.8 kg, drinking water 17.5 l, clean
 * water 67 l, family kit 0.2, toilet 0.05), kept in {@code needs_item} and editable by admins. Quantities
 * are rounded up, as InaSAFE does: 6,000 people need 16,800 kg of rice and 300 toilets.
 */
public final class NeedsProfile {

    /** An item of the profile: what one person needs of it, weekly or once. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String code, String nameVi, String nameEn, String unit, BigDecimal perPerson, String frequency) {

        /** What {@code people} need of this item, rounded up; exact decimal arithmetic, so 6,000 × 2.8 is 16,800. */
        public long quantity(long people) {
            return perPerson.multiply(BigDecimal.valueOf(people)).setScale(0, RoundingMode.CEILING).longValueExact();
        }
    }

    /** An item and the quantity a number of people need of it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Need(String code, String nameVi, String nameEn, String unit, BigDecimal perPerson, String frequency, long quantity) {
    }

    /** A new amount per person for the item with this code. */
    public record Change(String code, BigDecimal perPerson) {
    }

    private final DataSource db;

    public NeedsProfile(DataSource db) {
        this.db = db;
    }

    public List<Item> items() throws SQLException {
        try (Connection c = db.getConnection()) {
            return items(c);
        }
    }

    public static List<Item> items(Connection c) throws SQLException {
        return NeedsStore.items(c);
    }

    /** The needs of {@code people}, one entry per item. */
    public static List<Need> needs(List<Item> items, long people) {
        return items.stream().map(i -> new Need(i.code(), i.nameVi(), i.nameEn(), i.unit(), i.perPerson(), i.frequency(), i.quantity(people)))
                .toList();
    }

    /** Compact form for per-unit rows: code → quantity. */
    public static Map<String, Long> quantities(List<Item> items, long people) {
        Map<String, Long> m = new LinkedHashMap<>();
        items.forEach(i -> m.put(i.code(), i.quantity(people)));
        return m;
    }

    /** The profile as {@code PUT /api/needs-profile} answers it. */
    public record Profile(List<Item> items) {
    }

    /** Sets the per-person amounts of existing items, all or nothing, with an audit entry, once per Idempotency-Key; the profile after. */
    public Idempotency.Keyed<Profile> update(List<Change> changes, Viewer admin, String address, Idempotency.Request key) throws SQLException {
        return Idempotency.once(db, admin.userId(), key, c -> {
            List<Item> before = items(c);
            for (Change change : changes) {
                if (!NeedsStore.setPerPerson(c, change.code(), change.perPerson().setScale(3, RoundingMode.HALF_UP))) {
                    throw InvalidInputException.field("code", "no needs item '" + Messages.shorten(change.code()) + "'");
                }
            }
            List<Item> after = items(c);
            AuditLog.write(c, admin, "needs_profile", "needs_item", null, before, after, address);
            return new Profile(after);
        }, profile -> Idempotency.Answer.json(200, profile));
    }
}
