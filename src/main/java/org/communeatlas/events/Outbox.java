package org.communeatlas.events;

import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What one listening map has yet to be sent. Events are added as text under the lock that numbers them (no I/O there)
 * and written out a few times a second in one write, off that lock: with a thousand maps listening, an event costs a
 * string append per map, not a blocking write and flush per map while every other publisher waits, and a phone that
 * reads slowly delays nobody else. A map that falls {@link #LIMIT} characters behind is dropped; EventSource
 * reconnects with Last-Event-ID and catches up from the events kept, or is told to reload.
 */
final class Outbox {

    /** About a thousand events behind. */
    static final int LIMIT = 1 << 20;

    private StringBuilder pending = new StringBuilder();
    private boolean writing;
    private boolean closed;

    /** Adds an event (or a comment) as its text; false when the map is too far behind to keep. */
    synchronized boolean add(String text) {
        if (closed) {
            return true;
        }
        pending.append(text);
        return pending.length() <= LIMIT;
    }

    /** The text to write now, or null: nothing pending, or a write still under way. */
    synchronized String take() {
        if (closed || writing || pending.isEmpty()) {
            return null;
        }
        String text = pending.toString();
        pending = new StringBuilder();
        writing = true;
        return text;
    }

    synchronized void written() {
        writing = false;
    }

    /** Nothing more goes out (the stream ended or its credential did). */
    synchronized void close() {
        closed = true;
        pending = new StringBuilder();
    }

    /** Writes {@code text} to the client's stream; false when the stream is gone. */
    static boolean write(SseClient client, String text) {
        try {
            OutputStream out = client.ctx().res().getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** An event as the stream carries it (data split at line ends, as the format requires). */
    static String event(String event, String data, String id) {
        StringBuilder b = new StringBuilder(data.length() + 64);
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: ").append(event).append('\n');
        for (String line : data.split("\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        return b.append('\n').toString();
    }

    static String comment(String text) {
        return ": " + text + "\n\n";
    }
}
