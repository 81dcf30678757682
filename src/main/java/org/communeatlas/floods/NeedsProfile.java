package org.communeatlas.floods;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/**
 * Minimum needs per displaced person (InaSAFE's default profile: rice 2.8 kg, drinking water 17.5 l, clean
 * water 67 l, family kit 0.2, toilet 0.05), kept in {@code needs_item} and editable by admins. Quantities
 * are rounded up, as InaSAFE does: 6,000 people need 16,800 kg of rice and 300 toilets.
 */
public final class NeedsProfile {

    public record Item(String code, String nameVi, String nameEn, String unit, BigDecimal perPerson, String frequency) {

        /** What {@code people} need of this item, rounded up; exact decimal arithmetic, so 6,000 × 2.8 is 16,800. */
        public long quantity(long people) {
            return perPerson.multiply(BigDecimal.valueOf(people)).setScale(0, RoundingMode.CEILING).longValueExact();
        }
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
        List<Item> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT code, name_vi, name_en, unit, per_person, frequency FROM needs_item ORDER BY sort, code");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                items.add(new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5), rs.getString(6)));
            }
        }
        return items;
    }

    /** The needs of {@code people}, one entry per item. */
    public static List<Map<String, Object>> needs(List<Item> items, long people) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Item i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", i.code());
            m.put("name_vi", i.nameVi());
            m.put("name_en", i.nameEn());
            m.put("unit", i.unit());
            m.put("per_person", i.perPerson());
            m.put("frequency", i.frequency());
            m.put("quantity", i.quantity(people));
            out.add(m);
        }
        return out;
    }

    /** Compact form for per-unit rows: code → quantity. */
    public static Map<String, Long> quantities(List<Item> items, long people) {
        Map<String, Long> m = new LinkedHashMap<>();
        items.forEach(i -> m.put(i.code(), i.quantity(people)));
        return m;
    }

    public static List<Map<String, Object>> describe(List<Item> items) {
        List<Map<String, Object>> out = needs(items, 0);
        out.forEach(m -> m.remove("quantity"));
        return out;
    }

    /**
     * Sets the per-person amounts of existing items from {@code {"items": [{"code": ..., "per_person": ...}]}}, all or
     * nothing, with an audit entry.
     */
    public List<Item> update(JsonNode body, Viewer admin, String address) throws SQLException {
        JsonNode list = body.get("items");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 50) {
            throw ProblemException.badParameter("items", "an array of {code, per_person}");
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Item> before = items(c);
                for (JsonNode item : list) {
                    String code = item.path("code").asText("");
                    JsonNode per = item.get("per_person");
                    if (per == null || !per.isNumber() || per.asDouble() < 0 || per.asDouble() > 1000) {
                        throw ProblemException.badParameter("per_person", "item '" + Params.shorten(code) + "': an amount per person from 0 to 1000");
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE needs_item SET per_person = ? WHERE code = ?")) {
                        ps.setBigDecimal(1, per.decimalValue().setScale(3, RoundingMode.HALF_UP));
                        ps.setString(2, code);
                        if (ps.executeUpdate() != 1) {
                            throw ProblemException.badParameter("code", "no needs item '" + Params.shorten(code) + "'");
                        }
                    }
                }
                List<Item> after = items(c);
                AuditLog.write(c, admin, "needs_profile", "needs_item", null, describe(before), describe(after), address);
                c.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
