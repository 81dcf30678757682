package org.communeatlas.layers;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.communeatlas.db.ChangeFeed.Change;

/**
 * A version number per table, raised by every change the feed reports. A layer's version joins those of
 * its source tables; responses streamed from the database take their ETag from it, and a tile computed
 * while its layer's version moved is not cached (it may hold data from before the change).
 */
public final class DataVersions {

    /** Differs per process, so that ETags from before a restart are never taken for current. */
    private final long epoch = System.currentTimeMillis();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final AtomicLong everything = new AtomicLong();
    private final Map<String, AtomicLong[]> counters = new ConcurrentHashMap<>();

    public void onChange(Change change) {
        if (change.table().equals("*")) {
            everything.incrementAndGet();
        } else {
            versions.computeIfAbsent(change.table(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    public String of(Layer layer) {
        StringBuilder sb = new StringBuilder(32).append(epoch).append('.').append(everything.get());
        for (AtomicLong v : counters.computeIfAbsent(layer.id(), id -> countersOf(layer))) {
            sb.append('.').append(v.get());
        }
        return sb.toString();
    }

    /** A layer's tables' counters in name order, looked up once: every tile request asks twice. */
    private AtomicLong[] countersOf(Layer layer) {
        return new TreeSet<>(layer.sourceTables()).stream()
                .map(table -> versions.computeIfAbsent(table, k -> new AtomicLong()))
                .toArray(AtomicLong[]::new);
    }
}
