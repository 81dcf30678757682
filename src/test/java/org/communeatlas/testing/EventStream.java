package org.communeatlas.testing;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A live map's view of {@code /api/events}: every event it receives, as "name data" lines, read on a thread of its own. */
public final class EventStream implements AutoCloseable {

    /** One Server-Sent Event: its name, its data, its id (null when it has none). */
    public record Event(String name, String data, String id) {
    }

    private final List<Event> events = new ArrayList<>();
    private final CountDownLatch hello = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final InputStream body;

    /** Connects as whoever {@code headers} say (a Cookie, a Last-Event-ID), and waits for the server's hello. */
    public EventStream(String base, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/events")).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(5));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        body = r.body();
        Thread reader = new Thread(this::read, "event-stream");
        reader.setDaemon(true);
        reader.start();
        if (!hello.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no hello from " + base + "/api/events");
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.isEmpty() && name != null) {
                    if (name.equals("hello")) {
                        hello.countDown();
                    }
                    synchronized (events) {
                        events.add(new Event(name, data.toString(), id));
                        events.notifyAll();
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                }
            }
        } catch (java.io.IOException closed) {
            // the stream ended
        } finally {
            ended.countDown();
        }
    }

    /** Waits until the server has ended the stream; true when it did within {@code timeout}. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until an event matching {@code wanted} has come (or the time is up); returns it, or null. */
    public Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (wanted.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
