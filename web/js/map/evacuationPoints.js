// Evacuation points as icons by kind, with a bar of the places taken; loaded for the area in view.
import { getJson } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { el } from '../ui.js';
import { EP_KINDS } from './styles.js';

export const MIN_ZOOM = 11;
/** Families' solid houses taking in neighbours are most of the sites: drawn from this zoom (or when a plan uses them). */
export const SOLID_HOUSE_ZOOM = 15;

function icon(p, faded = false) {
  const kind = EP_KINDS[p.kind] || EP_KINDS.other;
  const glyph = el('span', { class: 'ep-glyph' }, kind.glyph);
  glyph.style.background = kind.color;
  const used = p.capacity_day > 0 ? (p.occupancy + p.reserved) / p.capacity_day : 1;
  const fill = el('span');
  fill.style.width = `${Math.min(100, Math.round(used * 100))}%`;
  const bar = el('span', { class: `ep-bar${used >= 1 ? ' full' : used >= 0.75 ? ' high' : ''}` }, fill);
  const root = el('div', { class: `ep-icon ep-${p.kind}${p.is_open ? '' : ' ep-closed'}${faded ? ' ep-faded' : ''}`, dataset: { code: p.code } },
    glyph, bar);
  return L.divIcon({ className: 'ep-marker', html: root, iconSize: [28, 32], iconAnchor: [14, 16] });
}

export function popup(p) {
  const used = p.capacity_day > 0 ? Math.min(1, (p.occupancy + p.reserved) / p.capacity_day) : 1;
  const fill = el('span');
  fill.style.width = `${Math.round(used * 100)}%`;
  return el('div', { class: 'popup' },
    el('h3', {}, p.name),
    el('div', { class: 'muted' }, `${t(`ep.${p.kind}`)} · ${p.is_open ? t('ep.open') : t('ep.closed')}`),
    el('div', { class: 'bar' }, fill),
    el('div', {}, `${t('ep.occupancy')}: ${formatNumber(p.occupancy)} / ${formatNumber(p.capacity_day)} · ${t('ep.available')}: `
      + `${formatNumber(p.available)} · ${t('ep.capacityNight')}: ${formatNumber(p.capacity_night)}`));
}

/** A layer that fetches the points in view (from zoom 11) and keeps them as markers; occupancy updates live. */
export function evacuationPointsLayer(map, onError) {
  const group = L.layerGroup([], { pane: 'evacuation_points' });
  const byCode = new Map(); // code → { marker, props }
  let controller = null;
  let loadedFor = null;
  let loading = false;
  let pendingOpen = null;
  /** Opens the popup asked for, once its marker is the one on the map. */
  function openPending() {
    if (pendingOpen && !loading && byCode.has(pendingOpen)) {
      byCode.get(pendingOpen).marker.openPopup();
      pendingOpen = null;
    }
  }
  async function refresh() {
    if (!map.hasLayer(group)) {
      return;
    }
    if (map.getZoom() < MIN_ZOOM) {
      group.clearLayers();
      loadedFor = null;
      return;
    }
    const b = map.getBounds().pad(0.25);
    if (loadedFor && loadedFor.contains(map.getBounds())) {
      return;
    }
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    loading = true;
    try {
      const fc = await getJson('/ogc/collections/evacuation_points/items', {
        bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','), limit: 5000,
      }, { signal: controller.signal });
      byCode.clear();
      for (const f of fc.features) {
        const p = { ...f.properties, id: f.id };
        const [lon, lat] = f.geometry.coordinates;
        const marker = L.marker([lat, lon], { icon: icon(p, faded(p)), pane: 'evacuation_points', title: p.name }).bindPopup(() => popup(p));
        byCode.set(p.code, { marker, props: p });
      }
      draw();
      loadedFor = b;
      loading = false;
      group.fire('load');
      openPending();
    } catch (e) {
      if (controller === mine) {
        loading = false;
      }
      onError(e);
    }
  }
  /**
   * The sites worth a marker at this zoom: public ones always, families' solid houses from zoom 15 or when the plan
   * uses them; with a plan shown, the sites it does not use are drawn faded.
   */
  function shown(p) {
    return p.kind !== 'solid_house' || map.getZoom() >= SOLID_HOUSE_ZOOM || (planned !== null && planned.has(p.code));
  }
  function faded(p) {
    return planned !== null && !planned.has(p.code);
  }
  function draw() {
    group.clearLayers();
    if (map.getZoom() < MIN_ZOOM) {
      return;
    }
    for (const { marker, props } of byCode.values()) {
      if (shown(props)) {
        group.addLayer(marker);
      }
    }
  }
  let planned = null; // the codes of the sites the plan shown uses, or null
  map.on('moveend', refresh);
  map.on('zoomend', () => { if (byCode.size) { draw(); } });
  /** Emphasises the sites a plan uses (null: no plan shown). */
  group.emphasise = (codes) => {
    planned = codes;
    for (const entry of byCode.values()) {
      entry.marker.setIcon(icon(entry.props, faded(entry.props)));
    }
    draw();
  };
  group.on('add', () => { loadedFor = null; refresh(); });
  group.reload = () => { loadedFor = null; refresh(); };
  /** Opens a site's popup, once the sites in view have come. */
  group.open = (code) => {
    pendingOpen = code;
    openPending();
  };
  /** A site's new occupancy, as the live events report it: its bar moves at once. */
  group.updateSite = (site) => {
    const entry = byCode.get(site.code);
    // events can arrive out of order: an older state than the one shown is ignored
    if (!entry || (entry.props.version != null && site.version != null && site.version < entry.props.version)) {
      return;
    }
    Object.assign(entry.props, site);
    entry.marker.setIcon(icon(entry.props, faded(entry.props)));
  };
  return group;
}
