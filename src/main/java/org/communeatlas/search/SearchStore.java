package org.communeatlas.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.core.AdminUnits;
import org.communeatlas.db.SqlResource;

/** The SQL of search and labels, on the read pool (a replica when there is one). */
final class SearchStore {

    private static final String SEARCH = SqlResource.load(SearchStore.class, "search.sql");

    /** The units each label level names. */
    static final Map<String, String> LEVELS = Map.of(
            "commune", "level = 'commune' AND " + AdminUnits.beforeReform(""),
            "district", "level = 'district'",
            "unit_2025", "level = 'commune' AND " + AdminUnits.afterReform(""));

    private final DataSource reader;

    SearchStore(DataSource reader) {
        this.reader = reader;
    }

    /** Matches of the folded text {@code q} (by similarity) or the LIKE {@code pattern}, best first. */
    List<SearchResult> search(String q, String pattern, int limit) throws SQLException {
        List<SearchResult> results = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(SEARCH)) {
            ps.setString(1, q);
            ps.setString(2, pattern);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Double> bbox = rs.getObject("w") == null ? null
                            : List.of(round(rs.getDouble("w")), round(rs.getDouble("s")), round(rs.getDouble("e")), round(rs.getDouble("n")));
                    results.add(new SearchResult(rs.getString("kind"), rs.getString("code"), rs.getString("name"), rs.getString("context"), bbox));
                }
            }
        }
        return results;
    }

    /** A point inside each unit of a level ({@code ST_PointOnSurface}), to five decimals. */
    List<Label> labels(String level) throws SQLException {
        String sql = "SELECT code, short_name, name, ST_X(p), ST_Y(p) FROM (SELECT code, short_name, name, ST_PointOnSurface(geom) AS p "
                + "FROM admin_unit WHERE geom IS NOT NULL AND " + LEVELS.get(level) + ") x ORDER BY code";
        List<Label> out = new ArrayList<>();
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Label(rs.getString(1), rs.getString(2), rs.getString(3), Math.round(rs.getDouble(4) * 1e5) / 1e5,
                        Math.round(rs.getDouble(5) * 1e5) / 1e5));
            }
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
