package org.communeatlas.layers.tiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.communeatlas.layers.OgcLink;

/** The documents of OGC API – Tiles (OGC 17-083r4 tile matrix sets, 2D tile set metadata) and TileJSON 3.0, typed. */
final class TileDocuments {

    private TileDocuments() {
    }

    /** {@code /ogc/tileMatrixSets}. */
    record TileMatrixSets(List<TileMatrixSetRef> tileMatrixSets) {
    }

    record TileMatrixSetRef(String id, String title, String uri, List<OgcLink> links) {
    }

    /**
     * {@code /ogc/tileMatrixSets/WebMercatorQuad}, with the members of the 1.0 encoding beside the 2.0 ones (identifier,
     * supportedCRS, boundingBox): GDAL before 3.7 reads only those.
     */
    record TileMatrixSet(String id, String title, String uri, String crs, List<String> orderedAxes, String wellKnownScaleSet, String identifier,
                         @JsonProperty("supportedCRS") String supportedCrs, BoundingBox10 boundingBox, List<TileMatrix> tileMatrices) {
    }

    /** The 1.0 encoding's box. */
    record BoundingBox10(String type, String crs, List<Double> lowerCorner, List<Double> upperCorner) {
    }

    /** One zoom level, in the 2.0 members and the 1.0 ones (identifier, topLeftCorner). */
    record TileMatrix(String id, String identifier, double scaleDenominator, double cellSize, String cornerOfOrigin, List<Double> pointOfOrigin,
                      int tileWidth, int tileHeight, long matrixWidth, long matrixHeight, List<Double> topLeftCorner) {
    }

    /** {@code /ogc/tiles}, {@code /ogc/collections/{id}/tiles}: the tilesets offered. */
    record Tilesets(List<OgcLink> links, List<TilesetSummary> tilesets) {
    }

    /** A tileset as a list names it; {@code tileMatrixSetId} is what the OGC test suite and older clients read to find the tiles. */
    record TilesetSummary(String title, String dataType, String crs, String tileMatrixSetId,
                          @JsonProperty("tileMatrixSetURI") String tileMatrixSetUri, List<OgcLink> links) {
    }

    /** A tileset's metadata: where its tiles are, which exist, and its layers' schemas. */
    record Tileset(String title, String dataType, String crs, String tileMatrixSetId, @JsonProperty("tileMatrixSetURI") String tileMatrixSetUri,
                   List<OgcLink> links, List<TileMatrixLimits> tileMatrixSetLimits, List<TilesetLayer> layers, BoundingBox boundingBox) {
    }

    record TileMatrixLimits(String tileMatrix, long minTileRow, long maxTileRow, long minTileCol, long maxTileCol) {
    }

    record TilesetLayer(String id, String title, String dataType, int geometryDimension, String minTileMatrix, String maxTileMatrix,
                        PropertiesSchema propertiesSchema, List<OgcLink> links) {
    }

    record PropertiesSchema(String type, Map<String, PropertyType> properties) {
    }

    record PropertyType(String type) {
    }

    record BoundingBox(List<Double> lowerLeft, List<Double> upperRight, String crs) {
    }

    /** {@code /tiles/{layer}.json}: TileJSON 3.0.0. */
    record TileJson(String tilejson, String name, String description, String version, String attribution, String scheme, List<String> tiles,
                    int minzoom, int maxzoom, List<Double> bounds, List<Number> center, @JsonProperty("vector_layers") List<VectorLayer> vectorLayers) {
    }

    record VectorLayer(String id, String description, int minzoom, int maxzoom, Map<String, String> fields) {
    }
}
