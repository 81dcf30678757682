package org.communeatlas.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.coverage.Coverage.Level;
import org.communeatlas.coverage.Coverage.Row;
import org.communeatlas.coverage.Coverage.Units;
import org.communeatlas.core.AdminUnits;
import org.communeatlas.db.Jdbc;
import org.communeatlas.db.Transactions;
import org.communeatlas.layers.cql.SqlFragment;

/**
 * The SQL of coverage: the villages having the model on the date (an index range over adoption),
 * counted per commune, then summed into districts and the province. Nothing is loaded into Java but the
 * rows returned.
 */
final class CoverageStore {

    /** Sort keys and the columns they sort by. */
    static final Map<String, String> SORTS = Map.of(
            "code", "code", "name", "name", "share", "share", "villages_with_model", "villages_with_model",
            "villages_total", "villages_total", "communes_full", "communes_full");

    private final DataSource reader;

    CoverageStore(DataSource reader) {
        this.reader = reader;
    }

    Coverage.Result coverage(Coverage.Query q) throws SQLException {
        SqlFragment rows = rowsSql(q);
        String ordered = "SELECT * FROM (" + rows.sql() + ") r" + (q.fullOnly() ? " WHERE full_adoption" : "")
                + " ORDER BY " + SORTS.get(q.sort()) + (q.descending() ? " DESC" : "") + ", code";
        List<Object> params = new ArrayList<>(rows.params());
        long total = count("SELECT count(*) FROM (" + ordered + ") c", params);
        params.add(q.limit());
        params.add(q.offset());
        List<Row> out = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(ordered + " LIMIT ? OFFSET ?")) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean aggregate = q.level() != Level.COMMUNE;
                    out.add(new Row(rs.getString("code"), rs.getString("name"), rs.getLong("villages_total"),
                            rs.getLong("villages_with_model"), rs.getDouble("share"), rs.getBoolean("full_adoption"),
                            aggregate ? rs.getLong("communes_total") : null, aggregate ? rs.getLong("communes_full") : null,
                            aggregate ? rs.getDouble("communes_full_share") : null, ModelStore.bbox(rs.getArray("bbox"))));
                }
            }
        }
        return new Coverage.Result(q, null, total, out);
    }

    /** The unit rows of a query (before filtering, ordering and paging). */
    static SqlFragment rowsSql(Coverage.Query q) {
        List<Object> params = new ArrayList<>();
        String has = "SELECT DISTINCT a.village_id FROM adoption a WHERE "
                + (q.modelId() != null ? "a.model_id = ? AND " : "")
                + "a.started_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)";
        if (q.modelId() != null) {
            params.add(q.modelId());
        }
        params.add(q.asOf());
        params.add(q.asOf());
        String villageUnit = q.units() == Units.U2024 ? "v.commune_id" : "v.unit_2025_id";
        String unitSet = unitSet(q.units());
        String communes = "SELECT u.id, u.code, u.name, u.parent_id, u.geom::box2d AS box, count(v.id) AS villages_total, "
                + "count(h.village_id) AS villages_with_model "
                + "FROM admin_unit u LEFT JOIN village v ON " + villageUnit + " = u.id LEFT JOIN has h ON h.village_id = v.id "
                + "WHERE u.level = 'commune' AND " + unitSet + " GROUP BY u.id";
        String share = "CASE WHEN sum(c.villages_total) > 0 THEN round(sum(c.villages_with_model)::numeric / sum(c.villages_total), 4) ELSE 0 END";
        String full = "(sum(c.villages_total) > 0 AND sum(c.villages_with_model) = sum(c.villages_total))";
        String communeFull = "(c.villages_total > 0 AND c.villages_with_model = c.villages_total)";
        String aggregates = "sum(c.villages_total)::bigint AS villages_total, sum(c.villages_with_model)::bigint AS villages_with_model, "
                + share + " AS share, " + full + " AS full_adoption, count(*) AS communes_total, "
                + "count(*) FILTER (WHERE " + communeFull + ") AS communes_full, "
                + "round(count(*) FILTER (WHERE " + communeFull + ")::numeric / count(*), 4) AS communes_full_share, "
                + box("ST_Extent(c.box::geometry)");
        String select = switch (q.level()) {
            case COMMUNE -> "SELECT c.code, c.name, c.villages_total, c.villages_with_model, "
                    + "CASE WHEN c.villages_total > 0 THEN round(c.villages_with_model::numeric / c.villages_total, 4) ELSE 0 END AS share, "
                    + communeFull + " AS full_adoption, NULL::bigint AS communes_full, " + box("c.box") + " FROM communes c";
            case DISTRICT -> "SELECT d.code, d.name, " + aggregates + " FROM communes c JOIN admin_unit d ON d.id = c.parent_id GROUP BY d.id";
            case PROVINCE -> "SELECT p.code, p.name, " + aggregates + " FROM communes c "
                    + (q.units() == Units.U2024 ? "JOIN admin_unit d ON d.id = c.parent_id JOIN admin_unit p ON p.id = d.parent_id"
                            : "JOIN admin_unit p ON p.id = c.parent_id")
                    + " GROUP BY p.id";
        };
        return new SqlFragment("WITH has AS (" + has + "), communes AS (" + communes + ") " + select, params);
    }

    /**
     * Every model × commune pair where the model is present on the date (the sparse matrix; the totals of
     * every commune are in the coverage rows), streamed row by row.
     */
    void matrix(LocalDate asOf, Units units, MatrixSink sink) throws SQLException, java.io.IOException {
        String villageUnit = units == Units.U2024 ? "v.commune_id" : "v.unit_2025_id";
        String unitSet = unitSet(units);
        String sql = "WITH totals AS (SELECT " + villageUnit + " AS unit_id, count(*) AS total FROM village v GROUP BY 1), "
                + "has AS (SELECT DISTINCT a.model_id, a.village_id FROM adoption a WHERE a.started_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)) "
                + "SELECT m.code AS model_code, m.name AS model_name, u.code, u.name, count(*) AS with_model, t.total "
                + "FROM has h JOIN village v ON v.id = h.village_id JOIN admin_unit u ON u.id = " + villageUnit + " AND " + unitSet
                + " JOIN model m ON m.id = h.model_id JOIN totals t ON t.unit_id = u.id "
                + "GROUP BY m.id, u.id, t.total ORDER BY m.code, u.code";
        Transactions.streamTo(reader, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(5_000);
                Jdbc.bind(ps, List.of(asOf, asOf));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6));
                    }
                }
            }
            return null;
        });
    }

    /** SQL: a box as [west, south, east, north], the unit's on the map (to show it there). */
    private static String box(String box) {
        return boxArray(box) + " AS bbox";
    }

    /** SQL: the array [west, south, east, north] of a box expression, read back by {@link ModelStore#bbox}. */
    static String boxArray(String box) {
        return "ARRAY[ST_XMin(" + box + "), ST_YMin(" + box + "), ST_XMax(" + box + "), ST_YMax(" + box + ")]";
    }

    /** SQL: the unit aliased {@code u} belongs to the unit set. */
    private static String unitSet(Units units) {
        return units == Units.U2024 ? AdminUnits.beforeReform("u") : AdminUnits.afterReform("u");
    }

    /** Receives the matrix's rows. */
    public interface MatrixSink {
        void row(String modelCode, String modelName, String unitCode, String unitName, long withModel, long total) throws java.io.IOException;
    }

    private long count(String sql, List<Object> params) throws SQLException {
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
