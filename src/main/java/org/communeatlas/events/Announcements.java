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

    /**
     * PostgreSQL refuses a notification of 8,000 bytes or more, and with it the transaction that sent it: a call for help
     * whose words were long would be lost. Below this the notice goes whole; above it those who act in the commune hear
     * what everyone hears and read the rest from the API, and a public notice that is still too long is cut to its id.
     */
    static final int MAX_PAYLOAD_BYTES = 7_000;

    private static boolean tooLong(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES;
    }

    private static void send(Connection c, Map<String, Object> notice) throws SQLException {
        String text = JsonCodec.text(notice);
        if (tooLong(text) && notice.containsKey("shown")) {
            notice.put("full", notice.get("shown"));
            text = JsonCodec.text(notice);
        }
        if (tooLong(text)) {
            Map<String, Object> small = new LinkedHashMap<>();
            small.put("id", JsonCodec.MAPPER.valueToTree(notice.get("full")).get("id"));
            small.put("truncated", true);
            notice.put("full", small);
            notice.remove("shown");
            notice.remove("commune");
            text = JsonCodec.text(notice);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, ChangeFeed.ANNOUNCEMENTS);
            ps.setString(2, text);
            ps.execute();
        }
    }
}
