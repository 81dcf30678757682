// Vector tile layers (Leaflet.VectorGrid, SVG renderer), configured from each layer's TileJSON.
import { getJson } from '../api.js';

/**
 * A VectorGrid layer for one of the server's tile layers: zoom range and bounds from its TileJSON, so
 * no tile is requested where there is none; overzoomed beyond its deepest zoom.
 */
export async function tileLayer(id, style, options = {}) {
  const tj = await getJson(`/tiles/${id}.json`);
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
  return layer;
}
