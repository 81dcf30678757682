// Libraries the first view does not need — VN-2000 coordinates, drawing, charts — are fetched after the map has
// drawn, or when first used: on a slow network the map comes first.

const pending = new Map();

function load(key, make) {
  if (!pending.has(key)) {
    pending.set(key, new Promise((resolve, reject) => {
      const node = make();
      node.addEventListener('load', () => resolve());
      node.addEventListener('error', () => { pending.delete(key); reject(new Error(`could not load ${key}`)); });
      document.head.append(node);
    }));
  }
  return pending.get(key);
}

export function script(src) {
  return load(src, () => Object.assign(document.createElement('script'), { src }));
}

export function stylesheet(href) {
  return load(href, () => Object.assign(document.createElement('link'), { rel: 'stylesheet', href }));
}

/** proj4, for the VN-2000 readout. */
export const proj4Library = () => script('/vendor/proj4/2.15.0/proj4.js');
/** uPlot, for a model's spread over time. */
export const chartLibrary = () => Promise.all([stylesheet('/webjars/uplot/1.6.30/dist/uPlot.min.css'),
  script('/webjars/uplot/1.6.30/dist/uPlot.iife.min.js')]);
/** Leaflet.draw, for drawing a flood on the map. */
export const drawLibrary = () => Promise.all([stylesheet('/vendor/leaflet-draw/1.0.4/leaflet.draw.css'),
  script('/vendor/leaflet-draw/1.0.4/leaflet.draw.js')]);
