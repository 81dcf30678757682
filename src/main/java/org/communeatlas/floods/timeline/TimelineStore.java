package org.communeatlas.floods.timeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.db.SqlResource;

/** The SQL of the timeline: the audit log's entries that belong to a flood, from its start. */
final class TimelineStore {

    /**
     * The flood's own entry, road closures and openings, check-ins, and — of calls for help and plans — those of this
     * flood; all from the flood's creation on, oldest first.
     */
    private static final String ENTRIES = SqlResource.load(TimelineStore.class, "timeline.sql");

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
