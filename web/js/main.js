// Commune Atlas map application: builds the map, its layers, legend, search and panels.
import * as i18n from './i18n.js';
import { t } from './i18n.js';
import { getJson } from './api.js';
import { boot } from './boot.js';
import { showError, watchBusy, setupDrawer, el } from './ui.js';
import { buildLayers, DEFAULT_ON } from './map/layers.js';
import { legendControl } from './map/legend.js';
import { coordinatesControl, toVn2000, loadVn2000 } from './map/coords.js';
import { setupSearch } from './panels/search.js';
import { accountControl } from './panels/account.js';
import { sosButton } from './panels/sos.js';
import { watchOffline, setupOffline, lastView, rememberView, wipeKeptData } from './offline.js';
import { readLink, applyLink, keepLink } from './permalink.js';

// the province as the page's first view frames it
const [W, S, E, N] = boot.view || [107.2, 15.0, 108.8, 16.15];
const QUANG_NAM = [[S, W], [N, E]];
const startedAt = performance.now();

/** What tests and other scripts on the page may look at; nothing here is private. */
const atlas = { firstDrawMs: null, firstDrawAt: null, toVn2000, ready: false, extrasReady: false, offlineReady: false };
window.atlas = atlas;

/** The base maps, made once: the layer control is rebuilt when the language changes, the layers are not. */
function baseLayers() {
  return {
    none: L.layerGroup(),
    osm: L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, attribution: '© OpenStreetMap contributors' }),
  };
}

function layerControl(map, registry, bases) {
  const name = (id) => {
    const span = el('span', { class: 'layer-name', dataset: { layer: id } }, t(`layer.${id}`));
    return span.outerHTML;
  };
  // the same layer objects under labels in the current language: whichever is on the map stays chosen
  const base = {};
  for (const [id, layer] of Object.entries(bases)) {
    base[el('span', { dataset: { base: id } }, t(`base.${id}`)).outerHTML] = layer;
  }
  const overlays = {};
  for (const id of ['admin_units_2025', 'districts', 'communes', 'villages', 'households', 'evacuation_points', 'roads', 'flood_zones',
    'flooded_roads', 'affected_households', 'plan_routes']) {
    overlays[name(id)] = registry.layers[id];
  }
  // folded until asked for: open, it would cover the east of the province (Tam Kỳ)
  const control = L.control.layers(base, overlays, { collapsed: true, position: 'topright' });
  return control;
}

/**
 * The province the page drew (shown from its first bytes) laid exactly where the map will draw it, its names left
 * to the map's own labels: the tiles then draw over their own outline. It goes when the tiles draw or the user moves.
 */
function alignFirstView(map) {
  const drawing = document.querySelector('.first-view');
  if (!drawing) {
    return;
  }
  const nw = map.latLngToContainerPoint([N, W]);
  const se = map.latLngToContainerPoint([S, E]);
  Object.assign(drawing.style, { inset: 'auto', left: `${nw.x}px`, top: `${nw.y}px`, width: `${se.x - nw.x}px`, height: `${se.y - nw.y}px` });
  drawing.classList.add('aligned');
  map.once('movestart zoomstart', () => drawing.remove());
}

/** Resolves when the first of the layers has drawn its tiles (and takes the loading notice away). */
function watchFirstDraw(layers) {
  return new Promise((resolve) => {
    for (const layer of layers) {
      layer.once('load', () => {
        if (atlas.firstDrawMs === null) {
          atlas.firstDrawAt = performance.now();
          atlas.firstDrawMs = Math.round(atlas.firstDrawAt - startedAt);
          document.getElementById('map-loading')?.remove();
          document.querySelector('.first-view')?.remove();
          resolve();
        }
      });
    }
  });
}

async function start() {
  watchOffline();
  watchBusy();
  setupDrawer();
  // the words, the layers' TileJSON and who is signed in are asked for at once: on a slow network each wait is a round trip
  const words = i18n.load(i18n.preferred());
  const signedIn = getJson('/api/session');
  signedIn.catch(() => {}); // an error is shown when the account control reads it
  // whole zooms only: tiles exist for whole zooms, and a fractional view would ask for tiles that do not
  const map = L.map('map', { maxZoom: 20, minZoom: 5, zoomSnap: 1 });
  // a link's view first (a place shared), else where the user last looked (the offline start shows what was kept
  // there), else the province
  const link = readLink();
  const view = (link && link.view) || lastView();
  if (view) {
    map.setView([view.lat, view.lng], view.zoom);
  } else {
    map.fitBounds(QUANG_NAM);
  }
  rememberView(map);
  alignFirstView(map);
  atlas.map = map;
  const built = buildLayers(map, showError);
  await words;
  const registry = await built;
  atlas.registry = registry;
  const bases = baseLayers();
  let control = layerControl(map, registry, bases);
  control.addTo(map);
  bases.none.addTo(map);
  const firstDraw = watchFirstDraw(DEFAULT_ON.map((id) => registry.layers[id]));
  DEFAULT_ON.forEach((id) => map.addLayer(registry.layers[id]));
  // the panels, imported once the first view's tiles are asked for (the build's bundle carries them already; served as
  // modules they would queue behind the tiles, not before)
  const panels = Promise.all([import('./panels/coverage.js'), import('./panels/floods.js'), import('./panels/dataExchange.js'),
    import('./panels/householdCard.js'), import('./panels/field.js')]);
  registry.syncLabels();
  for (const [id, layer] of Object.entries(registry.layers)) {
    if (typeof layer.on === 'function') {
      layer.on('tileerror', () => showError(null, t('error.layer', { layer: t(`layer.${id}`) })));
    }
  }
  const legend = legendControl(map, registry);
  legend.addTo(map);
  const coords = coordinatesControl(map);
  coords.addTo(map);
  setupSearch(map);
  // the public's first screen in a flood: SOS, one tap away whatever the map shows
  atlas.sos = sosButton(map);
  atlas.account = await accountControl(document.getElementById('account'), (user) => {
    // signing out wipes what the device keeps; a session that lapsed while offline does not (the officer signs in again
    // to send what waits)
    if (!user || (!user.authenticated && !user.lapsed)) {
      wipeKeptData().catch(() => {});
    }
    document.dispatchEvent(new CustomEvent('atlas:user', { detail: user }));
  }, signedIn);
  const [{ coveragePanel }, { floodsPanel }, { dataPanel }, { householdCards }, { fieldPanel }] = await panels;
  const cards = householdCards(map, (id, answer) => registry.restyleHousehold(id, answer.status));
  registry.hooks.openHousehold = (id, at, impact) => cards.open(id, at, impact);
  atlas.cards = cards;
  atlas.coverage = coveragePanel(document.getElementById('panel-coverage'), registry, map);
  atlas.floods = await floodsPanel(document.getElementById('panel-floods'), registry, map, atlas.account);
  atlas.data = dataPanel(document.getElementById('panel-data'), atlas.account);
  atlas.field = fieldPanel(document.getElementById('panel-field'), atlas.account, map);

  document.getElementById('lang').addEventListener('click', async () => {
    await i18n.load(i18n.language() === 'vi' ? 'en' : 'vi');
    control.remove();
    control = layerControl(map, registry, bases);
    control.addTo(map);
    legend.refresh();
    coords.refresh();
  });
  if (link) {
    await applyLink(link, atlas).catch((e) => showError(e));
  }
  keepLink(atlas);
  atlas.ready = true;
  document.dispatchEvent(new CustomEvent('atlas:ready'));
  // what the first view does without: the VN-2000 readout's library comes once the map has drawn, not before
  firstDraw.then(loadVn2000).then(() => { coords.refresh(); atlas.extrasReady = true; }).catch((e) => showError(e));
  // the service worker installs once the map has drawn: its copy of the app does not compete with the first view
  firstDraw.then(setupOffline).then((r) => { atlas.offlineReady = r !== null; });
}

start().catch((e) => showError(e));
