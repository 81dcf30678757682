package org.communeatlas.events;

import org.communeatlas.core.JsonCodec;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.ChangeFeed.Change;

/**
 * {@code GET /api/events}: Server-Sent Events for live maps — household status and site occupancy changes made
 * through the server, and a "change" event (table and bounding box) for every write to a published table, whoever
 * made it. What a client receives depends on who it is: a household's change in full (its id, its site) only for
 * those who may see that household's commune, its village and status for everyone else; where a household changed
 * (the bounding box of its point) only for admins.
 */
public final class EventBus implements AutoCloseable {

    /** Tables whose rows are people's: the box of a change would point at a family's house. */
    private static final Set<String> PERSONAL_TABLES = Set.of("household", "app_user", "app_session", "audit_log");

    /** A listening map: who is asking, and the session it came with (closed when that session ends). */
    private record Listener(Viewer viewer, String session) {
    }

    private final Map<SseClient, Listener> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public EventBus() {
        // a comment every 20 s keeps proxies from closing quiet streams
        heartbeat.scheduleAtFixedRate(() -> clients.keySet().forEach(c -> send(c, () -> c.sendComment("keep-alive"))), 20, 20, TimeUnit.SECONDS);
    }

    /** A map starts listening, as {@code viewer} within {@code session} (null when anonymous). */
    public void subscribe(SseClient client, Viewer viewer, String session) {
        client.keepAlive();
        clients.put(client, new Listener(viewer, session));
        client.onClose(() -> clients.remove(client));
        send(client, () -> client.sendEvent("hello", "{\"clients\":" + clients.size() + "}"));
    }

    /** An event of public data, to everyone. */
    public void publish(String event, Object data) {
        String json = JsonCodec.text(data);
        clients.keySet().forEach(c -> send(c, () -> c.sendEvent(event, json)));
    }

    /**
     * An event about something of a commune: {@code full} to those who act in it (its officers, admins), {@code shown}
     * (what anyone may see of it) to everyone else.
     */
    public void publishScoped(String event, Object full, Object shown, int communeId) {
        String fullJson = JsonCodec.text(full);
        String shownJson = JsonCodec.text(shown);
        clients.forEach((c, l) -> {
            String json = l.viewer().actsIn(communeId) ? fullJson : shownJson;
            send(c, () -> c.sendEvent(event, json));
        });
    }

    /** The maps of a session that ended stop hearing what the session could see. */
    public void closeSession(String session) {
        clients.forEach((c, l) -> {
            if (session.equals(l.session())) {
                clients.remove(c);
                c.close();
            }
        });
    }

    /** Writes to one client; a client that has gone is dropped, never allowed to disturb the others. */
    private void send(SseClient c, Runnable write) {
        if (c.terminated()) {
            clients.remove(c);
            return;
        }
        try {
            // requests publish from many threads at once; one client's stream takes one event at a time,
            // or two events' lines interleave and the browser drops both
            synchronized (c) {
                write.run();
            }
        } catch (RuntimeException gone) {
            clients.remove(c);
        }
    }

    /** Every database change, as the change feed reports it; where a person's row changed, only admins hear where. */
    public void onChange(Change change) {
        Map<String, Object> shown = Map.of("table", change.table(), "op", change.op());
        if (change.bbox() == null) {
            publish("change", shown);
            return;
        }
        Map<String, Object> full = Map.of("table", change.table(), "op", change.op(), "bbox", change.bbox());
        if (!PERSONAL_TABLES.contains(change.table())) {
            publish("change", full);
            return;
        }
        String fullJson = JsonCodec.text(full);
        String shownJson = JsonCodec.text(shown);
        clients.forEach((c, l) -> send(c, () -> c.sendEvent("change", l.viewer().isAdmin() ? fullJson : shownJson)));
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.keySet().forEach(SseClient::close);
    }
}
