package org.communeatlas.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.db.Jdbc;
import org.communeatlas.layers.cql.SqlFragment;

/** The models: list with filters, one model with its spread month by month, and the province summary. */
public final class ModelService {

    /** Sort keys for the model list. */
    static final Map<String, String> SORTS = Map.of("code", "m.code", "name", "m.name", "founded_on", "m.founded_on",
            "villages_active", "villages_active", "communes_full", "communes_full");

    /** Active on a date: the definition of the README, as SQL over adoption {@code a}. */
    private static final String ACTIVE = "a.started_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)";

    /** Filters of the model list. */
    public record Filter(String sector, String host, String communeCode, String text, LocalDate asOf, String sort,
                         boolean descending, int limit, int offset) {
    }

    private final DataSource reader;

    public ModelService(DataSource reader) {
        this.reader = reader;
    }

    /** Models matching the filter, with how many villages have each and in how many communes every village does. */
    public Map<String, Object> list(Filter f) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        if (f.sector() != null) {
            where.append(" AND m.sector = ?");
            params.add(f.sector());
        }
        if (f.host() != null) {
            where.append(" AND atlas_fold(m.host) LIKE '%' || atlas_fold(?) || '%' ESCAPE '\\'");
            params.add(likeEscape(f.host()));
        }
        if (f.text() != null) {
            where.append(" AND (atlas_fold(m.name) LIKE '%' || atlas_fold(?) || '%' ESCAPE '\\' OR atlas_fold(coalesce(m.name_en, '')) "
                    + "LIKE '%' || atlas_fold(?) || '%' ESCAPE '\\' OR m.code = ?)");
            params.add(likeEscape(f.text()));
            params.add(likeEscape(f.text()));
            params.add(f.text());
        }
        if (f.communeCode() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM adoption a JOIN village v ON v.id = a.village_id JOIN admin_unit c ON c.id = v.commune_id "
                    + "WHERE a.model_id = m.id AND c.code = ? AND c.valid_to = DATE '2025-07-01')");
            params.add(f.communeCode());
        }
        List<Object> all = new ArrayList<>(List.of(f.asOf(), f.asOf()));
        all.addAll(params);
        String base = "WITH active AS (SELECT DISTINCT a.model_id, a.village_id FROM adoption a WHERE " + ACTIVE + "), "
                + "per_commune AS (SELECT act.model_id, v.commune_id, count(*) AS n FROM active act JOIN village v ON v.id = act.village_id GROUP BY 1, 2), "
                + "totals AS (SELECT commune_id, count(*) AS total FROM village GROUP BY 1), "
                + "stats AS (SELECT pc.model_id, sum(pc.n) AS villages_active, count(*) FILTER (WHERE pc.n = t.total) AS communes_full "
                + "FROM per_commune pc JOIN totals t USING (commune_id) GROUP BY pc.model_id) "
                + "SELECT m.id, m.code, m.name, m.name_en, m.sector, s.name_vi AS sector_name, m.host, ov.code AS origin_village_code, "
                + "ov.name AS origin_village_name, oc.code AS origin_commune_code, oc.name AS origin_commune_name, ou.code AS origin_unit_code, "
                + "ou.name AS origin_unit_name, m.founded_on, m.founded_precision, m.recognised_on, m.commended_by_party, m.commended_by_commission, "
                + "coalesce(st.villages_active, 0)::bigint AS villages_active, coalesce(st.communes_full, 0)::bigint AS communes_full "
                + "FROM model m JOIN model_sector s ON s.code = m.sector LEFT JOIN village ov ON ov.id = m.origin_village_id "
                + "LEFT JOIN admin_unit oc ON oc.id = ov.commune_id LEFT JOIN admin_unit ou ON ou.id = m.origin_unit_id "
                + "LEFT JOIN stats st ON st.model_id = m.id WHERE " + where;
        long total = rows(new SqlFragment("SELECT count(*) AS n FROM (" + base + ") x", all)).get(0).get("n") instanceof Number n ? n.longValue() : 0;
        List<Object> paged = new ArrayList<>(all);
        paged.add(f.limit());
        paged.add(f.offset());
        List<Map<String, Object>> models = rows(new SqlFragment(base + " ORDER BY " + SORTS.get(f.sort()) + (f.descending() ? " DESC" : "")
                + ", m.code LIMIT ? OFFSET ?", paged));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", f.asOf().toString());
        out.put("total", total);
        out.put("limit", f.limit());
        out.put("offset", f.offset());
        out.put("models", models);
        return out;
    }

    /** One model's facts, where it is active on the date, and its spread month by month. */
    public Optional<Map<String, Object>> detail(int id, LocalDate asOf) {
        List<Map<String, Object>> found = rows(new SqlFragment("SELECT m.*, s.name_vi AS sector_name, s.name_en AS sector_name_en, "
                + "ov.code AS origin_village_code, ov.name AS origin_village_name, oc.code AS origin_commune_code, oc.name AS origin_commune_name, "
                + "ou.code AS origin_unit_code, ou.name AS origin_unit_name, hu.code AS host_unit_code, hu.name AS host_unit_name "
                + "FROM model m JOIN model_sector s ON s.code = m.sector LEFT JOIN village ov ON ov.id = m.origin_village_id "
                + "LEFT JOIN admin_unit oc ON oc.id = ov.commune_id LEFT JOIN admin_unit ou ON ou.id = m.origin_unit_id "
                + "LEFT JOIN admin_unit hu ON hu.id = m.host_unit_id WHERE m.id = ?", List.of(id)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> model = new LinkedHashMap<>(found.get(0));
        model.remove("origin_village_id");
        model.remove("origin_unit_id");
        model.remove("host_unit_id");
        model.put("asOf", asOf.toString());
        model.put("villages", rows(new SqlFragment("SELECT v.code, v.name, v.kind, c.code AS commune_code, c.name AS commune_name, "
                + "min(a.started_on) AS started_on, sum(a.members)::bigint AS members FROM adoption a JOIN village v ON v.id = a.village_id "
                + "JOIN admin_unit c ON c.id = v.commune_id WHERE a.model_id = ? AND " + ACTIVE
                + " GROUP BY v.id, c.id ORDER BY min(a.started_on), v.code", List.of(id, asOf, asOf))));
        LocalDate from = (LocalDate) found.get(0).get("founded_on");
        model.put("timeline", timeline(id, from.isAfter(asOf) ? asOf : from, asOf));
        return Optional.of(model);
    }

    /** At the end of each month: villages having the model, communes having it, communes with all villages. */
    List<Map<String, Object>> timeline(int id, LocalDate from, LocalDate to) {
        String sql = "WITH months AS (SELECT (date_trunc('month', g) + interval '1 month - 1 day')::date AS d "
                + "FROM generate_series(date_trunc('month', ?::date), date_trunc('month', ?::date), interval '1 month') g), "
                + "adopt AS (SELECT a.village_id, a.started_on, a.ended_on, v.commune_id FROM adoption a JOIN village v ON v.id = a.village_id WHERE a.model_id = ?), "
                + "totals AS (SELECT commune_id, count(*) AS total FROM village WHERE commune_id IN (SELECT commune_id FROM adopt) GROUP BY 1), "
                + "monthly AS (SELECT m.d, ad.commune_id, count(DISTINCT ad.village_id) AS n FROM months m JOIN adopt ad "
                + "ON ad.started_on <= m.d AND (ad.ended_on IS NULL OR ad.ended_on > m.d) GROUP BY m.d, ad.commune_id) "
                + "SELECT to_char(m.d, 'YYYY-MM') AS month, m.d AS month_end, coalesce(sum(mo.n), 0)::bigint AS villages, "
                + "count(mo.commune_id) AS communes, count(*) FILTER (WHERE mo.n = t.total) AS communes_full "
                + "FROM months m LEFT JOIN monthly mo ON mo.d = m.d LEFT JOIN totals t ON t.commune_id = mo.commune_id "
                + "GROUP BY m.d ORDER BY m.d";
        return rows(new SqlFragment(sql, List.of(from, to, id)));
    }

    /** Province figures out of the data: models by sector and by year, commendations, Tam Kỳ. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", rows(new SqlFragment("SELECT count(*) AS n FROM model", List.of())).get(0).get("n"));
        out.put("by_sector", rows(new SqlFragment("SELECT s.code, s.name_vi, s.name_en, count(m.id) AS models FROM model_sector s "
                + "LEFT JOIN model m ON m.sector = s.code GROUP BY s.code ORDER BY s.sort", List.of())));
        out.put("by_year", rows(new SqlFragment("SELECT extract(year FROM founded_on)::int AS year, count(*) AS models FROM model "
                + "GROUP BY 1 ORDER BY 1", List.of())));
        out.put("commended_by_party", rows(new SqlFragment("SELECT count(*) AS n FROM model WHERE commended_by_party", List.of())).get(0).get("n"));
        out.put("commended_by_commission", rows(new SqlFragment("SELECT count(*) AS n FROM model WHERE commended_by_commission", List.of()))
                .get(0).get("n"));
        out.put("by_district", rows(new SqlFragment("SELECT d.code, d.name, count(*) AS models FROM model m "
                + "LEFT JOIN village v ON v.id = m.origin_village_id JOIN admin_unit c ON c.id = coalesce(v.commune_id, m.origin_unit_id) "
                + "JOIN admin_unit d ON d.id = CASE WHEN c.level = 'commune' THEN c.parent_id ELSE c.id END "
                + "WHERE d.level = 'district' GROUP BY d.id ORDER BY d.code", List.of())));
        return out;
    }

    private List<Map<String, Object>> rows(SqlFragment q) {
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(q.sql())) {
            Jdbc.bind(ps, q.params());
            try (ResultSet rs = ps.executeQuery()) {
                return Jdbc.rows(rs, (label, v) -> v instanceof java.sql.Date d ? d.toLocalDate() : v);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("model query failed: " + e.getMessage(), e);
        }
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
