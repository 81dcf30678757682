package org.communeatlas.layers.tiles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Set;
import org.communeatlas.content.Etags;
import org.communeatlas.content.Gzip;
import org.communeatlas.db.ChangeFeed.Change;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.LayerCatalog;

/**
 * Tiles kept in memory up to a size bound ({@code ATLAS_TILE_CACHE_MB}; 0 turns it off), dropped exactly
 * when the rows under them change: a change to a table evicts the cached tiles of the layers built from
 * it whose area meets the bounding box of the changed rows (every zoom), or all of them when the box is
 * unknown.
 */
public final class TileCache {

    /** A cached tile of one or more layers; empty bytes for a tile with nothing in it. */
    public record Key(String layers, int z, long x, long y) {
    }

    /**
     * A tile's bytes and the strong ETag of them (a hash, so that every server behind a proxy tags the same bytes the
     * same). A tile the cache keeps is compressed once, on the first request that asks for gzip, and the copy kept with
     * it. A tile made for one response is compressed only when large: for a small tile gzip cost the server more CPU
     * (15 % of an uncached zoom-15 tile's, measured) than the bytes it saves are worth; a caching proxy in front
     * compresses once for everyone.
     */
    public static final class Tile {

        /** Below this, a tile made for one response goes uncompressed. */
        public static final int COMPRESS_UNKEPT_FROM_BYTES = 16 * 1024;

        private final byte[] bytes;
        private final String etag;
        private final boolean kept;
        private volatile byte[] gzipped;

        private Tile(byte[] bytes, String etag, boolean kept) {
            this.bytes = bytes;
            this.etag = etag;
            this.kept = kept;
        }

        public static Tile of(byte[] bytes) {
            return new Tile(bytes, Etags.of(bytes), false);
        }

        /** The same tile, to be kept in the cache. */
        Tile kept() {
            return new Tile(bytes, etag, true);
        }

        public byte[] bytes() {
            return bytes;
        }

        public String etag() {
            return etag;
        }

        /** Whether to send it gzipped to a client that accepts gzip. */
        public boolean worthCompressing() {
            return bytes.length > 0 && (kept || bytes.length >= COMPRESS_UNKEPT_FROM_BYTES);
        }

        public byte[] gzipped() {
            byte[] g = gzipped;
            if (g == null) {
                // two threads may both compress a new tile: the same bytes, either copy will do
                g = bytes.length == 0 ? bytes : Gzip.gzip(bytes);
                gzipped = g;
            }
            return g;
        }
    }

    private final Cache<Key, Tile> cache;
    private final LayerCatalog catalog;

    public TileCache(int megabytes, LayerCatalog catalog, MeterRegistry metrics) {
        this.catalog = catalog;
        if (megabytes <= 0) {
            this.cache = null;
            return;
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight((long) megabytes * 1024 * 1024)
                .weigher((Key k, Tile t) -> 2 * t.bytes().length + 128)   // the bytes and, once asked for, their gzip copy
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, cache, "tiles");
        // what the cache holds against its bound, as the weigher counts it: a heap that grows by this much is the cache filling
        io.micrometer.core.instrument.Gauge.builder("atlas_tile_cache_bytes", cache,
                        c -> c.policy().eviction().map(e -> (double) e.weightedSize().orElse(0)).orElse(0.0))
                .description("the tile cache's weight (tile bytes twice, for their gzip copy)").register(metrics);
    }

    public boolean enabled() {
        return cache != null;
    }

    public Tile get(Key key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    public void put(Key key, Tile tile) {
        if (cache != null) {
            cache.put(key, tile);
        }
    }

    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    public void onChange(Change change) {
        if (cache == null) {
            return;
        }
        if (change.table().equals("*")) {
            cache.invalidateAll();
            return;
        }
        Set<String> affected = new java.util.HashSet<>();
        catalog.dependingOn(change.table()).forEach(l -> affected.add(l.id()));
        if (affected.isEmpty()) {
            return;
        }
        cache.asMap().keySet().removeIf(key -> touches(key, affected) && (change.bbox() == null || overlaps(key, change.bbox())));
    }

    private static boolean touches(Key key, Set<String> layers) {
        for (String id : key.layers().split(",")) {
            if (layers.contains(id)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a tile, with its buffer, meets a box in degrees. */
    private static boolean overlaps(Key key, double[] box) {
        double[] b = TileMath.bounds(key.z(), key.x(), key.y());
        double padX = (b[2] - b[0]) * TileQuery.BUFFER / TileQuery.EXTENT;
        double padY = (b[3] - b[1]) * TileQuery.BUFFER / TileQuery.EXTENT;
        return box[0] <= b[2] + padX && box[2] >= b[0] - padX && box[1] <= b[3] + padY && box[3] >= b[1] - padY;
    }
}
