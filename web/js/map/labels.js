// Unit names written on the map at the zooms where they fit.
import { getJson } from '../api.js';

const RANGES = { district: [8, 10], commune: [11, 20], unit_2025: [10, 20] };

/** A layer of name labels for a level, shown only within its zoom range. */
export async function labelLayer(map, level) {
  const data = await getJson('/api/labels', { level });
  const group = L.layerGroup();
  for (const l of data.labels) {
    const node = document.createElement('span');
    node.textContent = l.short_name;
    group.addLayer(L.marker([l.lat, l.lon], {
      icon: L.divIcon({ className: `unit-label ${level.replace('_', '-')}`, html: node, iconSize: null }),
      interactive: false, keyboard: false, pane: 'labels',
    }));
  }
  const [min, max] = RANGES[level];
  const sync = () => {
    const z = map.getZoom();
    const visible = z >= min && z <= max && group.wanted;
    if (visible && !map.hasLayer(group)) {
      map.addLayer(group);
    } else if (!visible && map.hasLayer(group)) {
      map.removeLayer(group);
    }
  };
  map.on('zoomend', sync);
  return {
    show(on) {
      group.wanted = on;
      sync();
    },
  };
}
