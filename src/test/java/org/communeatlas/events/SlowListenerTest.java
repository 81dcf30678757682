package org.communeatlas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.EventStream;
import org.junit.jupiter.api.Test;

/**
 * A thousand maps listen at a flood's peak, and some are phones on a failing link: a map that stops reading must not hold
 * up the others' events, nor the request that published them, nor grow the server's memory without bound — it is
 * dropped once it falls a megabyte behind (its EventSource reconnects and catches up, or is told to reload).
 */
class SlowListenerTest extends DemoServerTest {

    @Test
    void aMapThatStopsReadingIsDroppedAndTheOthersHearEverything() throws Exception {
        EventBus bus = server.services().events();
        URI base = URI.create(server.base());
        try (EventStream reading = new EventStream(server.base());
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096); // before connecting: the window it offers stays small
            stalled.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/events HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (bus.clients() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, bus.clients(), "both maps listening");
            // 60 events of 64 KB, a little slower than the outboxes are written: 3.8 MB the stalled map never reads
            String filler = "x".repeat(64 * 1024);
            long publishNanos = 0;
            for (int i = 0; i < 60; i++) {
                long t0 = System.nanoTime();
                bus.publish("test-fill", Map.of("n", i, "filler", filler));
                publishNanos += System.nanoTime() - t0;
                Thread.sleep(EventBus.FLUSH_MILLIS + 20);
            }
            assertNotNull(reading.await(e -> e.name().equals("test-fill") && e.data().contains("\"n\":59"), Duration.ofSeconds(10)),
                    () -> "the reading map hears the last event; it heard " + reading.events().stream().filter(e -> e.name().equals("test-fill")).count()
                            + " of 60, ended: " + uncheckedEnded(reading) + ", maps listening: " + bus.clients());
            assertEquals(60, reading.events().stream().filter(e -> e.name().equals("test-fill")).count(), "and every one before it");
            deadline = System.nanoTime() + 10_000_000_000L;
            while (bus.clients() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, bus.clients(), "the stalled map is dropped");
            System.out.printf("60 events of 64 KB published in %.1f ms in all with a stalled map listening%n", publishNanos / 1e6);
        }
    }

    private static boolean uncheckedEnded(EventStream s) {
        try {
            return s.awaitEnd(Duration.ZERO);
        } catch (InterruptedException e) {
            return false;
        }
    }
}
