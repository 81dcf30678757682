package org.communeatlas.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.core.AdminUnits;
import org.communeatlas.db.Jdbc;
import org.communeatlas.layers.cql.SqlFragment;

/** The SQL of the models: the list with filters, one model with its spread month by month, and the province summary. */
public final class ModelStore {

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

    public ModelStore(DataSource reader) {
        this.reader = reader;
    }

    /** Models matching the filter, with how many villages have each and in how many communes every village does. */
    public ModelPage list(Filter f) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        if (f.sector() != null) {
            where.append(" AND m.sector = ?");
            params.add(f.sector());
        }
        if (f.host() != null) {
            // punctuation and diacritics ignored on both sides; what remains is letters, digits and single spaces
            where.append(" AND atlas_fold_words(m.host) LIKE '%' || atlas_fold_words(?) || '%'");
            params.add(f.host());
        }
        if (f.text() != null) {
            where.append(" AND (atlas_fold_words(m.name) LIKE '%' || atlas_fold_words(?) || '%' "
                    + "OR atlas_fold_words(coalesce(m.name_en, '')) LIKE '%' || atlas_fold_words(?) || '%' OR m.code = ?)");
            params.add(f.text());
            params.add(f.text());
            params.add(f.text());
        }
        if (f.communeCode() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM adoption a JOIN village v ON v.id = a.village_id JOIN admin_unit c ON c.id = v.commune_id "
                    + "WHERE a.model_id = m.id AND c.code = ? AND " + AdminUnits.beforeReform("c") + ")");
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
        long total = scalar(new SqlFragment("SELECT count(*) FROM (" + base + ") x", all));
        List<Object> paged = new ArrayList<>(all);
        paged.add(f.limit());
        paged.add(f.offset());
        // with a text, the closest names first (the whole name, then names that begin with it), then the sort asked for
        String closest = "";
        if (f.text() != null) {
            closest = "CASE WHEN atlas_fold_words(m.name) = atlas_fold_words(?) OR m.code = ? THEN 0 "
                    + "WHEN atlas_fold_words(m.name) LIKE atlas_fold_words(?) || '%' THEN 1 ELSE 2 END, ";
            paged.addAll(paged.size() - 2, List.of(f.text(), f.text(), f.text()));
        }
        List<ModelItem> models = query(new SqlFragment(base + " ORDER BY " + closest + SORTS.get(f.sort()) + (f.descending() ? " DESC" : "")
                + ", m.code LIMIT ? OFFSET ?", paged), rs -> new ModelItem(rs.getInt("id"), rs.getString("code"), rs.getString("name"),
                rs.getString("name_en"), rs.getString("sector"), rs.getString("sector_name"), rs.getString("host"), rs.getString("origin_village_code"),
                rs.getString("origin_village_name"), rs.getString("origin_commune_code"), rs.getString("origin_commune_name"),
                rs.getString("origin_unit_code"), rs.getString("origin_unit_name"), date(rs, "founded_on"), rs.getString("founded_precision"),
                date(rs, "recognised_on"), rs.getBoolean("commended_by_party"), rs.getBoolean("commended_by_commission"),
                rs.getLong("villages_active"), rs.getLong("communes_full")));
        return new ModelPage(f.asOf(), total, f.limit(), f.offset(), models);
    }

    /** A model's code, if there is a model with this id. */
    public Optional<String> code(int id) throws SQLException {
        return query(new SqlFragment("SELECT code FROM model WHERE id = ?", List.of(id)), rs -> rs.getString(1)).stream().findFirst();
    }

    /** One model's facts, where it is active on the date, and its spread month by month. */
    public Optional<ModelDetail> detail(int id, LocalDate asOf) throws SQLException {
        List<ModelDetail> found = query(new SqlFragment("SELECT m.*, s.name_vi AS sector_name, s.name_en AS sector_name_en, "
                + "ov.code AS origin_village_code, ov.name AS origin_village_name, oc.code AS origin_commune_code, oc.name AS origin_commune_name, "
                + "ou.code AS origin_unit_code, ou.name AS origin_unit_name, hu.code AS host_unit_code, hu.name AS host_unit_name, "
                // where the map goes when the model is picked: its villages on the date, else all it ever had, else where it began
                + "(SELECT " + CoverageStore.boxArray("b") + " FROM (SELECT coalesce("
                + "(SELECT ST_Extent(v.geom) FROM adoption a JOIN village v ON v.id = a.village_id WHERE a.model_id = m.id AND " + ACTIVE + "), "
                + "(SELECT ST_Extent(v.geom) FROM adoption a JOIN village v ON v.id = a.village_id WHERE a.model_id = m.id), "
                + "(SELECT u.geom::box2d FROM admin_unit u WHERE u.id = coalesce(m.origin_unit_id, ov.commune_id))) AS b) x) AS bbox "
                + "FROM model m JOIN model_sector s ON s.code = m.sector LEFT JOIN village ov ON ov.id = m.origin_village_id "
                + "LEFT JOIN admin_unit oc ON oc.id = ov.commune_id LEFT JOIN admin_unit ou ON ou.id = m.origin_unit_id "
                + "LEFT JOIN admin_unit hu ON hu.id = m.host_unit_id WHERE m.id = ?", List.of(asOf, asOf, id)), rs -> {
                    LocalDate founded = date(rs, "founded_on");
                    List<ModelDetail.Village> villages = query(new SqlFragment("SELECT v.code, v.name, v.kind, c.code, c.name, "
                            + "min(a.started_on), sum(a.members)::bigint FROM adoption a JOIN village v ON v.id = a.village_id "
                            + "JOIN admin_unit c ON c.id = v.commune_id WHERE a.model_id = ? AND " + ACTIVE
                            + " GROUP BY v.id, c.id ORDER BY min(a.started_on), v.code", List.of(id, asOf, asOf)),
                            v -> new ModelDetail.Village(v.getString(1), v.getString(2), v.getString(3), v.getString(4), v.getString(5),
                                    v.getObject(6, LocalDate.class), (Long) v.getObject(7)));
                    return new ModelDetail(rs.getInt("id"), rs.getString("code"), rs.getString("name"), rs.getString("name_en"),
                            rs.getString("sector"), rs.getString("host"), founded, rs.getString("founded_precision"), date(rs, "recognised_on"),
                            rs.getString("description"), integer(rs, "members"), integer(rs, "party_members"), integer(rs, "member_age_min"),
                            integer(rs, "member_age_max"), rs.getBoolean("commended_by_party"), rs.getBoolean("commended_by_commission"),
                            rs.getString("source"), rs.getString("sector_name"), rs.getString("sector_name_en"), rs.getString("origin_village_code"),
                            rs.getString("origin_village_name"), rs.getString("origin_commune_code"), rs.getString("origin_commune_name"),
                            rs.getString("origin_unit_code"), rs.getString("origin_unit_name"), rs.getString("host_unit_code"),
                            rs.getString("host_unit_name"), asOf, bbox(rs.getArray("bbox")), villages,
                            timeline(id, founded.isAfter(asOf) ? asOf : founded, asOf));
                });
        return found.stream().findFirst();
    }

    /** At the end of each month: villages having the model, communes having it, communes with all villages. */
    List<ModelDetail.Month> timeline(int id, LocalDate from, LocalDate to) throws SQLException {
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
        return query(new SqlFragment(sql, List.of(from, to, id)), rs -> new ModelDetail.Month(rs.getString("month"),
                date(rs, "month_end"), rs.getLong("villages"), rs.getLong("communes"), rs.getLong("communes_full")));
    }

    /** Province figures out of the data: models by sector and by year, commendations, Tam Kỳ. */
    public ModelSummary summary() throws SQLException {
        return new ModelSummary(scalar(new SqlFragment("SELECT count(*) FROM model", List.of())),
                query(new SqlFragment("SELECT s.code, s.name_vi, s.name_en, count(m.id) FROM model_sector s "
                        + "LEFT JOIN model m ON m.sector = s.code GROUP BY s.code ORDER BY s.sort", List.of()),
                        rs -> new ModelSummary.Sector(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))),
                query(new SqlFragment("SELECT extract(year FROM founded_on)::int, count(*) FROM model GROUP BY 1 ORDER BY 1", List.of()),
                        rs -> new ModelSummary.Year(rs.getInt(1), rs.getLong(2))),
                scalar(new SqlFragment("SELECT count(*) FROM model WHERE commended_by_party", List.of())),
                scalar(new SqlFragment("SELECT count(*) FROM model WHERE commended_by_commission", List.of())),
                query(new SqlFragment("SELECT d.code, d.name, count(*) FROM model m "
                        + "LEFT JOIN village v ON v.id = m.origin_village_id JOIN admin_unit c ON c.id = coalesce(v.commune_id, m.origin_unit_id) "
                        + "JOIN admin_unit d ON d.id = CASE WHEN c.level = 'commune' THEN c.parent_id ELSE c.id END "
                        + "WHERE d.level = 'district' GROUP BY d.id ORDER BY d.code", List.of()),
                        rs -> new ModelSummary.District(rs.getString(1), rs.getString(2), rs.getLong(3))));
    }

    /** Maps one result row. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(SqlFragment q, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(q.sql())) {
            Jdbc.bind(ps, q.params());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        }
        return out;
    }

    private long scalar(SqlFragment q) throws SQLException {
        return query(q, rs -> rs.getLong(1)).get(0);
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    /** A box [west, south, east, north] from an SQL array of four numbers (null when there is none). */
    static List<Double> bbox(java.sql.Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        if (values.length != 4 || values[0] == null) {
            return null;
        }
        return java.util.Arrays.stream(values).map(v -> Math.round(((Number) v).doubleValue() * 1e6) / 1e6).toList();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).intValue();
    }
}
