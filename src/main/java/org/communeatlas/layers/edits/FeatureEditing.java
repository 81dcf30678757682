package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.content.Etags;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.PreconditionFailedException;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;
import org.communeatlas.geo.Crs;

/**
 * What every editable collection does alike: the feature's parts read from GeoJSON, each property checked as the
 * importer checks it, the point brought to CRS84 and found inside Vietnam by PostGIS, the version named in If-Match
 * compared with the row's, the ETag made from the row's version. (The SQL is {@link GeometryStore}'s.)
 */
final class FeatureEditing {

    private FeatureEditing() {
    }

    /** The ETag of a feature's version as a viewer receives it (GeoJSON and JSON are the same bytes). */
    static String etag(String kind, String version, Viewer viewer, String format, Crs crs) {
        return Etags.of(kind, version, viewer.visibilityKey(), format.equals("geojson") ? "json" : format, crs.uri());
    }

    /** 428 without If-Match, 412 when it names no version of the row as it is now (in any offered CRS). */
    static void requireVersion(String kind, String version, String ifMatch, Viewer viewer) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw PreconditionFailedException.versionRequired("a change names the version it was made on: send the feature's ETag in If-Match");
        }
        List<String> current = Crs.SUPPORTED.stream().map(crs -> etag(kind, version, viewer, "json", crs)).toList();
        for (String tag : ifMatch.split(",")) {
            if (current.contains(tag.strip()) || tag.strip().equals("*")) {
                return;
            }
        }
        throw new PreconditionFailedException("the feature changed since that version: read it again (its ETag is new)");
    }

    /** The feature's properties without those it shows but a client cannot set. */
    static ObjectNode properties(JsonNode feature, Set<String> readOnly) {
        JsonNode props = feature.get("properties");
        if (props == null || !props.isObject()) {
            throw InvalidInputException.field("properties", "a feature's properties are an object");
        }
        ObjectNode copy = ((ObjectNode) props).deepCopy();
        readOnly.forEach(copy::remove);
        return copy;
    }

    static double[] point(JsonNode feature) {
        JsonNode g = feature.get("geometry");
        if (g == null || !g.isObject() || !"Point".equals(g.path("type").asText()) || !g.path("coordinates").isArray()
                || g.get("coordinates").size() < 2 || !g.get("coordinates").get(0).isNumber() || !g.get("coordinates").get(1).isNumber()) {
            throw InvalidInputException.field("geometry", "a Point: {\"type\": \"Point\", \"coordinates\": [x, y]}");
        }
        return new double[] {g.get("coordinates").get(0).asDouble(), g.get("coordinates").get(1).asDouble()};
    }

    /** Each of the layer's fields parsed by its definition (unknown properties refused), then the layer's row checks. */
    static CheckedRow check(FileLayer layer, ObjectNode props) {
        Map<String, Field> fields = new LinkedHashMap<>();
        layer.fields().forEach(f -> fields.put(f.name(), f));
        for (var names = props.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name) && !name.equals("lon") && !name.equals("lat")) {
                throw InvalidInputException.field(name, "không phải thuộc tính của lớp; các thuộc tính: " + String.join(", ", fields.keySet()));
            }
        }
        CheckedRow row = new CheckedRow();
        for (Field f : fields.values()) {
            JsonNode value = props.get(f.name());
            String raw = value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
            try {
                row.put(f.name(), f.parse(raw));
            } catch (IllegalArgumentException | ArithmeticException bad) {
                throw InvalidInputException.field(f.name(), bad.getMessage());
            }
        }
        for (CheckedRow.Problem p : layer.rowChecks(row)) {
            throw InvalidInputException.field(p.field(), p.reason());
        }
        return row;
    }

    /** A point in the body's CRS as CRS84, refused outside Vietnam (naming swapped coordinates as the importer does). */
    static double[] lonLat(Connection c, double[] point, Crs crs) throws SQLException {
        double[] lonLat = !crs.geographic() ? GeometryStore.toCrs84(c, point[0], point[1], crs.srid())
                : crs.latFirst() ? new double[] {point[1], point[0]} : point;
        if (!GeometryStore.insideVietnam(c, lonLat[0], lonLat[1])) {
            throw InvalidInputException.field("geometry", GeometryStore.insideVietnam(c, lonLat[1], lonLat[0])
                    ? "nằm ngoài Việt Nam; đổi chỗ hai tọa độ thì vào trong — kinh độ và vĩ độ bị đảo cho nhau?" : "nằm ngoài Việt Nam");
        }
        return lonLat;
    }

    /** A point feature's state after a merge patch: its properties, its point and the CRS the point is in. */
    record Merged(ObjectNode properties, double[] point, Crs crs) {
    }

    /**
     * RFC 7396 on a point feature: the patch's properties replace the current ones (null clears an optional one), its
     * geometry, if any, replaces the point (in the body's CRS); the rest stays as it is now.
     */
    static Merged merge(String currentJson, JsonNode patch, Set<String> readOnly, Crs crs) {
        ObjectNode merged = json(currentJson);
        double[] point = {merged.get("lon").asDouble(), merged.get("lat").asDouble()};
        Crs pointCrs = Crs.CRS84;
        if (patch.has("properties")) {
            properties(patch, readOnly).fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        }
        if (patch.hasNonNull("geometry")) {
            point = point(patch);
            pointCrs = crs;
        }
        return new Merged(merged, point, pointCrs);
    }

    /** A numeric feature id from the path; an id that is not one names no feature. */
    static long numericId(String featureId, String what) {
        try {
            return Long.parseLong(featureId);
        } catch (NumberFormatException e) {
            throw new org.communeatlas.core.NotFoundException("No " + what + " '" + featureId.substring(0, Math.min(40, featureId.length())) + "'");
        }
    }

    /** A JSON object the database wrote (a feature's writable state). */
    static ObjectNode json(String text) {
        try {
            return (ObjectNode) org.communeatlas.core.JsonCodec.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JSON object from the database", e);
        }
    }

    /** The names whose values differ between two states of a feature, for the audit log (never the values). */
    static List<String> changed(ObjectNode before, ObjectNode after) {
        List<String> names = new ArrayList<>();
        before.fieldNames().forEachRemaining(f -> {
            if (!before.get(f).equals(after.get(f))) {
                names.add(f);
            }
        });
        return names;
    }
}
