package org.communeatlas.layers.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.geo.Crs;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.LayerCatalog;

/** The OpenAPI 3.0 description of the OGC API ({@code /ogc/api}), generated from the layer catalog. */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    public static Map<String, Object> build(LayerCatalog catalog, String root) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Commune Atlas — OGC API Features", "version", "1.0.0",
                "description", "Lớp dữ liệu Quảng Nam theo chuẩn OGC API – Features (Part 1, Part 2: CRS84, EPSG:4326, EPSG:5899 VN-2000, Part 3: CQL2 text)."));
        doc.put("servers", List.of(Map.of("url", root + "/ogc")));
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", op("getLandingPage", "Trang đầu", List.of(ref("f")), "application/json"));
        paths.put("/conformance", op("getConformance", "Các lớp phù hợp chuẩn", List.of(ref("f")), "application/json"));
        paths.put("/collections", op("getCollections", "Các lớp dữ liệu", List.of(ref("f")), "application/json"));
        for (Layer layer : catalog.all()) {
            String base = "/collections/" + layer.id();
            paths.put(base, op("describe_" + layer.id(), layer.title(), List.of(ref("f")), "application/json"));
            List<Object> params = new ArrayList<>(List.of(ref("f"), ref("bbox"), ref("bbox-crs"), ref("crs"), ref("limit"), ref("offset"),
                    ref("properties"), ref("filter"), ref("filter-lang"), ref("datetime")));
            for (Property p : layer.publicProperties()) {
                if (p.queryable()) {
                    params.add(Map.of("name", p.name(), "in", "query", "required", false, "description", p.title(),
                            "schema", Map.of("type", p.type().jsonType)));
                }
            }
            paths.put(base + "/items", op("items_" + layer.id(), layer.title() + " — đối tượng", params, OgcController.GEOJSON));
            paths.put(base + "/items/{featureId}", op("item_" + layer.id(), layer.title() + " — một đối tượng",
                    List.of(ref("f"), ref("crs"), Map.of("name", "featureId", "in", "path", "required", true, "schema", Map.of("type", "string"))),
                    OgcController.GEOJSON));
            paths.put(base + "/queryables", op("queryables_" + layer.id(), layer.title() + " — thuộc tính lọc", List.of(ref("f")),
                    "application/schema+json"));
            tilePaths(paths, base, layer.id() + ".collection", layer.title());
            if (java.util.Set.of("households", "evacuation_points", "villages").contains(layer.id())) {
                writes(paths, base, layer.id());
            }
        }
        paths.put("/tileMatrixSets", op("getTileMatrixSetsList", "Lưới ô", List.of(), "application/json"));
        paths.put("/tileMatrixSets/{tileMatrixSetId}", op("getTileMatrixSet", "Định nghĩa lưới ô", List.of(ref("tileMatrixSetId")),
                "application/json"));
        tilePaths(paths, "", "dataset", "Mọi lớp");
        doc.put("paths", paths);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("tileMatrixSetId", path("tileMatrixSetId", Map.of("type", "string", "enum", List.of("WebMercatorQuad"))));
        parameters.put("tileMatrix", path("tileMatrix", Map.of("type", "string")));
        parameters.put("tileRow", path("tileRow", Map.of("type", "integer", "minimum", 0)));
        parameters.put("tileCol", path("tileCol", Map.of("type", "integer", "minimum", 0)));
        parameters.put("f", param("f", "Định dạng: json, html (và geojson, csv cho đối tượng)", Map.of("type", "string")));
        // bbox, limit and datetime exactly as the standard's OpenAPI fragments define them (/req/core/fc-bbox-definition,
        // /req/core/fc-limit-definition, /req/core/fc-time-definition): style form, not exploded
        parameters.put("bbox", param("bbox", "Khung giới hạn: góc dưới trái rồi góc trên phải, theo thứ tự trục của bbox-crs "
                + "(CRS84: kinh độ, vĩ độ). Kinh độ tây lớn hơn kinh độ đông: khung vắt qua kinh tuyến 180°.",
                Map.of("type", "array", "oneOf", List.of(Map.of("minItems", 4, "maxItems", 4), Map.of("minItems", 6, "maxItems", 6)),
                        "items", Map.of("type", "number"))));
        parameters.put("bbox-crs", param("bbox-crs", "Hệ tọa độ của bbox (mặc định CRS84)",
                Map.of("type", "string", "format", "uri", "enum", Crs.uris(), "default", Crs.CRS84.uri())));
        parameters.put("crs", param("crs", "Hệ tọa độ của hình học trả về (mặc định CRS84); EPSG:5899 là VN-2000 / TM-3 107-45",
                Map.of("type", "string", "format", "uri", "enum", Crs.uris(), "default", Crs.CRS84.uri())));
        parameters.put("limit", param("limit", "Số đối tượng tối đa (mặc định 100, trên 10000 tính là 10000)",
                Map.of("type", "integer", "minimum", 1, "maximum", 10_000, "default", 100)));
        parameters.put("offset", param("offset", "Bỏ qua bao nhiêu đối tượng đầu", Map.of("type", "integer", "minimum", 0, "default", 0)));
        parameters.put("properties", param("properties", "Chỉ trả các thuộc tính này (phân cách bằng dấu phẩy)", Map.of("type", "string")));
        parameters.put("filter", param("filter", "Bộ lọc CQL2 text", Map.of("type", "string")));
        parameters.put("filter-lang", param("filter-lang", "Ngôn ngữ lọc", Map.of("type", "string", "enum", List.of("cql2-text"))));
        parameters.put("datetime", param("datetime", "Thời điểm hoặc khoảng (RFC 3339); các lớp không có chiều thời gian",
                Map.of("type", "string")));
        Map<String, Object> problem = Map.of("type", "object", "properties", Map.of(
                "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
                "detail", Map.of("type", "string"), "parameter", Map.of("type", "string")));
        doc.put("components", Map.of("parameters", parameters, "schemas", Map.of("Problem", problem), "securitySchemes", Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer", "description", "personal API token: commune-atlas user token"),
                "session", Map.of("type", "apiKey", "in", "cookie", "name", "atlas_session", "description", "map session; writes also need X-CSRF-Token"))));
        return doc;
    }

    /** Part 4 on an editable collection: create, replace, update (merge patch) and delete, each with its answers. */
    private static void writes(Map<String, Object> paths, String base, String id) {
        Map<String, Object> items = new LinkedHashMap<>(castMap(paths.get(base + "/items")));
        items.put("post", write("create_" + id, "Thêm (GeoJSON Feature)", List.of(), "application/geo+json", "201"));
        paths.put(base + "/items", items);
        Map<String, Object> item = new LinkedHashMap<>(castMap(paths.get(base + "/items/{featureId}")));
        List<Object> key = List.of(Map.of("name", "featureId", "in", "path", "required", true, "schema", Map.of("type", "string")),
                Map.of("name", "If-Match", "in", "header", "required", true, "schema", Map.of("type", "string")));
        item.put("put", write("replace_" + id, "Thay", key, "application/geo+json", "204"));
        item.put("patch", write("update_" + id, "Sửa (JSON merge patch)", key, "application/merge-patch+json", "204"));
        item.put("delete", write("delete_" + id, "Xóa", key, null, "204"));
        paths.put(base + "/items/{featureId}", item);
    }

    private static Map<String, Object> write(String id, String summary, List<Object> parameters, String body, String success) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(success, Map.of("description", success.equals("201") ? "Created: Location and ETag" : "Done: the new ETag"));
        for (String[] r : new String[][] {{"400", "Invalid value (the parameter names the property)"}, {"401", "No or unknown API token"},
                {"403", "Not in the caller's communes, or not an officer"}, {"404", "No such feature"},
                {"409", "The code exists, or households depend on it (checked in at a site)"}, {"412", "Stale If-Match: the feature changed"},
                {"428", "If-Match missing"}, {"503", "The database is unavailable"}}) {
            if (!(success.equals("201") && (r[0].equals("404") || r[0].equals("412") || r[0].equals("428")))) {
                responses.put(r[0], problemResponse(r[1]));
            }
        }
        responses.put("409", problemResponse("The code exists, households depend on it, or a request with this Idempotency-Key is still "
                + "being answered (Retry-After)"));
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", id);
        op.put("summary", summary);
        // sent again with its key, a write is applied once: the first answer comes back, marked Idempotent-Replayed
        List<Object> all = new ArrayList<>(parameters);
        all.add(Map.of("name", "Idempotency-Key", "in", "header", "required", false, "description",
                "8 to 200 visible characters (a UUID), one per change: sent again, the change is applied once", "schema", Map.of("type", "string")));
        op.put("parameters", all);
        if (body != null) {
            op.put("requestBody", Map.of("required", true, "content", Map.of(body, Map.of("schema", Map.of("type", "object")))));
        }
        op.put("security", List.of(Map.of("bearer", List.of()), Map.of("session", List.of())));
        op.put("responses", responses);
        return op;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /**
     * A tilesets list, a tileset and its tiles (OGC API – Tiles) under {@code base}, with the operation ids of the
     * standard's Table 11 ({@code dataset.vector.getTile}, {@code villages.collection.vector.getTile}, …): the OGC test
     * suite (/req/oas30/operation-id) reads the tile operations by those endings; {@code scope} keeps them unique.
     */
    private static void tilePaths(Map<String, Object> paths, String base, String scope, String title) {
        paths.put(base + "/tiles", op(scope + ".vector.getTileSetsList", title + " — tập ô lưới vector", List.of(), "application/json"));
        paths.put(base + "/tiles/{tileMatrixSetId}", op(scope + ".vector.getTileSet", title + " — tập ô lưới", List.of(ref("tileMatrixSetId")),
                "application/json"));
        paths.put(base + "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", op(scope + ".vector.getTile", title + " — một ô (MVT)",
                List.of(ref("tileMatrixSetId"), ref("tileMatrix"), ref("tileRow"), ref("tileCol")), "application/vnd.mapbox-vector-tile"));
    }

    private static Map<String, Object> path(String name, Map<String, Object> schema) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", "path");
        p.put("required", true);
        p.put("schema", schema);
        return p;
    }

    private static Map<String, Object> op(String id, String summary, List<Object> parameters, String mediaType) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "OK", "content", Map.of(mediaType, Map.of("schema", Map.of("type", "object")))));
        responses.put("304", Map.of("description", "Not modified (If-None-Match)"));
        if (mediaType.equals("application/vnd.mapbox-vector-tile")) {
            responses.put("204", Map.of("description", "An empty tile: no feature of the layers there"));
        }
        responses.put("400", problemResponse("Invalid parameter"));
        // any request may carry an API token; one that is unknown or revoked is refused
        responses.put("401", problemResponse("Unknown or revoked API token (Authorization: Bearer)"));
        responses.put("404", problemResponse("Not found"));
        responses.put("503", problemResponse("The database is unavailable; retry after the Retry-After seconds"));
        Map<String, Object> get = new LinkedHashMap<>();
        get.put("operationId", id);
        get.put("summary", summary);
        get.put("parameters", parameters);
        get.put("responses", responses);
        return Map.of("get", get);
    }

    private static Map<String, Object> problemResponse(String description) {
        return Map.of("description", description, "content",
                Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))));
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/parameters/" + name);
    }

    private static Map<String, Object> param(String name, String description, Map<String, Object> schema) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", "query");
        p.put("required", false);
        p.put("description", description);
        p.put("schema", schema);
        p.put("style", "form");
        p.put("explode", false);
        return p;
    }
}
