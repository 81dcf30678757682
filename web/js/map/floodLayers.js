// Overlays of a flood event: the households it concerns (flooded, isolated, in weak houses) and the
// evacuation plan's routes, drawn from the flood API's GeoJSON.
import { getJson } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { el } from '../ui.js';
import { IMPACT_COLORS, ROUTE_STYLE } from './styles.js';

/** Households of one flood as dots; a click opens the household's card, with what the flood does to it. */
export function affectedHouseholdsLayer(map, openCard) {
  const renderer = L.canvas({ pane: 'affected_households' });
  const layer = L.geoJSON(null, {
    pane: 'affected_households',
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      renderer, radius: 5, weight: 1, color: '#ffffff', fillOpacity: 0.9, fillColor: IMPACT_COLORS[f.properties.impact] || '#555',
    }),
    onEachFeature: (f, marker) => marker.on('click', (e) => {
      L.DomEvent.stop(e);
      openCard(f.id, e.latlng, f.properties);
    }),
  });
  // loads may overlap (a live road event while this window closes a road): only the newest one is drawn
  let loading = 0;
  layer.load = async (floodId) => {
    const mine = ++loading;
    const data = floodId ? await getJson(`/api/floods/${floodId}/households.geojson`) : null;
    if (mine !== loading) {
      return;
    }
    layer.clearLayers();
    if (data) {
      layer.addData(data);
    }
    map.fire('atlas:legend');
  };
  /** Opens the card of one household of the flood (for tests and for the search). */
  layer.open = (householdId) => {
    let found = null;
    layer.eachLayer((m) => {
      if (m.feature && m.feature.id === householdId) {
        found = m;
      }
    });
    if (found) {
      map.setView(found.getLatLng(), Math.max(map.getZoom(), 15));
      openCard(householdId, found.getLatLng(), found.feature.properties);
    }
    return found !== null;
  };
  return layer;
}

/** The plan's route trees: road stretches towards each site, wider where more people pass. */
export function planRoutesLayer(map) {
  const layer = L.geoJSON(null, {
    pane: 'plan_routes',
    style: (f) => ({ ...ROUTE_STYLE(f.properties.people), className: `route route-${f.properties.site_code}` }),
    onEachFeature: (f, line) => line.bindPopup(() => el('div', { class: 'popup' },
      el('h3', {}, t('plan.route', { site: f.properties.site_code })), t('plan.routePeople', { people: formatNumber(f.properties.people) }))),
  });
  layer.load = async (floodId) => {
    layer.clearLayers();
    if (floodId) {
      layer.addData(await getJson(`/api/floods/${floodId}/plan/routes.geojson`));
    }
    map.fire('atlas:legend');
  };
  return layer;
}
