package org.communeatlas.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Requests at fixed rates, sent asynchronously (a burst of 256 needs no 256 threads), each timed and its answer kept by
 * route. A 503 is expected only from a request that was in the air while the database was restarting; any other 5xx,
 * and any request left without an answer, is counted against the server.
 */
final class SurgeLoad implements AutoCloseable {

    /** One route's answers: latencies in milliseconds and statuses. */
    static final class Route {
        private final List<Float> millis = new ArrayList<>();
        private final Map<Integer, Integer> statuses = new TreeMap<>();
        private int expected503;
        private int unexpected5xx;
        private final Map<String, Integer> failures = new TreeMap<>();

        synchronized void add(double ms, int status, boolean duringRestart) {
            millis.add((float) ms);
            statuses.merge(status, 1, Integer::sum);
            if (status == 503 && duringRestart) {
                expected503++;
            } else if (status >= 500) {
                unexpected5xx++;
            }
        }

        synchronized void failed(Throwable error) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            failures.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
        }

        synchronized String summary() {
            List<Float> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return String.format("%,7d requests  p50 %7.1f ms  p99 %8.1f ms  %s%s%s", sorted.size(), quantile(sorted, 0.50), quantile(sorted, 0.99),
                    statuses, expected503 > 0 ? "  (503 while the database restarted: " + expected503 + ")" : "",
                    failures.isEmpty() ? "" : "  no answer: " + failures);
        }

        synchronized int unexpected5xx() {
            return unexpected5xx;
        }

        synchronized int expected503() {
            return expected503;
        }

        synchronized int failedCount() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        private static double quantile(List<Float> sorted, double q) {
            return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
        }
    }

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean recording;
    private volatile boolean paused;
    private volatile long restartFrom = Long.MAX_VALUE;
    private volatile long restartUntil = Long.MAX_VALUE;

    /** Runs {@code issue} every {@code period} until closed (it sends its requests with {@link #send}). */
    void every(Duration period, Runnable issue) {
        ticks.scheduleAtFixedRate(() -> {
            if (paused) {
                return;
            }
            try {
                issue.run();
            } catch (RuntimeException e) {
                System.err.println("surge: " + e);
            }
        }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Nothing is issued while paused (a quiet reading of the server). */
    void pause(boolean on) {
        paused = on;
    }

    /** Answers are kept from now on (the warm-up's are not). */
    void record(boolean on) {
        recording = on;
    }

    /** The database went down now; {@link #databaseBack()} says when it answered again. */
    void databaseRestarting() {
        restartFrom = System.nanoTime();
    }

    void databaseBack() {
        restartUntil = System.nanoTime();
    }

    /** Sends {@code request}, times it under {@code route}, and gives a successful answer to {@code onAnswer}. */
    CompletableFuture<HttpResponse<String>> send(String route, HttpRequest request, Consumer<HttpResponse<String>> onAnswer) {
        long started = System.nanoTime();
        boolean kept = recording;
        inFlight.incrementAndGet();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
            long ended = System.nanoTime();
            inFlight.decrementAndGet();
            if (kept) {
                Route stats = routes.computeIfAbsent(route, k -> new Route());
                if (r == null) {
                    stats.failed(error);
                } else {
                    // in the air while the database was down: from before it went until it answered again
                    boolean duringRestart = started <= restartUntil && ended >= restartFrom;
                    stats.add((ended - started) / 1e6, r.statusCode(), duringRestart);
                }
            }
            if (r != null && onAnswer != null) {
                onAnswer.accept(r);
            }
        });
    }

    /** Stops issuing, and waits up to {@code timeout} for the requests in the air. */
    void drain(Duration timeout) throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    Map<String, Route> routes() {
        return new TreeMap<>(routes);
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
