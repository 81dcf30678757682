// The map's state in its address, so that a link shared (by Zalo, in a report) opens what its sender saw:
//   #map=15/15.57000/108.48000&layers=communes,villages,households&model=2&units=2025&month=2025-06&flood=12
// The address follows the map as it moves (replaceState: the back button is not filled with every pan); opened, the
// link's view wins over the one the device remembers.
import { getJson } from './api.js';

/** The overlays a link names: those a person turns on and off (the flood's own come with the flood). */
const OVERLAYS = ['admin_units_2025', 'districts', 'communes', 'villages', 'households', 'evacuation_points', 'roads'];

/** What the address names, or null when it names nothing (a plain visit). */
export function readLink(hash = window.location.hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const link = {};
  const view = (p.get('map') || '').split('/').map(Number);
  if (view.length === 3 && view.every(Number.isFinite) && Math.abs(view[1]) <= 90 && Math.abs(view[2]) <= 180) {
    link.view = { zoom: Math.round(view[0]), lat: view[1], lng: view[2] };
  }
  if (p.has('layers')) {
    link.layers = p.get('layers').split(',').filter((id) => OVERLAYS.includes(id));
  }
  const whole = (name) => (/^[1-9][0-9]{0,9}$/.test(p.get(name) || '') ? Number(p.get(name)) : null);
  link.model = whole('model');
  link.flood = whole('flood');
  link.units = ['2024', '2025'].includes(p.get('units')) ? p.get('units') : null;
  const month = /^([0-9]{4})-([0-9]{2})$/.exec(p.get('month') || '');
  link.month = month ? { year: Number(month[1]), month: Number(month[2]) } : null;
  return link.view || link.layers || link.model || link.flood || link.units || link.month ? link : null;
}

/** Opens what a link names, once the panels are there: layers, model, units and month, flood. */
export async function applyLink(link, atlas) {
  const { map, registry } = atlas;
  if (link.layers) {
    for (const id of OVERLAYS) {
      const layer = registry.layers[id];
      const on = link.layers.includes(id);
      if (on && !map.hasLayer(layer)) {
        map.addLayer(layer);
      } else if (!on && map.hasLayer(layer)) {
        map.removeLayer(layer);
      }
    }
  }
  if (link.model || link.units || link.month) {
    const model = link.model ? await getJson(`/api/models/${link.model}`).catch(() => null) : null;
    atlas.coverage.show({ model, units: link.units, year: link.month && link.month.year, month: link.month && link.month.month });
  }
  if (link.flood) {
    // the link's view is what its sender looked at: the flood does not frame itself over it (a framing animated
    // while the view was set would undo it when it ended)
    await atlas.floods.showEvent(link.flood, { frame: !link.view }).catch(() => {});
  }
}

/** Keeps the address naming what the map shows, from now on. */
export function keepLink(atlas) {
  const { map, registry } = atlas;
  let coverage = null;
  let flood = null;
  const write = () => {
    const c = map.getCenter();
    const p = new URLSearchParams();
    p.set('map', `${map.getZoom()}/${c.lat.toFixed(5)}/${c.lng.toFixed(5)}`);
    p.set('layers', OVERLAYS.filter((id) => map.hasLayer(registry.layers[id])).join(','));
    if (coverage && coverage.model) {
      p.set('model', String(coverage.model));
    }
    if (coverage) {
      p.set('units', coverage.units);
      p.set('month', coverage.asOf.slice(0, 7));
    }
    if (flood) {
      p.set('flood', String(flood));
    }
    window.history.replaceState(null, '', `#${p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/')}`);
  };
  // many layers come and go at once (a flood's dots, a plan's routes): the address is written once they settle
  let timer = null;
  const writeSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(write, 150);
  };
  map.on('moveend layeradd layerremove', writeSoon);
  document.addEventListener('atlas:coverage', (e) => { coverage = e.detail; writeSoon(); });
  document.addEventListener('atlas:flood', (e) => { flood = e.detail.id; writeSoon(); });
  write();
}
