package org.communeatlas.layers.tiles;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.communeatlas.db.Database;
import org.communeatlas.layers.LayerCatalog;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Lets as many tile requests that need the database in as there are tile connections; the others wait suspended,
 * without a thread, and go in as one finishes. Without it every request of a busy map took a thread that then slept
 * on the connection pool: 8.7 thread switches per uncached tile, a third of the server's CPU per tile spent in the
 * kernel putting threads to sleep and waking them (measured at zoom 15, 16 connections, two cores). Tiles the cache
 * holds, and every other request, are not held back.
 */
public final class TileAdmission extends QoSHandler {

    /** A request waits at most as long for its turn as a tile's statement may run, then gets a 503. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(Database.STATEMENT_TIMEOUT_SECONDS);
    /** Beyond this many waiting, a tile request is answered 503 at once. */
    static final int MOST_WAITING = 2_000;

    public TileAdmission(LayerCatalog catalog, TileService tiles, int renders, MeterRegistry metrics) {
        setMaxRequestCount(renders);
        setMaxSuspend(LONGEST_WAIT);
        setMaxSuspendedRequestCount(MOST_WAITING);
        include(request -> needsDatabase(catalog, tiles, request));
        Gauge.builder("atlas_tile_requests_waiting", this, QoSHandler::getSuspendedRequestCount)
                .description("tile requests waiting for a tile connection now").register(metrics);
        FunctionCounter.builder("atlas_tile_requests_waited", this, QoSHandler::getTotalSuspendedRequestCount)
                .description("tile requests that waited for a tile connection").register(metrics);
        FunctionCounter.builder("atlas_tile_requests_refused", this, q -> q.getTotalExpiredRequestCount() + q.getTotalExceededRequestCount())
                .description("tile requests answered 503: waited too long, or too many waiting").register(metrics);
    }

    /**
     * Whether a request asks for a tile that will be made now: a tile path (of {@code /tiles} or OGC API – Tiles) whose tile
     * the cache does not hold. The tile is parsed and looked up here once, and what was found is left with the request
     * for the application to answer from. Anything else (and a tile path too malformed to parse) goes straight on, to be
     * answered or refused by the application.
     */
    static boolean needsDatabase(LayerCatalog catalog, TileService tiles, Request request) {
        Optional<TileRequest.Admitted> admitted = admit(catalog, tiles, Request.getPathInContext(request));
        admitted.ifPresent(a -> request.setAttribute(TileRequest.ADMITTED, a));
        return admitted.isPresent() && admitted.get().cached() == null;
    }

    /** The tile a path asks for, with the cache's copy when it holds one; empty for any other path. */
    public static Optional<TileRequest.Admitted> admit(LayerCatalog catalog, TileService tiles, String path) {
        return TileRequest.ofPath(catalog, path).map(r -> new TileRequest.Admitted(r, tiles.cached(r)));
    }

    /** A tile request that waited too long, or found too many waiting, is told when to come back, like any 503 here. */
    @Override
    protected void reject(Request request, Response response, Callback callback, int status) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        super.reject(request, response, callback, status);
    }
}
