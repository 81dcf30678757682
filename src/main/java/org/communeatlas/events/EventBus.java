package org.communeatlas.events;

import org.communeatlas.core.JsonCodec;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.communeatlas.db.ChangeFeed.Change;

/**
 * {@code GET /api/events}: Server-Sent Events for live maps. Events carry no personal data, so every
 * client gets the same stream: household status and site occupancy changes made through the server, and
 * a "change" event (table and bounding box) for every write to a published table, whoever made it.
 */
public final class EventBus implements AutoCloseable {

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public EventBus() {
        // a comment every 20 s keeps proxies from closing quiet streams
        heartbeat.scheduleAtFixedRate(() -> clients.forEach(c -> send(c, () -> c.sendComment("keep-alive"))), 20, 20, TimeUnit.SECONDS);
    }

    public void subscribe(SseClient client) {
        client.keepAlive();
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        send(client, () -> client.sendEvent("hello", "{\"clients\":" + clients.size() + "}"));
    }

    public void publish(String event, Object data) {
        String json = new String(JsonCodec.bytes(data), java.nio.charset.StandardCharsets.UTF_8);
        for (SseClient c : clients) {
            send(c, () -> c.sendEvent(event, json));
        }
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

    /** Every database change, as the change feed reports it. */
    public void onChange(Change change) {
        publish("change", change.bbox() == null ? Map.of("table", change.table(), "op", change.op())
                : Map.of("table", change.table(), "op", change.op(), "bbox", change.bbox()));
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
