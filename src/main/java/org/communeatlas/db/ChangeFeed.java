package org.communeatlas.db;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changed in the database, whoever changed it: the schema's triggers announce every write to a
 * published table on channel {@code atlas_change} with the bounding box of the rows touched, and this
 * feed listens on a connection of its own and hands each change to its subscribers (tile cache, data
 * versions, live events). When the listening connection is lost, changes may have been missed: on
 * reconnecting the feed announces a {@link Change#RESYNC} so subscribers forget everything they cached.
 * It listens on the primary (LISTEN does not work on a standby), so every server instance hears every change, and also
 * on channel {@code atlas_event} for the live events a transaction announces ({@link #ANNOUNCEMENTS}).
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /**
     * A change to a table.
     *
     * @param table the table, or "*" for a resync
     * @param op    INSERT, UPDATE, DELETE, TRUNCATE or RESYNC
     * @param bbox  [minLon, minLat, maxLon, maxLat] of the rows touched, or null when unknown (everything)
     */
    public record Change(String table, String op, double[] bbox) {
        public static final Change RESYNC = new Change("*", "RESYNC", null);

        public boolean affects(String t) {
            return table.equals("*") || table.equals(t);
        }
    }

    /** The channel of live events announced by a transaction, heard by every server instance once it commits. */
    public static final String ANNOUNCEMENTS = "atlas_event";

    private final String url;
    private final List<Consumer<Change>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> announcementSubscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ChangeFeed(String url) {
        this.url = url;
        this.thread = new Thread(this::loop, "change-feed");
        this.thread.setDaemon(true);
    }

    /** Starts listening to the database at {@code url}. */
    public static ChangeFeed listen(String url) {
        ChangeFeed feed = new ChangeFeed(url);
        feed.thread.start();
        return feed;
    }

    public void subscribe(Consumer<Change> subscriber) {
        subscribers.add(subscriber);
    }

    /** Hears the payload of every announcement on {@link #ANNOUNCEMENTS}. */
    public void subscribeAnnouncements(Consumer<String> subscriber) {
        announcementSubscribers.add(subscriber);
    }

    private void announce(String payload) {
        for (Consumer<String> s : announcementSubscribers) {
            try {
                s.accept(payload);
            } catch (RuntimeException e) {
                log.warn("announcement subscriber failed: {}", e.toString());
            }
        }
    }

    /** Hands a change to every subscriber (the server also calls this right after its own writes commit). */
    public void publish(Change change) {
        for (Consumer<Change> s : subscribers) {
            try {
                s.accept(change);
            } catch (RuntimeException e) {
                log.warn("change subscriber failed on {}: {}", change.table(), e.toString());
            }
        }
    }

    private void loop() {
        boolean first = true;
        while (running) {
            Properties props = new Properties();
            props.setProperty("ApplicationName", "commune-atlas-changes");
            props.setProperty("connectTimeout", "3");
            props.setProperty("tcpKeepAlive", "true");
            try (Connection c = DriverManager.getConnection(url, props)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN atlas_change");
                    s.execute("LISTEN " + ANNOUNCEMENTS);
                }
                if (!first) {
                    log.info("change feed reconnected; caches resynchronised");
                    publish(Change.RESYNC);
                }
                first = false;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes == null) {
                        // a dead connection only shows itself when used
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification n : notes) {
                        if (ANNOUNCEMENTS.equals(n.getName())) {
                            announce(n.getParameter());
                        } else {
                            publish(parse(n.getParameter()));
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    first = false;
                    sleep(1_000);
                }
            }
        }
    }

    static Change parse(String payload) {
        try {
            JsonNode node = JsonCodec.MAPPER.readTree(payload);
            JsonNode bbox = node.get("bbox");
            double[] box = null;
            if (bbox != null && bbox.isArray() && bbox.size() == 4) {
                box = new double[] {bbox.get(0).asDouble(), bbox.get(1).asDouble(), bbox.get(2).asDouble(), bbox.get(3).asDouble()};
            }
            return new Change(node.path("table").asText("*"), node.path("op").asText(""), box);
        } catch (java.io.IOException e) {
            return Change.RESYNC;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
