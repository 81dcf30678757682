package org.communeatlas.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.sse.SseClient;
import org.communeatlas.core.JsonCodec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.ChangeFeed.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: Server-Sent Events for live maps — household status and site occupancy changes made
 * through the server, and a "change" event (table and bounding box) for every write to a published table, whoever
 * made it. What a client receives depends on who it is: a household's change in full (its id, its site) only for
 * those who may see that household's commune, its village and status for everyone else; where a household changed
 * (the bounding box of its point) only for admins.
 * <p>
 * Every event carries an id; the last 1,000 are kept, so that a map whose connection dropped (a phone in a flood)
 * and reconnects with {@code Last-Event-ID} — as EventSource does by itself — receives the ones it missed, shown as
 * it may see them now. One it cannot be given (older than those kept, or from before a restart) gets a "resync" event:
 * reload what you show.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    /** Tables whose rows are people's: the box of a change would point at a family's house. */
    private static final Set<String> PERSONAL_TABLES = Set.of("household", "app_user", "app_session", "audit_log");

    /**
     * A listening map: who is asking (as of the last check of its credential), and the credential it came with — a
     * session or an API token, null when anonymous — so that it closes when that credential ends.
     */
    private record Listener(Viewer viewer, String credential, Outbox outbox) {
    }

    /**
     * Which credentials are still good, and what their users may see now: a stream outlives the request that opened it,
     * so a user disabled, a token revoked, a password changed or a session expired must end it too, and a change of role
     * or communes must change what it hears.
     */
    public interface Credentials {
        /** Of {@code credentials}, those still live, each with its user's current rights; throws when it cannot tell. */
        Map<String, Viewer> live(Set<String> credentials) throws Exception;
    }

    /** How often the credentials of open streams are checked: a revoked one hears nothing more after this. */
    static final long CHECK_MILLIS = 500;

    private volatile Credentials credentials;

    /** Events kept for clients that reconnect. */
    static final int REPLAYED_EVENTS = 1_000;

    /** One event as sent: its number, its name, and its data as each listener may see it. */
    private record Sent(long number, String event, Function<Listener, String> json) {
    }

    private final Map<SseClient, Listener> clients = new ConcurrentHashMap<>();
    /** Ids are this process's start and a number, so that an id from another process is never taken for ours. */
    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final Deque<Sent> recent = new ArrayDeque<>();
    private long lastNumber;
    /** How often the maps' outboxes are written out: an event reaches a map within this. */
    static final long FLUSH_MILLIS = 100;

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sse-heartbeat"));
    /** Two writers: a stream whose write blocks (a phone on a bad link) leaves the other to write the rest. */
    private final ExecutorService writers = Executors.newFixedThreadPool(2, r -> daemon(r, "sse-writer"));

    public EventBus() {
        // a comment every 20 s keeps proxies from closing quiet streams
        heartbeat.scheduleAtFixedRate(() -> clients.forEach((c, l) -> queue(c, l, Outbox.comment("keep-alive"))), 20, 20, TimeUnit.SECONDS);
        heartbeat.scheduleWithFixedDelay(this::checkCredentials, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        heartbeat.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Where the credentials of open streams are checked; until set, streams end only when signed out. */
    public void checkCredentialsWith(Credentials check) {
        this.credentials = check;
    }

    /**
     * Ends the streams whose credential is no longer live and gives the others their users' current rights. Events are
     * sent under the same lock, so none goes out between a revocation seen here and its stream's end. When the database
     * cannot say (an outage), streams stay as they are: busy or down is not revoked.
     */
    private void checkCredentials() {
        Credentials check = credentials;
        if (check == null) {
            return;
        }
        Set<String> held = new java.util.HashSet<>();
        clients.values().forEach(l -> {
            if (l.credential() != null) {
                held.add(l.credential());
            }
        });
        if (held.isEmpty()) {
            return;
        }
        Map<String, Viewer> live;
        try {
            live = check.live(held);
        } catch (Exception e) {
            log.debug("could not check the credentials of live streams: {}", e.toString());
            return;
        }
        synchronized (recent) {
            clients.forEach((c, l) -> {
                if (l.credential() == null) {
                    return;
                }
                Viewer now = live.get(l.credential());
                if (now == null) {
                    drop(c, l);
                } else if (!now.equals(l.viewer())) {
                    clients.put(c, new Listener(now, l.credential(), l.outbox()));
                }
            });
        }
    }

    /** A map starts listening, as {@code viewer} with {@code credential} (null when anonymous). */
    public void subscribe(SseClient client, Viewer viewer, String credential) {
        client.keepAlive();
        Listener listener = new Listener(viewer, credential, new Outbox());
        String lastSeen = client.ctx().header("Last-Event-ID");
        // registering and replaying under the lock that numbers events: none is missed or sent twice in between
        synchronized (recent) {
            clients.put(client, listener);
            client.onClose(() -> drop(client, listener));
            queue(client, listener, Outbox.event("hello", "{\"clients\":" + clients.size() + "}", null));
            if (lastSeen != null && !lastSeen.isBlank()) {
                replay(client, listener, lastSeen.strip());
            }
        }
    }

    private void replay(SseClient client, Listener listener, String lastSeen) {
        long seen = numberOf(lastSeen);
        long oldestKept = recent.isEmpty() ? lastNumber + 1 : recent.peekFirst().number();
        if (seen < 0 || seen > lastNumber || seen + 1 < oldestKept) {
            String json = JsonCodec.text(Map.of("last_event_id", lastSeen, "reason", "the events since then are no longer kept here: reload"));
            queue(client, listener, Outbox.event("resync", json, id(lastNumber)));
            return;
        }
        for (Sent e : recent) {
            if (e.number() > seen) {
                queue(client, listener, Outbox.event(e.event(), e.json().apply(listener), id(e.number())));
            }
        }
    }

    /** The number in one of our ids, or -1 when the id is not ours (another process, or not an id at all). */
    private long numberOf(String id) {
        int dash = id.lastIndexOf('-');
        if (dash <= 0 || !id.substring(0, dash).equals(epoch)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String id(long number) {
        return epoch + "-" + number;
    }

    /** Numbers an event, keeps it for reconnecting clients, and queues it for each listener as it may see it. */
    private void emit(String event, Function<Listener, String> json) {
        synchronized (recent) {
            Sent sent = new Sent(++lastNumber, event, json);
            recent.addLast(sent);
            if (recent.size() > REPLAYED_EVENTS) {
                recent.removeFirst();
            }
            String id = id(sent.number());
            clients.forEach((c, l) -> queue(c, l, Outbox.event(event, json.apply(l), id)));
        }
    }

    /** An event of public data, to everyone. */
    public void publish(String event, Object data) {
        String json = JsonCodec.text(data);
        emit(event, l -> json);
    }

    /** An event a transaction announced ({@link Announcements}), heard from the change feed by every instance. */
    public void onAnnouncement(String payload) {
        JsonNode notice;
        try {
            notice = JsonCodec.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            log.warn("an announcement that is not JSON was ignored");
            return;
        }
        String event = notice.path("event").asText("");
        String fullJson = JsonCodec.text(notice.path("full"));
        if (event.isEmpty()) {
            return;
        }
        if (notice.hasNonNull("commune")) {
            int communeId = notice.get("commune").asInt();
            String shownJson = JsonCodec.text(notice.path("shown"));
            emit(event, l -> l.viewer().actsIn(communeId) ? fullJson : shownJson);
        } else {
            emit(event, l -> fullJson);
        }
    }

    /** The maps of a credential that ended (a session signed out) stop hearing what it could see. */
    public void closeSession(String credential) {
        synchronized (recent) {
            clients.forEach((c, l) -> {
                if (credential.equals(l.credential())) {
                    drop(c, l);
                }
            });
        }
    }

    /** Adds text to a map's outbox; a map gone, or too far behind to keep, is dropped. */
    private void queue(SseClient c, Listener l, String text) {
        if (c.terminated() || !l.outbox().add(text)) {
            drop(c, l);
        }
    }

    /** Writes every outbox with something pending, each in one write, on the writers (one write per stream at a time). */
    private void flush() {
        clients.forEach((c, l) -> {
            String text = l.outbox().take();
            if (text == null) {
                return;
            }
            try {
                writers.execute(() -> {
                    try {
                        if (!Outbox.write(c, text)) {
                            drop(c, l);
                        }
                    } finally {
                        l.outbox().written();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                l.outbox().written();
            }
        });
    }

    /** A map that stops listening: nothing more is written to it. */
    private void drop(SseClient c, Listener l) {
        l.outbox().close();
        if (clients.remove(c) != null) {
            c.close();
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
        emit("change", l -> l.viewer().isAdmin() ? fullJson : shownJson);
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        writers.shutdownNow();
        clients.forEach(this::drop);
    }
}
