package org.communeatlas.layers.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.communeatlas.layers.OgcLink;

/** The documents of OGC API – Features (Part 1, Part 3's queryables) as this server writes them, typed. */
final class FeatureDocuments {

    private FeatureDocuments() {
    }

    /** {@code /ogc}: the landing page. */
    record Landing(String title, String description, List<OgcLink> links) {
    }

    /** {@code /ogc/conformance}. */
    record Conformance(List<String> conformsTo) {
    }

    /** {@code /ogc/collections}. */
    record Collections(List<OgcLink> links, List<Collection> collections) {
    }

    /** {@code /ogc/collections/{id}}; no extent while the layer is empty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Collection(String id, String title, String description, String itemType, List<String> crs, String storageCrs, Extent extent,
                      List<OgcLink> links) {
    }

    record Extent(SpatialExtent spatial) {
    }

    /** One box, minimum longitude, latitude, maximum longitude, latitude, in {@code crs}. */
    record SpatialExtent(List<List<Double>> bbox, String crs) {
    }

    /** {@code /ogc/collections/{id}/queryables}: a JSON Schema (2020-12) of what a filter may name. */
    record Queryables(@JsonProperty("$schema") String schema, @JsonProperty("$id") String id, String type, String title,
                      Map<String, Queryable> properties, boolean additionalProperties) {
    }

    /** A queryable's schema; the geometry's carries its role. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Queryable(String title, String type, String format, @JsonProperty("x-ogc-role") String role) {
    }

    /** What a page of features says before its features: written first, the features streamed after it. */
    record PageHead(String type, long numberMatched, List<OgcLink> links) {
    }
}
