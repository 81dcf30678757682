package org.communeatlas.floods.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.floods.FloodEvents;

/**
 * The timeline as a viewer may read it: officers and admins (the route says so); where a family was sheltered is
 * personal, so a check-in shows its status change, and its site only to admins.
 */
public final class TimelineService {

    private final DataSource db;
    private final FloodEvents floods;
    private final TimelineStore store = new TimelineStore();

    public TimelineService(DataSource db, FloodEvents floods) {
        this.db = db;
        this.floods = floods;
    }

    public List<TimelineEntry> timeline(int floodId, int limit, Viewer viewer) throws SQLException {
        floods.find(floodId);
        try (Connection c = db.getConnection()) {
            return store.entries(c, floodId, limit).stream().map(e -> viewer.isAdmin() || !e.action().equals("household_status") ? e
                    : new TimelineEntry(e.id(), e.at(), e.username(), e.action(), e.entity(), e.entityId(), withoutSite(e.before()),
                            withoutSite(e.after()))).toList();
        }
    }

    private static JsonNode withoutSite(JsonNode state) {
        if (state instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.remove("site_id");
            return copy;
        }
        return state;
    }
}
