package org.communeatlas.layers.tiles;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.communeatlas.core.Messages;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Generalisation;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.LayerExtents;
import org.communeatlas.web.Compression;
import org.communeatlas.web.Conditional;
import org.communeatlas.web.Json;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code GET /tiles/{layers}/{z}/{x}/{y}.mvt} (one layer, or several separated by commas, merged in one
 * tile) and {@code GET /tiles/{layer}.json} (TileJSON 3.0.0). Tiles carry no personal data for anyone,
 * so one cached tile serves every viewer; details come from the features API, which checks who asks.
 */
public final class TileController {

    public static final String MVT = "application/vnd.mapbox-vector-tile";

    private final LayerCatalog catalog;
    private final TileService tiles;
    private final LayerExtents extents;

    public TileController(LayerCatalog catalog, TileService tiles, LayerExtents extents) {
        this.catalog = catalog;
        this.tiles = tiles;
        this.extents = extents;
    }

    public void tile(Context ctx) {
        send(ctx, () -> TileRequest.of(TileRequest.layers(catalog, ctx.pathParam("layers")), TileRequest.Names.XYZ, ctx.pathParam("z"),
                ctx.pathParam("x"), ctx.pathParam("y")));
    }

    /**
     * Answers a tile (one answer for {@code /tiles} and OGC API – Tiles): the one the admission parsed, and found in the
     * cache, or — for a request the admission left alone (one it could not parse) — the path parsed now, which refuses it
     * with its reason; 204 for a tile with nothing in it, 304 when the client has it, gzip for those that take it when the
     * tile is worth compressing.
     */
    void send(Context ctx, Supplier<TileRequest> parse) {
        TileRequest.Admitted admitted = ctx.attribute(TileRequest.ADMITTED);
        TileRequest r = admitted != null ? admitted.request() : parse.get();
        TileCache.Tile tile = admitted != null && admitted.cached() != null ? admitted.cached() : tiles.tile(r);
        ctx.header("Cache-Control", cacheControl(r.layers()));
        ctx.header("Vary", "Accept-Encoding");
        // the compressed body is another representation: it gets its own strong tag
        boolean gzip = tile.worthCompressing() && Compression.acceptsGzip(ctx);
        String etag = gzip ? tile.etag().substring(0, tile.etag().length() - 1) + "-gz\"" : tile.etag();
        if (Conditional.notModified(ctx, etag)) {
            return;
        }
        if (tile.bytes().length == 0) {
            ctx.status(204);
            return;
        }
        ctx.contentType(MVT);
        if (gzip) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(tile.gzipped());
        } else {
            ctx.disableCompression();   // tiles are compressed here or not at all, never per response by Javalin
            ctx.result(tile.bytes());
        }
    }

    public void tileJson(Context ctx) {
        Layer layer = catalog.find(ctx.pathParam("layer"))
                .orElseThrow(() -> ProblemException.notFound("No layer '" + Messages.shorten(ctx.pathParam("layer")) + "'; layers are "
                        + String.join(", ", catalog.all().stream().map(Layer::id).toList())));
        String base = Requests.base(ctx);
        double[] b = extents.boundsOrWorld(layer);
        int centreZoom = Math.max(layer.minZoom(), Math.min(layer.maxZoom(), 9));
        Json.send(ctx, new TileDocuments.TileJson("3.0.0", layer.id(), layer.title() + " — " + layer.description(), "1.0.0",
                "Commune Atlas — dữ liệu minh họa (synthetic demo data)", "xyz", List.of(base + "/tiles/" + layer.id() + "/{z}/{x}/{y}.mvt"),
                layer.minZoom(), layer.maxZoom(), List.of(b[0], b[1], b[2], b[3]),
                List.of(round((b[0] + b[2]) / 2), round((b[1] + b[3]) / 2), centreZoom),
                List.of(new TileDocuments.VectorLayer(layer.id(), layer.title(), layer.minZoom(), layer.maxZoom(), fields(layer)))));
    }

    /** Field names and types as TileJSON lists them; households add their cluster fields below zoom 13. */
    static Map<String, String> fields(Layer layer) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Layer.Property p : layer.publicProperties()) {
            if (p.inTiles()) {
                fields.put(p.name(), switch (p.type()) {
                    case INTEGER, NUMBER -> "Number";
                    case BOOLEAN -> "Boolean";
                    default -> "String";
                });
            }
        }
        if (layer.generalisation() == Generalisation.CLUSTER) {
            TileQuery.CLUSTER_FIELDS.forEach(f -> fields.put(f, "Number"));
        }
        return fields;
    }

    private static String cacheControl(List<Layer> layers) {
        return layers.stream().map(Layer::cacheControl).anyMatch(c -> c.startsWith("no-cache")) ? "no-cache" : layers.get(0).cacheControl();
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
