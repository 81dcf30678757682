package org.communeatlas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Live-map listeners: event streams held open and their lines counted, none with a thread of its own. */
final class SseListeners implements AutoCloseable {

    private final HttpClient http;
    private final List<Flow.Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();

    SseListeners(HttpClient http) {
        this.http = http;
    }

    /** Opens {@code count} streams of {@code root}/api/events, as the public map does, and waits until all are open. */
    void open(String root, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            http.sendAsync(HttpRequest.newBuilder(URI.create(root + "/api/events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            subscriptions.add(s);
                            open.incrementAndGet();
                            s.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(String line) {
                            lines.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable e) {
                            open.decrementAndGet();
                        }

                        @Override
                        public void onComplete() {
                            open.decrementAndGet();
                        }
                    }));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (open.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (open.get() < count) {
            throw new IllegalStateException("only " + open.get() + " of " + count + " event streams opened in a minute");
        }
    }

    long lines() {
        return lines.get();
    }

    int open() {
        return open.get();
    }

    @Override
    public void close() {
        subscriptions.forEach(Flow.Subscription::cancel);
    }
}
