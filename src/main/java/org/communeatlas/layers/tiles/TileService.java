package org.communeatlas.layers.tiles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Jdbc;
import org.communeatlas.layers.DataVersions;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.LayerCatalog;

/**
 * Makes vector tiles: one ST_AsMVT per layer (layers of a merged tile concatenated, which is how MVT
 * layers combine), served from the cache when it holds them. A tile computed while one of its layers
 * changed is served but not cached.
 */
public final class TileService {

    private final Map<String, TileQuery> queries = new LinkedHashMap<>();
    private final DataSource reader;
    private final DataSource genericPlanReader;
    private final TileCache cache;
    private final DataVersions versions;
    private final Counter hits;
    private final Counter misses;
    private final Timer renderTime;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /**
     * Tiles from this zoom are read with generic plans: one request at a time over 200 tiles of every layer, generic
     * plans were faster or equal at every zoom from 11 (planning is most of a small tile's cost), while from 8 to 10
     * custom plans won for some layers (villages at zoom 10: 8.3 against 11.4 ms).
     */
    public static final int GENERIC_PLANS_FROM_ZOOM = 11;

    public TileService(LayerCatalog catalog, DataSource reader, DataSource genericPlanReader, TileCache cache, DataVersions versions,
                       MeterRegistry metrics) {
        catalog.all().forEach(l -> queries.put(l.id(), new TileQuery(l)));
        this.reader = reader;
        this.genericPlanReader = genericPlanReader;
        this.cache = cache;
        this.versions = versions;
        this.hits = Counter.builder("atlas_tile_cache_requests").tag("result", "hit").register(metrics);
        this.misses = Counter.builder("atlas_tile_cache_requests").tag("result", "miss").register(metrics);
        this.renderTime = Timer.builder("atlas_tile_render").description("time to build a tile in PostGIS").register(metrics);
    }

    /**
     * Applies a database change: raises the versions of the tables and drops the cached tiles under it, as
     * one step. Cache reads and writes take the read side of the same lock, so no request can find a tile
     * the change made stale, nor cache one built from data older than the change.
     */
    public void apply(ChangeFeed.Change change) {
        lock.writeLock().lock();
        try {
            versions.onChange(change);
            cache.onChange(change);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public TileQuery query(String layerId) {
        return queries.get(layerId);
    }

    /** The tile when the cache holds it now, else null (counted as a hit only when found: a miss is counted when it is made). */
    public TileCache.Tile cached(TileRequest r) {
        lock.readLock().lock();
        try {
            TileCache.Tile cached = cache.get(r.key());
            if (cached != null) {
                hits.increment();
            }
            return cached;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The tile, from the cache or made now; empty bytes when nothing is there. A request the admission found missing looks
     * again here: while it waited its turn, the request ahead of it may have made the same tile (a map's neighbours ask
     * for the same tiles at once).
     */
    public TileCache.Tile tile(TileRequest r) {
        List<Layer> layers = r.layers();
        int z = r.z();
        long x = r.x();
        long y = r.y();
        TileCache.Key key = r.key();
        List<String> before;
        lock.readLock().lock();
        try {
            TileCache.Tile cached = cache.get(key);
            if (cached != null) {
                hits.increment();
                return cached;
            }
            before = layers.stream().map(versions::of).toList();
        } finally {
            lock.readLock().unlock();
        }
        misses.increment();
        byte[] bytes = renderTime.record(() -> render(layers, z, x, y));
        TileCache.Tile tile = TileCache.Tile.of(bytes);
        lock.readLock().lock();
        try {
            // a change that arrived while the tile was being built makes it unfit to keep
            if (cache.enabled() && before.equals(layers.stream().map(versions::of).toList())) {
                tile = tile.kept();
                cache.put(key, tile);
            }
        } finally {
            lock.readLock().unlock();
        }
        return tile;
    }

    /** Runs the layers' tile SQL directly (also used by the benchmark to compare HTTP with SQL). */
    public byte[] render(List<Layer> layers, int z, long x, long y) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = (z >= GENERIC_PLANS_FROM_ZOOM ? genericPlanReader : reader).getConnection()) {
            for (Layer layer : layers) {
                TileQuery q = queries.get(layer.id());
                try (PreparedStatement ps = c.prepareStatement(q.sql(z))) {
                    Jdbc.bind(ps, q.params(z, x, y));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            byte[] b = rs.getBytes(1);
                            if (b != null) {
                                out.writeBytes(b);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tile " + key(layers) + "/" + z + "/" + x + "/" + y + " failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static String key(List<Layer> layers) {
        return layers.stream().map(Layer::id).collect(Collectors.joining(","));
    }
}
