// Unit names written on the map at the zooms where they fit.
import { getJson } from '../api.js';
import { boot } from '../boot.js';

const RANGES = { district: [8, 10], commune: [11, 20], unit_2025: [10, 20] };

/**
 * A layer of name labels for a level, shown only within its zoom range. The names are fetched in the background:
 * on a slow network the map draws its tiles first and writes the names when they come.
 */
export function labelLayer(map, level, onError) {
  const group = L.layerGroup();
  /**
   * Names never overlap: after each zoom, each name is kept only if it does not touch one kept before it (the
   * server's order), so a phone at the province view reads every name it shows.
   */
  const thin = () => requestAnimationFrame(() => {
    const kept = [];
    group.eachLayer((m) => {
      const node = m.getElement();
      if (!node) {
        return;
      }
      node.style.visibility = '';
      const r = node.getBoundingClientRect();
      const clash = kept.some((k) => r.left < k.right + 4 && r.right + 4 > k.left && r.top < k.bottom + 2 && r.bottom + 2 > k.top);
      if (clash) {
        node.style.visibility = 'hidden';
      } else {
        kept.push(r);
      }
    });
  });
  group.on('add', thin);
  map.on('zoomend', () => { if (map.hasLayer(group)) { thin(); } });
  // the names are asked for when first shown (commune names only once zoomed in), the districts' come with the page
  let asked = null;
  const ask = () => {
    const written = boot.labels && boot.labels[level];
    asked = (written ? Promise.resolve({ labels: written }) : getJson('/api/labels', { level })).then((data) => {
      for (const l of data.labels) {
        const node = document.createElement('span');
        node.textContent = l.short_name;
        group.addLayer(L.marker([l.lat, l.lon], {
          icon: L.divIcon({ className: `unit-label ${level.replace('_', '-')}`, html: node, iconSize: null }),
          interactive: false, keyboard: false, pane: 'labels',
        }));
      }
      if (map.hasLayer(group)) {
        thin();
      }
    }).catch((e) => { asked = null; onError(e); });
  };
  const [min, max] = RANGES[level];
  const sync = () => {
    const z = map.getZoom();
    const visible = z >= min && z <= max && group.wanted;
    if (visible && asked === null) {
      ask();
    }
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
