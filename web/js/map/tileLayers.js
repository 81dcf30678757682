// Vector tile layers (Leaflet.VectorGrid, SVG renderer), configured from each layer's TileJSON.
import { getJson } from '../api.js';
import { boot } from '../boot.js';

/**
 * A VectorGrid layer for one of the server's tile layers: zoom range and bounds from its TileJSON, so
 * no tile is requested where there is none; overzoomed beyond its deepest zoom.
 */
export async function tileLayer(id, style, options = {}) {
  // the zoom range and bounds the page was written with, else the layer's TileJSON
  const tj = (boot.layers && boot.layers[id]) || await getJson(`/tiles/${id}.json`);
  const [w, s, e, n] = tj.bounds;
  const layer = L.vectorGrid.protobuf(`/tiles/${id}/{z}/{x}/{y}.mvt`, {
    rendererFactory: L.svg.tile,
    vectorTileLayerStyles: { [id]: style },
    interactive: true,
    getFeatureId: (f) => f.properties.code || f.properties.fid || f.id,
    minZoom: Math.max(tj.minzoom, 0),
    maxNativeZoom: tj.maxzoom,
    maxZoom: 20,
    bounds: L.latLngBounds([s, w], [n, e]),
    pane: id,
    ...options,
  });
  layer.tileJson = tj;
  // A point drawn in a tile knows its pixel in the tile, not its position, yet it inherits CircleMarker's getLatLng;
  // Leaflet asks a small circle for its position on every click (and fails with "reading 'lat'"). Without the method
  // Leaflet takes the pointer's position instead, which is where the user tapped.
  const createLayer = layer._createLayer;
  layer._createLayer = function createPointAwareLayer(feature, pxPerExtent, style) {
    const drawn = createLayer.call(this, feature, pxPerExtent, style);
    if (feature.type === 1) {
      drawn.getLatLng = null;
    }
    return drawn;
  };
  return layer;
}

/**
 * Restyles one feature wherever its tiles are drawn, without fetching them again. VectorGrid's setFeatureStyle
 * changes colours but keeps the class names the path was made with; the classes (hatches, "full adoption",
 * a household's status) are set here too. With no style, the feature goes back to the layer's own style.
 */
export function restyleFeature(layer, id, style) {
  if (style) {
    layer.setFeatureStyle(id, style);
  } else {
    layer.resetFeatureStyle(id);
  }
  for (const tile of Object.values(layer._vectorTiles || {})) {
    const entry = (tile._features || {})[id];
    const path = entry && entry.feature && entry.feature._path;
    if (!path) {
      continue;
    }
    const own = layer.options.vectorTileLayerStyles[entry.layerName];
    const effective = style || (typeof own === 'function' ? own(entry.feature.properties, tile.getCoord().z) : own);
    const className = (effective && effective.className) || '';
    entry.feature.options.className = className;
    path.setAttribute('class', `${className}${layer.options.interactive ? ' leaflet-interactive' : ''}`.trim());
  }
}
