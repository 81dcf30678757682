package org.communeatlas.floods.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.floods.events.FloodEvents;

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
            return store.entries(c, floodId, limit).stream().map(e -> asSeenBy(e, viewer)).toList();
        }
    }

    /**
     * An entry as {@code viewer} may read it: admins all of it; officers a check-in without its site; and of another
     * commune's family or call, that it happened and what changed — not which household, nor which officer did it.
     */
    private static TimelineEntry asSeenBy(TimelineEntry e, Viewer viewer) {
        if (viewer.isAdmin()) {
            return e;
        }
        // the province's entries, those of the viewer's communes, and what the viewer did themselves (an officer may take
        // a call for another commune) are read whole
        boolean own = e.communeId() == null || viewer.actsIn(e.communeId()) || java.util.Objects.equals(e.username(), viewer.username());
        boolean household = e.action().equals("household_status");
        if (own && !household) {
            return e;
        }
        List<String> hidden = own ? List.of("site_id") : List.of("site_id", "household_id");
        return new TimelineEntry(e.id(), e.at(), own ? e.username() : null, e.action(), e.entity(), own || !household ? e.entityId() : null,
                without(e.before(), hidden), without(e.after(), hidden), e.communeId());
    }

    private static JsonNode without(JsonNode state, List<String> fields) {
        if (state instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.remove(fields);
            return copy;
        }
        return state;
    }
}
