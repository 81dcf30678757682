package org.communeatlas.layers;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One published collection, declared once (through {@link #of}, a builder that names each part): where its
 * rows come from, its geometry, its public and restricted (personal) properties, its zoom range and how it is
 * generalised in tiles. Every SQL identifier the server uses for a layer comes from here, never from a request.
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
 * @param cellTable      for clustered layers, the table of counts per cell the clusters are read from
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
        String cellTable,
        int tileCap,
        String cacheControl,
        Set<String> sourceTables) {

    /** Cache-Control of layers that change as the situation does (households, sites): revalidated every time. */
    public static final String LIVE = "no-cache";
    /** Cache-Control of layers that change seldom (units, villages, roads): a minute. */
    public static final String STEADY = "public, max-age=60";

    /** Starts the declaration of a layer: {@code Layer.of("provinces").title(...).from(...)...build()}. */
    public static Builder of(String id) {
        return new Builder(id);
    }

    /** Names every part of a layer's declaration; {@link #build} checks that none was forgotten. */
    public static final class Builder {
        private final String id;
        private String title;
        private String titleEn;
        private String description;
        private String from;
        private String where = "true";
        private String idExpr;
        private boolean numericId;
        private String tileIdExpr;
        private String geometryType;
        private List<Property> properties;
        private String communeExpr;
        private int minZoom = -1;
        private int maxZoom = -1;
        private Generalisation generalisation = Generalisation.NONE;
        private String cellTable;
        private int tileCap;
        private String cacheControl = STEADY;
        private Set<String> sourceTables;

        private Builder(String id) {
            this.id = id;
        }

        /** The Vietnamese and the English title. */
        public Builder title(String vietnamese, String english) {
            this.title = vietnamese;
            this.titleEn = english;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /** The FROM clause, the main table aliased {@code t}. */
        public Builder from(String fromClause) {
            this.from = fromClause;
            return this;
        }

        /** The fixed condition that selects the layer's rows (all of them when not given). */
        public Builder where(String condition) {
            this.where = condition;
            return this;
        }

        /** A text feature id (a code); the ordering key. */
        public Builder textId(String expr) {
            this.idExpr = expr;
            this.numericId = false;
            return this;
        }

        /** A whole-number feature id; the ordering key. */
        public Builder numericId(String expr) {
            this.idExpr = expr;
            this.numericId = true;
            return this;
        }

        /** The integer id of features in vector tiles. */
        public Builder tileId(String expr) {
            this.tileIdExpr = expr;
            return this;
        }

        public Builder geometry(String geoJsonType) {
            this.geometryType = geoJsonType;
            return this;
        }

        public Builder properties(Property... all) {
            this.properties = List.of(all);
            return this;
        }

        /** The commune (pre-2025 unit id) a row belongs to: officers see personal fields of their own communes only. */
        public Builder commune(String expr) {
            this.communeExpr = expr;
            return this;
        }

        public Builder zoom(int min, int max) {
            this.minZoom = min;
            this.maxZoom = max;
            return this;
        }

        /** Lines and polygons simplified to a pixel in tiles. */
        public Builder simplified() {
            this.generalisation = Generalisation.SIMPLIFY;
            return this;
        }

        /**
         * Points clustered with counts below zoom {@link Generalisation#CLUSTER_BELOW_ZOOM} (and where a tile is too dense
         * up to {@link Generalisation#DENSE_UP_TO_ZOOM}), read from a table of counts per cell that triggers keep.
         */
        public Builder clustered(String cellTable) {
            this.generalisation = Generalisation.CLUSTER;
            this.cellTable = cellTable;
            return this;
        }

        /** Roads: the main classes only at low zoom. */
        public Builder byRoadClass() {
            this.generalisation = Generalisation.ROAD_CLASSES;
            return this;
        }

        /** The most features one tile of this layer carries. */
        public Builder tileCap(int features) {
            this.tileCap = features;
            return this;
        }

        /** Changes as the situation does: {@link #LIVE} caching. */
        public Builder live() {
            this.cacheControl = LIVE;
            return this;
        }

        /** The tables whose changes change this layer. */
        public Builder sources(String... tables) {
            this.sourceTables = Set.of(tables);
            return this;
        }

        public Layer build() {
            if (title == null || description == null || from == null || idExpr == null || geometryType == null || properties == null
                    || minZoom < 0 || tileCap <= 0 || sourceTables == null) {
                throw new IllegalStateException("layer " + id + " is not fully declared");
            }
            return new Layer(id, title, titleEn, description, from, where, idExpr, numericId, tileIdExpr, geometryType, properties,
                    communeExpr, minZoom, maxZoom, generalisation, cellTable, tileCap, cacheControl, sourceTables);
        }
    }

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
        /** Up to this zoom a tile with more than {@link #DENSE_TILE} points carries clusters instead (a phone's worth of bytes). */
        public static final int DENSE_UP_TO_ZOOM = 14;
        /** Points in one tile beyond which it is clustered: about 250 KB of households. */
        public static final int DENSE_TILE = 8_000;
        /** The deepest level of the cell tables: cells of zoom 18. */
        public static final int DEEPEST_CELL_LEVEL = 14;
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
