package org.communeatlas.floods.timeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.core.JsonCodec;

/** The SQL of the timeline: the audit log's entries that belong to a flood, from its start. */
final class TimelineStore {

    /**
     * The flood's own entry, road closures and openings, check-ins, and — of calls for help and plans — those of this
     * flood; all from the flood's creation on, oldest first.
     */
    private static final String ENTRIES = """
            SELECT a.id, a.at, a.username, a.action, a.entity, a.entity_id, a.before::text, a.after::text,
                   CASE WHEN a.action = 'household_status' THEN (SELECT v.commune_id FROM household h JOIN village v ON v.id = h.village_id
                                                                 WHERE h.id::text = a.entity_id)
                        WHEN a.action IN ('sos_create', 'sos_change') THEN (SELECT s.commune_id FROM sos_request s WHERE s.id::text = a.entity_id)
                   END
            FROM audit_log a, flood_event f
            WHERE f.id = ? AND a.at >= f.created_at
              AND ((a.action = 'flood_create' AND a.entity_id = f.id::text)
                   OR a.action IN ('road_close', 'road_open', 'household_status')
                   OR (a.action IN ('sos_create', 'sos_change')
                       AND EXISTS (SELECT 1 FROM sos_request s WHERE s.id::text = a.entity_id AND s.flood_id = f.id))
                   OR (a.action = 'plan_create' AND a.after ->> 'flood_id' = f.id::text))
            ORDER BY a.at, a.id LIMIT ?""";

    List<TimelineEntry> entries(Connection c, int floodId, int limit) throws SQLException {
        List<TimelineEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ENTRIES)) {
            ps.setInt(1, floodId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TimelineEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), json(rs.getString(7)), json(rs.getString(8)), (Integer) rs.getObject(9)));
                }
            }
        }
        return out;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return text == null ? null : JsonCodec.tree(text);
    }
}
