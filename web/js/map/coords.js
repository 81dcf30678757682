// The pointer's position in WGS 84 and in VN-2000 / TM-3 107°45′ (EPSG:5899), the projection of field data.
import { t, formatNumber } from '../i18n.js';

import { proj4Library } from '../lazy.js';

let projection = null;

/** Loads proj4 (after the map's first view) and defines VN-2000; resolves when {@link toVn2000} works. */
export async function loadVn2000() {
  await proj4Library();
  // FACTS.md §3: central meridian 107.75°, k = 0.9999, false easting 500,000 m, datum shift EPSG:6960
  proj4.defs('EPSG:5899', '+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 '
    + '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs');
  projection = proj4('EPSG:4326', 'EPSG:5899');
}

/** [easting, northing] in EPSG:5899 of a WGS 84 position; null until {@link loadVn2000} is done. */
export function toVn2000(lat, lon) {
  return projection ? projection.forward([lon, lat]) : null;
}

/** A control showing where the pointer is (or the map's centre on touch screens). */
export function coordinatesControl(map) {
  const control = L.control({ position: 'bottomleft' });
  let node;
  let last = map.getCenter();
  const render = () => {
    if (!node) {
      return;
    }
    node.textContent = '';
    const line1 = document.createElement('div');
    line1.textContent = `${t('coords.wgs84')}: ${last.lat.toFixed(6)}, ${last.lng.toFixed(6)}`;
    node.append(line1);
    const vn = toVn2000(last.lat, last.lng);
    if (vn) {
      const [e, n] = vn;
      const line2 = document.createElement('div');
      line2.className = 'vn2000';
      line2.dataset.e = e.toFixed(3);
      line2.dataset.n = n.toFixed(3);
      line2.textContent = `${t('coords.vn2000')}: E ${formatNumber(e, 2)}  N ${formatNumber(n, 2)}`;
      node.append(line2);
    }
  };
  control.onAdd = () => {
    node = L.DomUtil.create('div', 'coords');
    node.id = 'coords';
    render();
    return node;
  };
  map.on('mousemove', (ev) => { last = ev.latlng; render(); });
  map.on('move', () => {
    if (!matchMedia('(hover: hover)').matches) {
      last = map.getCenter();
      render();
    }
  });
  control.refresh = render;
  return control;
}
