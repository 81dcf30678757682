package org.communeatlas.floods.events;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.db.SqlResource;

/** The SQL of the stored flood scenarios, on the read pool. */
final class ScenarioStore {

    /** The road edges a scenario cuts (any edge touching the water), merged per road class, as GeoJSON. */
    private static final String FLOODED_ROADS = SqlResource.load(ScenarioStore.class, "flooded-roads.sql");

    private final DataSource reader;

    ScenarioStore(DataSource reader) {
        this.reader = reader;
    }

    List<Scenario> list() throws SQLException {
        List<Scenario> scenarios = new ArrayList<>();
        String sql = "SELECT id, code, name, name_en, kind, river, gauge, river_level_m, alarm_level, water_level_m, description, "
                + "round((ST_Area(geom::geography) / 1e6)::numeric, 2), ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) "
                + "FROM (SELECT *, geom::box2d AS b FROM flood_scenario) x ORDER BY kind, river_level_m NULLS LAST, code";
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                scenarios.add(new Scenario(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getBigDecimal(8), (Integer) rs.getObject(9), rs.getBigDecimal(10), rs.getString(11), rs.getBigDecimal(12),
                        List.of(rs.getDouble(13), rs.getDouble(14), rs.getDouble(15), rs.getDouble(16))));
            }
        }
        return scenarios;
    }

    /** The roads the scenario cuts as a GeoJSON FeatureCollection; empty when there is no such scenario. */
    Optional<byte[]> floodedRoads(String code) throws SQLException {
        try (Connection c = reader.getConnection(); PreparedStatement ps = c.prepareStatement(FLOODED_ROADS)) {
            ps.setString(1, code);
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(2) == 0 ? Optional.empty() : Optional.of(rs.getString(1).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
