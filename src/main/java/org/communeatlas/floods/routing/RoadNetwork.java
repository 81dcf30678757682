package org.communeatlas.floods.routing;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.communeatlas.db.ChangeFeed.Change;

/**
 * The current {@link RoadGraph}: read once, read again after the change feed reports a write to the roads.
 * A graph read while a change arrives is used once but not kept.
 */
public final class RoadNetwork {

    private final DataSource db;
    private final AtomicLong version = new AtomicLong();
    private volatile RoadGraph graph;
    private volatile long graphVersion = -1;

    public RoadNetwork(DataSource db) {
        this.db = db;
    }

    public void onChange(Change change) {
        if (change.affects("road") || change.affects("road_node")) {
            version.incrementAndGet();
        }
    }

    public RoadGraph graph() throws SQLException {
        long v = version.get();
        RoadGraph g = graph;
        if (g != null && graphVersion == v) {
            return g;
        }
        synchronized (this) {
            if (graph != null && graphVersion == version.get()) {
                return graph;
            }
            long before = version.get();
            RoadGraph loaded = RoadGraph.load(db);
            if (version.get() == before) {
                graph = loaded;
                graphVersion = before;
            }
            return loaded;
        }
    }
}
