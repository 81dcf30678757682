package org.communeatlas.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.db.ChangeFeed;

/**
 * Live events announced inside the transaction that causes them: PostgreSQL delivers them to every server instance's
 * change feed once, and only if, the transaction commits, so a check-in through one instance reaches the maps connected
 * to any other, and a rolled-back one reaches none. Each instance's {@link EventBus} sends them on.
 */
public final class Announcements {

    private Announcements() {
    }

    /** An event of public data, to everyone. */
    public static void publish(Connection c, String event, Object data) throws SQLException {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("event", event);
        notice.put("full", data);
        send(c, notice);
    }

    /** An event about something of a commune: {@code full} to those who act in it, {@code shown} to everyone else. */
    public static void publishScoped(Connection c, String event, Object full, Object shown, int communeId) throws SQLException {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("event", event);
        notice.put("full", full);
        notice.put("shown", shown);
        notice.put("commune", communeId);
        send(c, notice);
    }

    private static void send(Connection c, Map<String, Object> notice) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, ChangeFeed.ANNOUNCEMENTS);
            ps.setString(2, JsonCodec.text(notice));
            ps.execute();
        }
    }
}
