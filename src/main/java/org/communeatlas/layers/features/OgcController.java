package org.communeatlas.layers.features;



import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.content.Etags;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.core.Messages;
import org.communeatlas.db.Database;
import org.communeatlas.geo.Crs;
import org.communeatlas.html.Html;
import org.communeatlas.layers.DataVersions;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.LayerExtents;
import org.communeatlas.layers.OgcCollections;
import org.communeatlas.layers.OgcLink;
import org.communeatlas.layers.edits.FeatureEditService;
import org.communeatlas.layers.tiles.OgcTilesController;
import org.communeatlas.web.Conditional;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * OGC API – Features, Part 1 core with GeoJSON, HTML and CSV, Part 2 coordinate reference systems by reference (CRS84,
 * EPSG:4326, EPSG:5899) and Part 3 filtering (CQL2 text): landing page, conformance, collections, items, single items
 * and queryables under {@code /ogc}; {@link OgcTilesController} adds OGC API – Tiles beside them (its conformance classes
 * are declared here too: one {@code /conformance} for the API).
 */
public final class OgcController {

    public static final String GEOJSON = "application/geo+json";
    public static final List<String> CONFORMANCE = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus"), OgcTilesController.CONFORMANCE.stream()).toList();
    private static final Set<String> DOC_FORMATS = Set.of("json", "html");
    private static final Set<String> ITEM_FORMATS = Set.of("json", "geojson", "html", "csv");

    private final LayerCatalog catalog;
    private final FeatureReader reader;
    private final DataVersions versions;
    private final LayerExtents extents;
    private final FeaturePages pages;
    private final FeatureEditService editable;

    public OgcController(LayerCatalog catalog, FeatureReader reader, DataVersions versions, LayerExtents extents,
                         FeatureEditService editable) {
        this.catalog = catalog;
        this.reader = reader;
        this.versions = versions;
        this.extents = extents;
        this.pages = new FeaturePages(reader);
        this.editable = editable;
    }

    public void landing(Context ctx) {
        String base = Requests.base(ctx) + "/ogc";
        List<OgcLink> links = List.of(
                OgcLink.of(base, "self", "application/json", "Trang này"),
                OgcLink.of(base + "?f=html", "alternate", "text/html", "Trang này dạng HTML"),
                OgcLink.of(base + "/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "Mô tả API (OpenAPI 3.0)"),
                OgcLink.of(base + "/conformance", "conformance", "application/json", "Các lớp phù hợp chuẩn"),
                OgcLink.of(base + "/collections", "data", "application/json", "Các lớp dữ liệu"),
                OgcLink.of(base + "/tiles", OgcTilesController.REL_TILESETS, "application/json", "Ô lưới vector của mọi lớp (OGC API – Tiles)"),
                OgcLink.of(base + "/tileMatrixSets", OgcTilesController.REL_TILING_SCHEMES, "application/json", "Lưới ô (tile matrix sets)"));
        FeatureDocuments.Landing doc = new FeatureDocuments.Landing("Commune Atlas",
                "Bản đồ Quảng Nam: thôn và mô hình \"Dân vận khéo\", hộ gia đình, điểm sơ tán, vùng ngập, đường giao thông.", links);
        if (Requests.format(ctx, DOC_FORMATS, "json").equals("html")) {
            StringBuilder body = new StringBuilder("<p>").append(Html.escape(doc.description())).append("</p><ul>");
            links.forEach(l -> body.append("<li>").append(Html.link(l.href(), l.title())).append("</li>"));
            html(ctx, "Commune Atlas — OGC API Features", body.append("</ul>").toString());
            return;
        }
        metadata(ctx, doc);
    }

    public void conformance(Context ctx) {
        if (Requests.format(ctx, DOC_FORMATS, "json").equals("html")) {
            StringBuilder body = new StringBuilder("<ul>");
            CONFORMANCE.forEach(c -> body.append("<li>").append(Html.escape(c)).append("</li>"));
            html(ctx, "Phù hợp chuẩn (conformance)", body.append("</ul>").toString());
            return;
        }
        metadata(ctx, new FeatureDocuments.Conformance(CONFORMANCE));
    }

    public void collections(Context ctx) {
        String base = Requests.base(ctx) + "/ogc/collections";
        List<FeatureDocuments.Collection> list = catalog.all().stream().map(l -> describe(l, Requests.base(ctx))).toList();
        if (Requests.format(ctx, DOC_FORMATS, "json").equals("html")) {
            List<List<Object>> rows = new ArrayList<>();
            for (Layer l : catalog.all()) {
                rows.add(List.of(new Html.Raw(Html.link(base + "/" + l.id() + "?f=html", l.id())), l.title(), l.description(),
                        new Html.Raw(Html.link(base + "/" + l.id() + "/items?f=html", "đối tượng"))));
            }
            html(ctx, "Các lớp dữ liệu", Html.table(List.of("id", "tên", "mô tả", ""), rows) + OgcLink.html(collectionsLinks(base)));
            return;
        }
        metadata(ctx, new FeatureDocuments.Collections(collectionsLinks(base), list));
    }

    private static List<OgcLink> collectionsLinks(String base) {
        return List.of(OgcLink.of(base, "self", "application/json", "Các lớp dữ liệu"), OgcLink.of(base + "?f=html", "alternate", "text/html", "Dạng HTML"));
    }

    public void collection(Context ctx) {
        Layer layer = layer(ctx);
        FeatureDocuments.Collection doc = describe(layer, Requests.base(ctx));
        if (Requests.format(ctx, DOC_FORMATS, "json").equals("html")) {
            String items = Requests.base(ctx) + "/ogc/collections/" + layer.id() + "/items";
            String body = "<p>" + Html.escape(layer.description()) + "</p><p>"
                    + Html.link(items + "?f=html", "Đối tượng (HTML)") + " · " + Html.link(items, "GeoJSON") + " · "
                    + Html.link(items + "?f=csv", "CSV") + " · " + Html.link(items.replace("/items", "/queryables"), "Thuộc tính lọc") + "</p>";
            html(ctx, layer.title() + " (" + layer.id() + ")", body + OgcLink.html(doc.links()));
            return;
        }
        metadata(ctx, doc);
    }

    public void queryables(Context ctx) {
        Layer layer = layer(ctx);
        Viewer viewer = Requests.viewer(ctx);
        Map<String, FeatureDocuments.Queryable> properties = new LinkedHashMap<>();
        properties.put("geometry", new FeatureDocuments.Queryable("Hình học (geometry)", null, "geometry-" + layer.geometryType().toLowerCase(),
                "primary-geometry"));
        for (Property p : FeatureSql.queryable(layer, viewer)) {
            properties.put(p.name(), new FeatureDocuments.Queryable(p.title(), p.type().jsonType, p.type().format, null));
        }
        FeatureDocuments.Queryables doc = new FeatureDocuments.Queryables("https://json-schema.org/draft/2020-12/schema",
                Requests.base(ctx) + "/ogc/collections/" + layer.id() + "/queryables", "object", layer.title(), properties, false);
        if (Requests.format(ctx, DOC_FORMATS, "json").equals("html")) {
            List<List<Object>> rows = new ArrayList<>();
            properties.forEach((name, q) -> rows.add(List.of(name, String.valueOf(q.type()), String.valueOf(q.title()))));
            html(ctx, "Thuộc tính lọc — " + layer.title(), Html.table(List.of("tên", "kiểu", "ý nghĩa"), rows));
            return;
        }
        ctx.header("Cache-Control", viewer.isAdmin() ? "private, no-store" : "public, max-age=60");
        Json.send(ctx, doc, "application/schema+json");
    }

    public void items(Context ctx) throws Exception {
        Layer layer = layer(ctx);
        Viewer viewer = Requests.viewer(ctx);
        String format = Requests.format(ctx, ITEM_FORMATS, "json");
        ItemsParams p = ItemsParams.parse(ctx, layer, viewer);
        FeatureSql sql = new FeatureSql(layer, p.properties, viewer, p.crs);
        cacheHeaders(ctx, layer, viewer);
        String etag = Etags.of(versions.of(layer), LocalDate.now(Database.ZONE).toString(), viewer.visibilityKey(), format,
                Requests.base(ctx), ctx.path(), ItemsParams.canonical(ctx.queryParamMap()));
        if (Conditional.notModified(ctx, etag)) {
            return;
        }
        long matched = reader.count(sql.count(p.where));
        ctx.header("Content-Crs", p.crs.header());
        switch (format) {
            case "csv" -> pages.csv(ctx, layer, sql, p);
            case "html" -> pages.html(ctx, layer, sql, p, matched);
            default -> pages.geoJson(ctx, layer, sql, p, matched);
        }
    }

    public void item(Context ctx) throws Exception {
        Layer layer = layer(ctx);
        Viewer viewer = Requests.viewer(ctx);
        String format = Requests.format(ctx, Set.of("json", "geojson", "html"), "json");
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Set.of("f", "properties", "crs").contains(name)) {
                throw ProblemException.badParameter(name, "unknown parameter; a single feature takes f, properties and crs");
            }
        }
        Crs crs = Crs.parse("crs", Params.single(ctx, "crs"));
        String rawId = ctx.pathParam("featureId");
        Object id = layer.numericId() ? numericId(rawId) : rawId;
        if (id == null) {
            throw ProblemException.notFound("No feature '" + Messages.shorten(rawId) + "' in " + layer.id());
        }
        // an editable feature's ETag is its row's version (Part 4: a write names it in If-Match); a client that has it
        // already is answered before the feature is read
        String version = ctx.queryParam("properties") == null ? editable.etag(layer.id(), rawId, viewer, format, crs).orElse(null) : null;
        if (version != null) {
            itemHeaders(ctx, layer, viewer, crs);
            if (Conditional.notModified(ctx, version)) {
                return;
            }
        }
        FeatureSql sql = new FeatureSql(layer, ItemsParams.properties(ctx, layer, viewer), viewer, crs);
        List<String> rows = reader.strings(sql.features(sql.idEquals(id), 1, 0));
        if (rows.isEmpty()) {
            throw ProblemException.notFound("No feature '" + Messages.shorten(rawId) + "' in " + layer.id());
        }
        ObjectNode feature = (ObjectNode) JsonCodec.MAPPER.readTree(rows.get(0));
        String base = Requests.base(ctx) + "/ogc/collections/" + layer.id();
        List<OgcLink> links = List.of(
                OgcLink.of(base + "/items/" + rawId, "self", GEOJSON, "Đối tượng này"),
                OgcLink.of(base + "/items/" + rawId + "?f=html", "alternate", "text/html", "Dạng HTML"),
                OgcLink.of(base, "collection", "application/json", layer.title()));
        feature.set("links", JsonCodec.MAPPER.valueToTree(links));
        itemHeaders(ctx, layer, viewer, crs);
        if (format.equals("html")) {
            List<List<Object>> table = new ArrayList<>();
            feature.get("properties").fields().forEachRemaining(e -> table.add(List.of(e.getKey(), FeaturePages.text(e.getValue()))));
            byte[] page = Html.page(layer.title() + " " + rawId, Html.table(List.of("thuộc tính", "giá trị"), table) + OgcLink.html(links))
                    .getBytes(StandardCharsets.UTF_8);
            Json.sendBytes(ctx, page, "text/html", version != null ? version : Etags.of(page));
        } else {
            byte[] body = JsonCodec.bytes(feature);
            Json.sendBytes(ctx, body, GEOJSON, version != null ? version : Etags.of(body));
        }
    }

    /** How a feature may be kept, and the CRS of its coordinates: on its 200 and on its 304 alike. */
    private static void itemHeaders(Context ctx, Layer layer, Viewer viewer, Crs crs) {
        cacheHeaders(ctx, layer, viewer);
        ctx.header("Content-Crs", crs.header());
    }

    private FeatureDocuments.Collection describe(Layer layer, String root) {
        String base = root + "/ogc/collections/" + layer.id();
        double[] bbox = extents.of(layer);
        FeatureDocuments.Extent extent = bbox == null ? null : new FeatureDocuments.Extent(
                new FeatureDocuments.SpatialExtent(List.of(List.of(bbox[0], bbox[1], bbox[2], bbox[3])), ItemsParams.CRS84));
        return new FeatureDocuments.Collection(layer.id(), layer.title(), layer.description() + " (" + layer.titleEn() + ")", "feature", Crs.uris(),
                Crs.CRS84.uri(), extent, List.of(
                OgcLink.of(base, "self", "application/json", layer.title()),
                OgcLink.of(base + "?f=html", "alternate", "text/html", "Dạng HTML"),
                OgcLink.of(base + "/items", "items", GEOJSON, "Đối tượng (GeoJSON)"),
                OgcLink.of(base + "/items?f=html", "items", "text/html", "Đối tượng (HTML)"),
                OgcLink.of(base + "/items?f=csv", "items", "text/csv", "Đối tượng (CSV)"),
                OgcLink.of(base + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "Thuộc tính lọc"),
                OgcLink.of(base + "/tiles", OgcTilesController.REL_TILESETS, "application/json", "Ô lưới vector (OGC API – Tiles)"),
                OgcLink.of(root + "/tiles/" + layer.id() + ".json", "describedby", "application/json", "TileJSON của lớp")));
    }

    private Layer layer(Context ctx) {
        return OgcCollections.named(catalog, ctx.pathParam("collectionId"));
    }

    private static void cacheHeaders(Context ctx, Layer layer, Viewer viewer) {
        ctx.header("Cache-Control", viewer.seesPersonalData() && layer.hasPersonalData() ? "private, no-store" : layer.cacheControl());
        ctx.header("Vary", "Accept, Cookie");
    }

    private static void metadata(Context ctx, Object doc) {
        ctx.header("Cache-Control", "public, max-age=60");
        Json.send(ctx, doc);
    }

    static void html(Context ctx, String title, String body) {
        // a page of features already says how it may be kept (private when it holds personal data)
        if (ctx.res().getHeader("Cache-Control") == null) {
            ctx.header("Cache-Control", "no-cache");
        }
        Json.sendBytes(ctx, Html.page(title, body).getBytes(StandardCharsets.UTF_8), "text/html");
    }


    private static Long numericId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
