package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;

/** A feature's properties as a client sent them: the writable ones picked out, merged (RFC 7396), checked as the importer checks a row. */
final class FeatureBody {

    private FeatureBody() {
    }

    /** The feature's properties without those it shows but a client cannot set (QGIS sends them back with every save). */
    static ObjectNode properties(JsonNode feature, Set<String> readOnly) {
        JsonNode props = feature.get("properties");
        if (props == null || !props.isObject()) {
            throw InvalidInputException.field("properties", "a feature's properties are an object");
        }
        ObjectNode copy = ((ObjectNode) props).deepCopy();
        readOnly.forEach(copy::remove);
        return copy;
    }

    /** RFC 7396 on the properties: the patch's members replace the current ones (null clears an optional one), the rest stays. */
    static ObjectNode merge(ObjectNode current, JsonNode patch, Set<String> readOnly) {
        ObjectNode merged = current.deepCopy();
        if (patch.has("properties")) {
            properties(patch, readOnly).fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        }
        return merged;
    }

    /** Each of the layer's fields parsed by its definition (unknown properties refused), then the layer's row checks. */
    static CheckedRow check(FileLayer layer, ObjectNode props) {
        Map<String, Field> fields = new LinkedHashMap<>();
        layer.fields().forEach(f -> fields.put(f.name(), f));
        for (var names = props.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name)) {
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
