package org.communeatlas.layers.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.geo.Crs;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.features.OpenApiModel.Components;
import org.communeatlas.layers.features.OpenApiModel.Document;
import org.communeatlas.layers.features.OpenApiModel.Info;
import org.communeatlas.layers.features.OpenApiModel.MediaType;
import org.communeatlas.layers.features.OpenApiModel.Operation;
import org.communeatlas.layers.features.OpenApiModel.Parameter;
import org.communeatlas.layers.features.OpenApiModel.PathItem;
import org.communeatlas.layers.features.OpenApiModel.RequestBody;
import org.communeatlas.layers.features.OpenApiModel.Response;
import org.communeatlas.layers.features.OpenApiModel.Schema;
import org.communeatlas.layers.features.OpenApiModel.SecurityScheme;
import org.communeatlas.layers.features.OpenApiModel.Server;

/** The OpenAPI 3.0 description of the OGC API ({@code /ogc/api}), generated from the layer catalog. */
public final class OpenApiDocument {

    /** The collections OGC API – Features Part 4 writes. */
    private static final Set<String> EDITABLE = Set.of("households", "evacuation_points", "villages");

    private OpenApiDocument() {
    }

    public static Object build(LayerCatalog catalog, String root) {
        Map<String, PathItem> paths = new LinkedHashMap<>();
        paths.put("/", read("getLandingPage", "Trang đầu", List.of(Parameter.ref("f")), "application/json"));
        paths.put("/conformance", read("getConformance", "Các lớp phù hợp chuẩn", List.of(Parameter.ref("f")), "application/json"));
        paths.put("/collections", read("getCollections", "Các lớp dữ liệu", List.of(Parameter.ref("f")), "application/json"));
        for (Layer layer : catalog.all()) {
            String base = "/collections/" + layer.id();
            paths.put(base, read("describe_" + layer.id(), layer.title(), List.of(Parameter.ref("f")), "application/json"));
            List<Parameter> params = new ArrayList<>();
            for (String name : List.of("f", "bbox", "bbox-crs", "crs", "limit", "offset", "properties", "filter", "filter-lang", "datetime")) {
                params.add(Parameter.ref(name));
            }
            for (Property p : layer.publicProperties()) {
                if (p.queryable()) {
                    params.add(Parameter.property(p.name(), p.title(), Schema.of(p.type().jsonType)));
                }
            }
            Operation items = get("items_" + layer.id(), layer.title() + " — đối tượng", params, OgcController.GEOJSON);
            Operation item = get("item_" + layer.id(), layer.title() + " — một đối tượng",
                    List.of(Parameter.ref("f"), Parameter.ref("crs"), Parameter.path("featureId", Schema.of("string"))), OgcController.GEOJSON);
            if (EDITABLE.contains(layer.id())) {
                // Part 4: create, replace, update (merge patch) and delete, each with its answers
                // QGIS sends no If-Match: a write without one is unconditional, except on households
                List<Parameter> key = List.of(Parameter.path("featureId", Schema.of("string")), Parameter.header("If-Match",
                        layer.id().equals("households"), "the ETag of the version the change was made on"));
                paths.put(base + "/items", new PathItem(items, write("create_" + layer.id(), "Thêm (GeoJSON Feature)", List.of(),
                        "application/geo+json", "201"), null, null, null));
                paths.put(base + "/items/{featureId}", new PathItem(item, null,
                        write("replace_" + layer.id(), "Thay", key, "application/geo+json", "204"),
                        write("update_" + layer.id(), "Sửa (JSON merge patch)", key, "application/merge-patch+json", "204"),
                        write("delete_" + layer.id(), "Xóa", key, null, "204")));
            } else {
                paths.put(base + "/items", PathItem.get(items));
                paths.put(base + "/items/{featureId}", PathItem.get(item));
            }
            paths.put(base + "/queryables", read("queryables_" + layer.id(), layer.title() + " — thuộc tính lọc", List.of(Parameter.ref("f")),
                    "application/schema+json"));
            tilePaths(paths, base, layer.id() + ".collection", layer.title());
        }
        paths.put("/tileMatrixSets", read("getTileMatrixSetsList", "Lưới ô", List.of(), "application/json"));
        paths.put("/tileMatrixSets/{tileMatrixSetId}", read("getTileMatrixSet", "Định nghĩa lưới ô", List.of(Parameter.ref("tileMatrixSetId")),
                "application/json"));
        tilePaths(paths, "", "dataset", "Mọi lớp");
        return new Document("3.0.3", new Info("Commune Atlas — OGC API Features", "1.0.0",
                "Lớp dữ liệu Quảng Nam theo chuẩn OGC API – Features (Part 1, Part 2: CRS84, EPSG:4326, EPSG:5899 VN-2000, Part 3: CQL2 text)."),
                List.of(new Server(root + "/ogc")), paths, components());
    }

    private static Components components() {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        parameters.put("tileMatrixSetId", Parameter.path("tileMatrixSetId", Schema.choice(List.of("WebMercatorQuad"), null, null)));
        parameters.put("tileMatrix", Parameter.path("tileMatrix", Schema.of("string")));
        parameters.put("tileRow", Parameter.path("tileRow", Schema.integer(0, null, null)));
        parameters.put("tileCol", Parameter.path("tileCol", Schema.integer(0, null, null)));
        parameters.put("f", Parameter.query("f", "Định dạng: json, html (và geojson, csv cho đối tượng)", Schema.of("string")));
        // bbox, limit and datetime exactly as the standard's OpenAPI fragments define them (/req/core/fc-bbox-definition,
        // /req/core/fc-limit-definition, /req/core/fc-time-definition): style form, not exploded
        parameters.put("bbox", Parameter.query("bbox", "Khung giới hạn: góc dưới trái rồi góc trên phải, theo thứ tự trục của bbox-crs "
                + "(CRS84: kinh độ, vĩ độ). Kinh độ tây lớn hơn kinh độ đông: khung vắt qua kinh tuyến 180°.",
                Schema.array(Schema.of("number"), 4, 6, List.of(Schema.items(4, 4), Schema.items(6, 6)))));
        parameters.put("bbox-crs", Parameter.query("bbox-crs", "Hệ tọa độ của bbox (mặc định CRS84)", Schema.choice(Crs.uris(), Crs.CRS84.uri(), "uri")));
        parameters.put("crs", Parameter.query("crs", "Hệ tọa độ của hình học trả về (mặc định CRS84); EPSG:5899 là VN-2000 / TM-3 107-45",
                Schema.choice(Crs.uris(), Crs.CRS84.uri(), "uri")));
        parameters.put("limit", Parameter.query("limit", "Số đối tượng tối đa (mặc định 100, trên 10000 tính là 10000)",
                Schema.integer(1, 10_000, 100)));
        parameters.put("offset", Parameter.query("offset", "Bỏ qua bao nhiêu đối tượng đầu", Schema.integer(0, null, 0)));
        parameters.put("properties", Parameter.query("properties", "Chỉ trả các thuộc tính này (phân cách bằng dấu phẩy)", Schema.of("string")));
        parameters.put("filter", Parameter.query("filter", "Bộ lọc CQL2 text", Schema.of("string")));
        parameters.put("filter-lang", Parameter.query("filter-lang", "Ngôn ngữ lọc", Schema.choice(List.of("cql2-text"), null, null)));
        parameters.put("datetime", Parameter.query("datetime", "Thời điểm hoặc khoảng (RFC 3339); các lớp không có chiều thời gian",
                Schema.of("string")));
        Map<String, Schema> problem = new LinkedHashMap<>();
        for (String[] member : new String[][] {{"type", "string"}, {"title", "string"}, {"status", "integer"}, {"detail", "string"},
                {"parameter", "string"}}) {
            problem.put(member[0], Schema.of(member[1]));
        }
        Map<String, SecurityScheme> security = new LinkedHashMap<>();
        security.put("bearer", new SecurityScheme("http", "bearer", null, null, "personal API token: commune-atlas user token"));
        security.put("session", new SecurityScheme("apiKey", null, "cookie", "atlas_session", "map session; writes also need X-CSRF-Token"));
        return new Components(parameters, Map.of("Problem", Schema.object(problem)), security);
    }

    private static Operation write(String id, String summary, List<Parameter> parameters, String body, String success) {
        Map<String, Response> responses = new LinkedHashMap<>();
        responses.put(success, new Response(success.equals("201") ? "Created: Location and ETag" : "Done: the new ETag", null));
        for (String[] r : new String[][] {{"400", "Invalid value (the parameter names the property)"}, {"401", "No or unknown API token"},
                {"403", "Not in the caller's communes, or not an officer"}, {"404", "No such feature"},
                {"409", "The code exists, or households depend on it (checked in at a site)"}, {"412", "Stale If-Match: the feature changed"},
                {"428", "If-Match missing where the collection requires it (households)"}, {"503", "The database is unavailable"}}) {
            if (!(success.equals("201") && (r[0].equals("404") || r[0].equals("412") || r[0].equals("428")))) {
                responses.put(r[0], problem(r[1]));
            }
        }
        // sent again with its key, a write is applied once: the first answer comes back, marked Idempotent-Replayed
        List<Parameter> all = new ArrayList<>(parameters);
        all.add(Parameter.header("Idempotency-Key", false, "8 to 200 visible characters (a UUID), one per change: sent again, the change is applied once"));
        RequestBody requestBody = body == null ? null : new RequestBody(true, Map.of(body, new MediaType(Schema.of("object"))));
        return new Operation(id, summary, all, requestBody, List.of(Map.of("bearer", List.of()), Map.of("session", List.of())), responses);
    }

    /**
     * A tilesets list, a tileset and its tiles (OGC API – Tiles) under {@code base}, with the operation ids of the
     * standard's Table 11 ({@code dataset.vector.getTile}, {@code villages.collection.vector.getTile}, …): the OGC test
     * suite (/req/oas30/operation-id) reads the tile operations by those endings; {@code scope} keeps them unique.
     */
    private static void tilePaths(Map<String, PathItem> paths, String base, String scope, String title) {
        paths.put(base + "/tiles", read(scope + ".vector.getTileSetsList", title + " — tập ô lưới vector", List.of(), "application/json"));
        paths.put(base + "/tiles/{tileMatrixSetId}", read(scope + ".vector.getTileSet", title + " — tập ô lưới",
                List.of(Parameter.ref("tileMatrixSetId")), "application/json"));
        paths.put(base + "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", read(scope + ".vector.getTile", title + " — một ô (MVT)",
                List.of(Parameter.ref("tileMatrixSetId"), Parameter.ref("tileMatrix"), Parameter.ref("tileRow"), Parameter.ref("tileCol")),
                "application/vnd.mapbox-vector-tile"));
    }

    private static PathItem read(String id, String summary, List<Parameter> parameters, String mediaType) {
        return PathItem.get(get(id, summary, parameters, mediaType));
    }

    private static Operation get(String id, String summary, List<Parameter> parameters, String mediaType) {
        Map<String, Response> responses = new LinkedHashMap<>();
        responses.put("200", new Response("OK", Map.of(mediaType, new MediaType(Schema.of("object")))));
        responses.put("304", new Response("Not modified (If-None-Match)", null));
        if (mediaType.equals("application/vnd.mapbox-vector-tile")) {
            responses.put("204", new Response("An empty tile: no feature of the layers there", null));
        }
        responses.put("400", problem("Invalid parameter"));
        // any request may carry an API token; one that is unknown or revoked is refused
        responses.put("401", problem("Unknown or revoked API token (Authorization: Bearer)"));
        responses.put("404", problem("Not found"));
        responses.put("503", problem("The database is unavailable; retry after the Retry-After seconds"));
        return new Operation(id, summary, parameters, null, null, responses);
    }

    private static Response problem(String description) {
        return new Response(description, Map.of("application/problem+json", new MediaType(Schema.ref("#/components/schemas/Problem"))));
    }
}
