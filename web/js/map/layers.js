// The map's overlays: each published layer drawn from vector tiles (or, for sites and floods, GeoJSON),
// with its style, popup and legend entry. Also the coverage choropleth and the flood scenario shown.
import { getJson } from '../api.js';
import { t, formatNumber, formatPercent, formatDate } from '../i18n.js';
import { el } from '../ui.js';
import { tileLayer, restyleFeature } from './tileLayers.js';
import { labelLayer } from './labels.js';
import { evacuationPointsLayer } from './evacuationPoints.js';
import { affectedHouseholdsLayer, planRoutesLayer } from './floodLayers.js';
import {
  STATUS_COLORS, STATUS_ORDER, villageColor, coverageStyle, ROAD_STYLES, FLOOD_STYLE, FLOODED_ROAD_STYLE,
} from './styles.js';

/** Drawing order, bottom to top; each overlay has a pane of its own. */
export const ORDER = ['villages', 'admin_units_2025', 'communes', 'districts', 'flood_zones', 'roads', 'flooded_roads',
  'plan_routes', 'closed_roads', 'households', 'affected_households', 'evacuation_points', 'labels', 'sos'];
export const DEFAULT_ON = ['districts', 'communes', 'villages', 'households'];

const coverage = { active: false, units: '2024', rows: new Map(), model: null };

function unitStyle(props, units, plain) {
  if (coverage.active && coverage.units === units) {
    return coverageStyle(coverage.rows.get(props.code) || { code: props.code, share: 0, full_adoption: false });
  }
  return { ...plain, className: `unit-${props.code}` };
}

function householdStyle(props, zoom) {
  if (props.count !== undefined && coverage.model !== null) {
    // a model's coverage is being read: the households' clusters (below zoom 13) would cover its colours
    return { radius: 0, fill: false, stroke: false, className: 'cluster cluster-hidden' };
  }
  if (props.count !== undefined) {
    const status = STATUS_ORDER.find((s) => props[s] > 0) || 'safe';
    return { radius: Math.min(16, 3 + Math.sqrt(props.count) * 0.8), fill: true, fillColor: STATUS_COLORS[status],
      fillOpacity: 0.6, color: '#ffffff', weight: 1, className: `cluster status-${status}` };
  }
  return { radius: zoom >= 16 ? 6 : 4, fill: true, fillColor: STATUS_COLORS[props.status] || '#757575', fillOpacity: 0.9,
    color: '#ffffff', weight: 1, className: `household status-${props.status}` };
}

function clusterPopup(props) {
  return el('div', { class: 'popup' }, el('h3', {}, t('popup.cluster', { count: formatNumber(props.count), people: formatNumber(props.people) })),
    el('ul', {}, STATUS_ORDER.filter((s) => props[s] > 0).map((s) => el('li', {}, `${t(`status.${s}`)}: ${formatNumber(props[s])}`))));
}

/** Where an event on a tile feature happened: points drawn in tiles do not always say, the pointer does. */
function latLngOf(map, e) {
  return e.latlng || map.mouseEventToLatLng(e.originalEvent || e.sourceTarget?._event || e);
}

/** The id a tile layer gave a feature (its MVT id), found from the feature drawn. */
function featureIdOf(layer, drawn) {
  for (const tile of Object.values(layer._vectorTiles || {})) {
    for (const [id, entry] of Object.entries(tile._features || {})) {
      if (entry.feature === drawn) {
        return id;
      }
    }
  }
  return null;
}

async function villagePopup(props) {
  const item = await getJson(`/ogc/collections/villages/items/${encodeURIComponent(props.code)}`, { properties: 'name,kind,commune_name,models' });
  const p = item.properties;
  const models = p.models || [];
  const en = document.documentElement.lang === 'en';
  return el('div', { class: 'popup' },
    el('h3', {}, `${t(`villageKind.${p.kind}`)} ${p.name}`), el('div', { class: 'muted' }, p.commune_name),
    el('strong', {}, `${t('popup.models')} (${formatNumber(models.length)})`),
    models.length === 0 ? el('div', {}, t('popup.noModels'))
      : el('ul', { class: 'village-models' }, models.map((m) => el('li', {},
        `${en && m.name_en ? m.name_en : m.name} — ${t('popup.since')} ${formatDate(m.started_on)}`))));
}

function unitPopup(props, units) {
  const row = coverage.active && coverage.units === units ? coverage.rows.get(props.code) : null;
  return el('div', { class: 'popup' }, el('h3', {}, props.name),
    props.villages !== undefined ? el('div', {}, `${t('popup.villages')}: ${formatNumber(props.villages)}`) : null,
    props.unit_2025_name ? el('div', {}, `${t('popup.unit2025')}: ${props.unit_2025_name}`) : null,
    props.predecessors ? el('div', { class: 'muted' }, props.predecessors) : null,
    row ? el('div', {}, `${formatNumber(row.villages_with_model)} / ${formatNumber(row.villages_total)} (${formatPercent(row.share)})`) : null);
}

/** Builds every overlay; returns the registry the control, legend and panels work with. */
export async function buildLayers(map, onError) {
  ORDER.forEach((id, i) => {
    const pane = map.createPane(id);
    pane.style.zIndex = String(400 + i * 10);
  });
  const layers = {};
  // the household card opens from any household dot (main.js sets it up)
  const hooks = { openHousehold: async () => {} };
  // unfilled until the coverage choropleth is on, so that clicks reach the villages beneath
  const plainUnit = { fill: false, color: '#52606d', weight: 1 };
  const [communes, districts, units2025, villages, roads, households] = await Promise.all([
    tileLayer('communes', (p) => unitStyle(p, '2024', plainUnit)),
    tileLayer('districts', () => ({ fill: false, color: '#102a43', weight: 2.5 }), { interactive: false }),
    tileLayer('admin_units_2025', (p) => unitStyle(p, '2025', { fill: false, color: '#5b2a86', weight: 1.8, dashArray: '6 3' })),
    tileLayer('villages', (p) => ({ fill: true, fillColor: villageColor(p.models_active), fillOpacity: 0.55, color: '#7a8a99', weight: 0.5,
      className: `village models-${Math.min(p.models_active, 10)}` }),
    // from zoom 9 (a desktop's province view): at a phone's zoom 8 a village is a few pixels and its four tiles 135 kB
    { minZoom: 9 }),
    tileLayer('roads', (p) => ({ ...(ROAD_STYLES[p.road_class] || ROAD_STYLES.village), className: `road road-${p.road_class}` })),
    tileLayer('households', householdStyle),
  ]);
  communes.on('click', (e) => L.popup().setLatLng(latLngOf(map, e)).setContent(unitPopup(e.layer.properties, '2024')).openOn(map));
  units2025.on('click', (e) => L.popup().setLatLng(latLngOf(map, e)).setContent(unitPopup(e.layer.properties, '2025')).openOn(map));
  villages.on('click', async (e) => {
    const at = latLngOf(map, e);
    try {
      L.popup().setLatLng(at).setContent(await villagePopup(e.layer.properties)).openOn(map);
    } catch (err) {
      onError(err);
    }
  });
  households.on('click', async (e) => {
    L.DomEvent.stop(e);
    const at = latLngOf(map, e);
    if (e.layer.properties.count !== undefined) {
      L.popup().setLatLng(at).setContent(clusterPopup(e.layer.properties)).openOn(map);
      return;
    }
    const id = featureIdOf(households, e.layer);
    if (id !== null) {
      await hooks.openHousehold(Number(id), at);
    }
  });
  roads.on('click', (e) => L.popup().setLatLng(latLngOf(map, e))
    .setContent(el('div', { class: 'popup' }, el('h3', {}, e.layer.properties.name || ''), t(`road.${e.layer.properties.road_class}`))).openOn(map));
  Object.assign(layers, { communes, districts, admin_units_2025: units2025, villages, roads, households });
  layers.evacuation_points = evacuationPointsLayer(map, onError);
  layers.flood_zones = L.geoJSON(null, { style: FLOOD_STYLE, pane: 'flood_zones', className: 'flood' });
  layers.flooded_roads = L.geoJSON(null, { style: FLOODED_ROAD_STYLE, pane: 'flooded_roads' });
  layers.affected_households = affectedHouseholdsLayer(map, (id, at, impact) => hooks.openHousehold(id, at, impact));
  layers.plan_routes = planRoutesLayer(map);

  const labels = {
    district: labelLayer(map, 'district', onError),
    commune: labelLayer(map, 'commune', onError),
    unit_2025: labelLayer(map, 'unit_2025', onError),
  };
  const syncLabels = () => {
    labels.district.show(map.hasLayer(districts));
    labels.commune.show(map.hasLayer(communes));
    labels.unit_2025.show(map.hasLayer(units2025));
  };
  map.on('overlayadd overlayremove', syncLabels);

  return {
    layers,
    hooks,
    syncLabels,
    /** A household's dot takes its new status at once (its tile follows when it is fetched again). */
    restyleHousehold(id, status) {
      restyleFeature(households, String(id), householdStyle({ status }, map.getZoom()));
    },
    /**
     * Colours communes (or post-2025 units) by the coverage rows of the chosen model and date. The drawn features
     * are restyled where they are — no tile is fetched again, nothing blinks; tiles loaded later take the same style.
     */
    setCoverage(rows, units, model = null) {
      const before = coverage.units;
      const previous = coverage.rows;
      coverage.active = true;
      if (coverage.model !== model) {
        coverage.model = model;
        // drawn again at a whole zoom: during a flight the zoom is fractional, and tiles asked for then do not exist
        const redrawClusters = () => {
          if (!Number.isInteger(map.getZoom())) {
            map.once('zoomend', redrawClusters);
          } else if (map.hasLayer(households) && map.getZoom() < 13) {
            households.redraw();
          }
        };
        redrawClusters();
      }
      coverage.units = units;
      coverage.rows = new Map(rows.map((r) => [r.code, r]));
      const layer = units === '2025' ? units2025 : communes;
      for (const row of rows) {
        restyleFeature(layer, row.code, coverageStyle(row));
      }
      const other = before === '2025' ? units2025 : communes;
      for (const code of previous.keys()) {
        if (before !== units || !coverage.rows.has(code)) {
          restyleFeature(other, code, null);
        }
      }
      map.fire('atlas:legend');
    },
    coverageActive: () => coverage.active,
    coverageUnits: () => coverage.units,
    /** Shows a scenario's flood extent and the roads it cuts; null hides them. */
    async setScenario(code) {
      layers.flood_zones.clearLayers();
      layers.flooded_roads.clearLayers();
      if (!code) {
        return null;
      }
      const [zone, cut] = await Promise.all([
        getJson(`/ogc/collections/flood_zones/items/scenario-${encodeURIComponent(code)}`),
        getJson(`/api/flood-scenarios/${encodeURIComponent(code)}/roads`),
      ]);
      return this.showFlood(zone, cut);
    },
    /** Shows a flood event's extent (GeoJSON) and, when given, the roads it cuts. */
    showFlood(zone, cut) {
      layers.flood_zones.clearLayers();
      layers.flooded_roads.clearLayers();
      layers.flood_zones.addData(zone);
      if (cut) {
        layers.flooded_roads.addData(cut);
      }
      for (const id of ['flood_zones', 'flooded_roads']) {
        if (!map.hasLayer(layers[id])) {
          map.addLayer(layers[id]);
        }
      }
      map.fire('atlas:legend');
      return zone;
    },
  };
}
