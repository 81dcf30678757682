package org.communeatlas.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.communeatlas.core.ThrottledException;

/**
 * Conversions that run GDAL (GeoPackage, Excel, the layer exports) take a processor and a database connection for
 * seconds each: unbounded, 32 at once starved the connection pool for everyone (a flood's impact waited 2.3 s). So at
 * most one per processor runs at a time, the rest wait their turn for a while before they start (holding no
 * connection: the wait is in front of the handler), and one client has at most {@link #PER_CLIENT} under way —
 * beyond that a 429, and a wait past {@link #WAIT} a 503, each with Retry-After.
 */
public final class HeavyWork {

    /** Conversions one client (one address) may have under way at once. */
    static final int PER_CLIENT = 2;
    /** How long a conversion waits for its turn before it is refused. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Semaphore slots;
    private final ConcurrentHashMap<String, AtomicInteger> underWay = new ConcurrentHashMap<>();

    public HeavyWork(int concurrent) {
        this.slots = new Semaphore(concurrent, true);
    }

    /** One conversion at a time per processor of this machine. */
    public static HeavyWork perProcessor() {
        return new HeavyWork(Runtime.getRuntime().availableProcessors());
    }

    /** {@code handler} run within the bounds. */
    public Handler bounded(Handler handler) {
        return ctx -> run(ctx, handler);
    }

    private void run(Context ctx, Handler handler) throws Exception {
        String client = Requests.address(ctx);
        AtomicInteger mine = underWay.compute(client, (k, n) -> n == null ? new AtomicInteger(1) : increment(n));
        try {
            if (mine.get() > PER_CLIENT) {
                throw new ThrottledException("Bạn đang có " + PER_CLIENT + " tệp đang được tạo; đợi chúng xong rồi tải tiếp", 5);
            }
            if (!slots.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                ctx.header("Retry-After", "10");
                throw ProblemException.unavailable("Máy chủ đang tạo nhiều tệp cùng lúc; thử lại sau ít giây");
            }
            try {
                handler.handle(ctx);
            } finally {
                slots.release();
            }
        } finally {
            underWay.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private static AtomicInteger increment(AtomicInteger n) {
        n.incrementAndGet();
        return n;
    }

    /** Conversions waiting for their turn now (for /metrics). */
    public int waiting() {
        return slots.getQueueLength();
    }
}
