package org.communeatlas.layers;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One published collection, declared once: where its rows come from, its geometry, its public and
 * restricted (personal) properties, its zoom range and how it is generalised in tiles. Every SQL
 * identifier the server uses for a layer comes from here, never from a request.
 *
 * @param id             collection id in URLs (e.g. {@code communes})
 * @param title          Vietnamese title
 * @param titleEn        English title
 * @param description    what the layer holds
 * @param from           FROM clause, the main table aliased {@code t}
 * @param where          fixed condition selecting the layer's rows
 * @param idExpr         feature id expression (unique within the layer; ordering key)
 * @param numericId      whether the id is a whole number (else text)
 * @param tileIdExpr     integer id for MVT features, or null
 * @param geometryType   GeoJSON geometry type of the features
 * @param properties     all properties, public and restricted
 * @param communeExpr    the commune (pre-2025 unit id) a row belongs to, for officers' scope; null if none
 * @param minZoom        smallest zoom with tiles
 * @param maxZoom        largest zoom with tiles
 * @param generalisation how tiles are simplified or aggregated at low zoom
 * @param tileCap        most features in one tile of this layer
 * @param cacheControl   Cache-Control of its public responses
 * @param sourceTables   tables whose changes change this layer
 */
public record Layer(
        String id,
        String title,
        String titleEn,
        String description,
        String from,
        String where,
        String idExpr,
        boolean numericId,
        String tileIdExpr,
        String geometryType,
        List<Property> properties,
        String communeExpr,
        int minZoom,
        int maxZoom,
        Generalisation generalisation,
        int tileCap,
        String cacheControl,
        Set<String> sourceTables) {

    /** Geometry in WGS 84 and in Web Mercator (generated columns of the main table). */
    public static final String GEOM = "t.geom";
    public static final String GEOM_3857 = "t.geom_3857";

    /** Property value types, as JSON Schema and SQL understand them. */
    public enum Type {
        STRING("string", null), INTEGER("integer", null), NUMBER("number", null), BOOLEAN("boolean", null),
        DATE("string", "date"), TIMESTAMP("string", "date-time"), JSON("array", null);

        public final String jsonType;
        public final String format;

        Type(String jsonType, String format) {
            this.jsonType = jsonType;
            this.format = format;
        }
    }

    /**
     * A property of the layer's features.
     *
     * @param name       name in GeoJSON, CSV, tiles and filters
     * @param expr       SQL expression over the layer's FROM clause
     * @param type       value type
     * @param title      what it means (shown in queryables and HTML)
     * @param restricted personal data: only officers of the row's commune and admins see it
     * @param inTiles    carried in vector tiles
     */
    public record Property(String name, String expr, Type type, String title, boolean restricted, boolean inTiles) {

        public static Property of(String name, String expr, Type type, String title) {
            return new Property(name, expr, type, title, false, type != Type.JSON);
        }

        public static Property personal(String name, String expr, Type type, String title) {
            return new Property(name, expr, type, title, true, false);
        }

        public Property notInTiles() {
            return new Property(name, expr, type, title, restricted, false);
        }

        /** Whether filters may use it: plain scalar values; personal data never for the public. */
        public boolean queryable() {
            return type != Type.JSON;
        }
    }

    /** How a layer is simplified for low zooms. */
    public enum Generalisation {
        /** Points as they are. */
        NONE,
        /** Lines and polygons simplified to the size of a pixel at the tile's zoom. */
        SIMPLIFY,
        /** Roads: only the more important classes at low zoom, simplified. */
        ROAD_CLASSES,
        /** Points aggregated into clusters with counts below {@link #CLUSTER_BELOW_ZOOM}. */
        CLUSTER;

        public static final int CLUSTER_BELOW_ZOOM = 13;
    }

    public List<Property> publicProperties() {
        return properties.stream().filter(p -> !p.restricted()).toList();
    }

    public List<Property> restrictedProperties() {
        return properties.stream().filter(Property::restricted).toList();
    }

    public Optional<Property> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean hasPersonalData() {
        return properties.stream().anyMatch(Property::restricted);
    }
}
