package org.communeatlas.layers.tiles;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.core.Messages;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.LayerExtents;
import org.communeatlas.layers.OgcCollections;
import org.communeatlas.layers.OgcLink;
import org.communeatlas.web.Json;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * OGC API – Tiles (Core, TileSet, TileSets list, GeoData and Dataset tilesets, Mapbox Vector Tiles) in
 * WebMercatorQuad, beside the TileJSON paths: every layer's vector tiles under {@code /ogc/collections/{id}/tiles}, the
 * dataset's (every layer in one tile) under {@code /ogc/tiles}, and the tile matrix set under
 * {@code /ogc/tileMatrixSets}. The tiles themselves are the same bytes {@code /tiles/...} serves.
 */
public final class OgcTilesController {

    public static final String TMS_ID = "WebMercatorQuad";
    public static final String TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    static final String WEB_MERCATOR = "http://www.opengis.net/def/crs/EPSG/0/3857";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public static final String REL_TILESETS = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    public static final String REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    public static final String REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
    public static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30");
    /** Scale denominator and metres per pixel at zoom 0 of WebMercatorQuad (256-pixel tiles, 0.28 mm pixels). */
    private static final double SCALE_0 = 559_082_264.028717;
    private static final double CELL_0 = 156_543.033928041;

    private final LayerCatalog catalog;
    private final TileController tiles;
    private final LayerExtents extents;

    public OgcTilesController(LayerCatalog catalog, TileController tiles, LayerExtents extents) {
        this.catalog = catalog;
        this.tiles = tiles;
        this.extents = extents;
    }

    public void tileMatrixSets(Context ctx) {
        String base = Requests.base(ctx) + "/ogc/tileMatrixSets";
        metadata(ctx, new TileDocuments.TileMatrixSets(List.of(new TileDocuments.TileMatrixSetRef(TMS_ID, "Google Maps Compatible for the World",
                TMS_URI, List.of(OgcLink.of(base + "/" + TMS_ID, "self", "application/json", "WebMercatorQuad"))))));
    }

    /**
     * The WebMercatorQuad definition (OGC 17-083r4, JSON encoding), zooms 0–22. Each matrix and the set also carry the
     * members of the 1.0 encoding (identifier, supportedCRS, boundingBox, topLeftCorner): GDAL before 3.7 reads only
     * those, and the 2.0 schema lets a document carry more than it names.
     */
    public void tileMatrixSet(Context ctx) {
        tileMatrixSetId(ctx);
        List<TileDocuments.TileMatrix> matrices = new ArrayList<>();
        List<Double> topLeft = List.of(-TileMath.WORLD / 2, TileMath.WORLD / 2);
        for (int z = 0; z <= TileMath.MAX_ZOOM; z++) {
            long n = 1L << z;
            matrices.add(new TileDocuments.TileMatrix(Integer.toString(z), Integer.toString(z), SCALE_0 / n, CELL_0 / n, "topLeft", topLeft, 256, 256,
                    n, n, topLeft));
        }
        metadata(ctx, new TileDocuments.TileMatrixSet(TMS_ID, "Google Maps Compatible for the World", TMS_URI, WEB_MERCATOR, List.of("X", "Y"),
                "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible", TMS_ID, WEB_MERCATOR,
                new TileDocuments.BoundingBox10("BoundingBoxType", WEB_MERCATOR, List.of(-TileMath.WORLD / 2, -TileMath.WORLD / 2),
                        List.of(TileMath.WORLD / 2, TileMath.WORLD / 2)), matrices));
    }

    /** {@code /ogc/tiles}: the dataset's tilesets (one, in WebMercatorQuad). */
    public void datasetTilesets(Context ctx) {
        metadata(ctx, new TileDocuments.Tilesets(List.of(OgcLink.of(Requests.base(ctx) + "/ogc/tiles", "self", "application/json",
                "Tập ô lưới của bộ dữ liệu")), List.of(summary(Requests.base(ctx), Requests.base(ctx) + "/ogc/tiles", "Commune Atlas — mọi lớp"))));
    }

    public void datasetTileset(Context ctx) {
        tileMatrixSetId(ctx);
        metadata(ctx, tileset(Requests.base(ctx) + "/ogc/tiles", "Commune Atlas — mọi lớp", catalog.all(), ctx));
    }

    public void datasetTile(Context ctx) {
        tileMatrixSetId(ctx);
        send(ctx, catalog.all());
    }

    /** {@code /ogc/collections/{id}/tiles}: the layer's tilesets (one, in WebMercatorQuad). */
    public void collectionTilesets(Context ctx) {
        Layer layer = layer(ctx);
        String base = Requests.base(ctx) + "/ogc/collections/" + layer.id() + "/tiles";
        metadata(ctx, new TileDocuments.Tilesets(List.of(OgcLink.of(base, "self", "application/json", "Tập ô lưới của lớp")),
                List.of(summary(Requests.base(ctx), base, layer.title()))));
    }

    public void collectionTileset(Context ctx) {
        Layer layer = layer(ctx);
        tileMatrixSetId(ctx);
        metadata(ctx, tileset(Requests.base(ctx) + "/ogc/collections/" + layer.id() + "/tiles", layer.title(), List.of(layer), ctx));
    }

    public void collectionTile(Context ctx) {
        Layer layer = layer(ctx);
        tileMatrixSetId(ctx);
        send(ctx, List.of(layer));
    }

    private static TileDocuments.TilesetSummary summary(String root, String base, String title) {
        return new TileDocuments.TilesetSummary(title, "vector", WEB_MERCATOR, TMS_ID, TMS_URI, List.of(
                OgcLink.of(base + "/" + TMS_ID, "self", "application/json", title + " — " + TMS_ID),
                OgcLink.of(root + "/ogc/tileMatrixSets/" + TMS_ID, REL_TILING_SCHEME, "application/json", TMS_ID)));
    }

    /** A tileset's metadata (OGC 17-083r4 TileSetMetadata): where its tiles are, which exist, and its layers' schemas. */
    private TileDocuments.Tileset tileset(String base, String title, List<Layer> layers, Context ctx) {
        String root = Requests.base(ctx);
        double[] box = null;
        int minZoom = TileMath.MAX_ZOOM;
        int maxZoom = 0;
        List<TileDocuments.TilesetLayer> described = new ArrayList<>();
        for (Layer l : layers) {
            minZoom = Math.min(minZoom, l.minZoom());
            maxZoom = Math.max(maxZoom, l.maxZoom());
            double[] b = extents.of(l);
            if (b != null) {
                box = box == null ? b.clone() : new double[] {Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]),
                        Math.max(box[3], b[3])};
            }
            Map<String, TileDocuments.PropertyType> properties = new LinkedHashMap<>();
            TileController.fields(l).forEach((name, type) -> properties.put(name, new TileDocuments.PropertyType(switch (type) {
                case "Number" -> "number";
                case "Boolean" -> "boolean";
                default -> "string";
            })));
            described.add(new TileDocuments.TilesetLayer(l.id(), l.title(), "vector",
                    l.geometryType().contains("Polygon") ? 2 : l.geometryType().contains("Line") ? 1 : 0, Integer.toString(l.minZoom()),
                    Integer.toString(l.maxZoom()), new TileDocuments.PropertiesSchema("object", properties), List.of(
                            OgcLink.of(root + "/ogc/collections/" + l.id(), "collection", "application/json", l.title()),
                            OgcLink.of(root + "/ogc/collections/" + l.id() + "/queryables", "describedby", "application/schema+json", "Thuộc tính"))));
        }
        double[] b = box != null ? box : new double[] {-180, -85.0511, 180, 85.0511};
        List<TileDocuments.TileMatrixLimits> limits = new ArrayList<>();
        for (int z = minZoom; z <= maxZoom; z++) {
            long[] upperLeft = TileMath.tileOf(b[0], b[3], z);
            long[] lowerRight = TileMath.tileOf(b[2], b[1], z);
            limits.add(new TileDocuments.TileMatrixLimits(Integer.toString(z), upperLeft[1], lowerRight[1], upperLeft[0], lowerRight[0]));
        }
        OgcLink template = OgcLink.template(base + "/" + TMS_ID + "/{tileMatrix}/{tileRow}/{tileCol}", "item", TileController.MVT,
                "Ô lưới vector (Mapbox Vector Tile)");
        return new TileDocuments.Tileset(title, "vector", WEB_MERCATOR, TMS_ID, TMS_URI, List.of(
                OgcLink.of(base + "/" + TMS_ID, "self", "application/json", title),
                OgcLink.of(root + "/ogc/tileMatrixSets/" + TMS_ID, REL_TILING_SCHEME, "application/json", TMS_ID), template),
                limits, described, new TileDocuments.BoundingBox(List.of(b[0], b[1]), List.of(b[2], b[3]), CRS84));
    }

    /** The path's tile of these layers, numbered as OGC API – Tiles numbers it. */
    private void send(Context ctx, List<Layer> layers) {
        tiles.send(ctx, () -> TileRequest.of(layers, TileRequest.Names.OGC, ctx.pathParam("tileMatrix"), ctx.pathParam("tileCol"),
                ctx.pathParam("tileRow")));
    }

    private Layer layer(Context ctx) {
        return OgcCollections.named(catalog, ctx.pathParam("collectionId"));
    }

    private static void tileMatrixSetId(Context ctx) {
        String id = ctx.pathParam("tileMatrixSetId");
        if (!id.equals(TMS_ID)) {
            throw new ProblemException(404, "about:blank", "Not Found",
                    "Parameter 'tileMatrixSetId': no tile matrix set '" + Messages.shorten(id) + "'; the one offered is " + TMS_ID,
                    "tileMatrixSetId");
        }
    }

    private static void metadata(Context ctx, Object doc) {
        ctx.header("Cache-Control", "public, max-age=60");
        Json.send(ctx, doc);
    }
}
