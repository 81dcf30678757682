package org.communeatlas.layers.tiles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Set;
import org.communeatlas.db.ChangeFeed.Change;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.web.Compression;
import org.communeatlas.web.Etags;

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

    /** A tile's bytes, the same gzip-compressed, and the entity tag of the uncompressed bytes. */
    public record Tile(byte[] bytes, byte[] gzipped, String etag) {

        /** A tile as the server sends it: the bytes, gzipped once here rather than on every response, and a strong ETag. */
        public static Tile of(byte[] bytes) {
            return new Tile(bytes, bytes.length == 0 ? bytes : Compression.gzip(bytes), Etags.of(bytes));
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
                .weigher((Key k, Tile t) -> t.bytes().length + t.gzipped().length + 128)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, cache, "tiles");
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
