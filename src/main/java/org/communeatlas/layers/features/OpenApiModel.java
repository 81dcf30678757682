package org.communeatlas.layers.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The parts of an OpenAPI 3.0 document this server writes ({@code /ogc/api}), typed; members left null are not written. */
final class OpenApiModel {

    private OpenApiModel() {
    }

    record Document(String openapi, Info info, List<Server> servers, Map<String, PathItem> paths, Components components) {
    }

    record Info(String title, String version, String description) {
    }

    record Server(String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PathItem(Operation get, Operation post, Operation put, Operation patch, Operation delete) {

        static PathItem get(Operation get) {
            return new PathItem(get, null, null, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Operation(String operationId, String summary, List<Parameter> parameters, RequestBody requestBody,
                     List<Map<String, List<String>>> security, Map<String, Response> responses) {
    }

    /** A parameter, or a reference to one of the components' ({@code $ref} alone). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Parameter(@JsonProperty("$ref") String ref, String name, String in, Boolean required, String description, Schema schema, String style,
                     Boolean explode) {

        static Parameter ref(String name) {
            return new Parameter("#/components/parameters/" + name, null, null, null, null, null, null, null);
        }

        static Parameter path(String name, Schema schema) {
            return new Parameter(null, name, "path", true, null, schema, null, null);
        }

        static Parameter header(String name, boolean required, String description) {
            return new Parameter(null, name, "header", required, description, Schema.of("string"), null, null);
        }

        /** A query parameter as the standard's fragments define them: style form, not exploded. */
        static Parameter query(String name, String description, Schema schema) {
            return new Parameter(null, name, "query", false, description, schema, "form", false);
        }

        /** A queryable property as a query parameter of its own. */
        static Parameter property(String name, String description, Schema schema) {
            return new Parameter(null, name, "query", false, description, schema, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Schema(@JsonProperty("$ref") String ref, String type, String format, @JsonProperty("enum") List<String> values,
                  @JsonProperty("default") Object defaultValue, Integer minimum, Integer maximum, Integer minItems, Integer maxItems, Schema items,
                  List<Schema> oneOf, Map<String, Schema> properties) {

        static Schema of(String type) {
            return new Schema(null, type, null, null, null, null, null, null, null, null, null, null);
        }

        static Schema ref(String to) {
            return new Schema(to, null, null, null, null, null, null, null, null, null, null, null);
        }

        static Schema object(Map<String, Schema> properties) {
            return new Schema(null, "object", null, null, null, null, null, null, null, null, null, properties);
        }

        static Schema integer(Integer minimum, Integer maximum, Integer defaultValue) {
            return new Schema(null, "integer", null, null, defaultValue, minimum, maximum, null, null, null, null, null);
        }

        static Schema choice(List<String> values, String defaultValue, String format) {
            return new Schema(null, "string", format, values, defaultValue, null, null, null, null, null, null, null);
        }

        /** Only the item counts, for an alternative of {@code oneOf}. */
        static Schema items(int min, int max) {
            return new Schema(null, null, null, null, null, null, null, min, max, null, null, null);
        }

        /** An array of {@code min} to {@code max} items, and (the 1.0.1 fragments' way) exactly one of the counts in {@code oneOf}. */
        static Schema array(Schema items, int min, int max, List<Schema> oneOf) {
            return new Schema(null, "array", null, null, null, null, null, min, max, items, oneOf, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Response(String description, Map<String, MediaType> content) {
    }

    record MediaType(Schema schema) {
    }

    record RequestBody(boolean required, Map<String, MediaType> content) {
    }

    record Components(Map<String, Parameter> parameters, Map<String, Schema> schemas, Map<String, SecurityScheme> securitySchemes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SecurityScheme(String type, String scheme, String in, String name, String description) {
    }
}
