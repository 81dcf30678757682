// One legend for the map: a section for each overlay that is on, drawn from the same tables as the styles.
import { t } from '../i18n.js';
import { el } from '../ui.js';
import {
  STATUS_COLORS, STATUS_ORDER, VILLAGE_CLASSES, COVERAGE_CLASSES, ROAD_STYLES, EP_KINDS, FLOOD_STYLE, FLOODED_ROAD_STYLE, IMPACT_COLORS, ROUTE_STYLE,
} from './styles.js';
import { MIN_ZOOM } from './evacuationPoints.js';

function swatch(color, shape = '', extra = '') {
  const s = el('span', { class: `swatch ${shape} ${extra}`.trim() });
  if (color && !color.startsWith('url(')) {
    s.style.background = color;
  }
  return s;
}

function item(swatchNode, text, key) {
  return el('li', { dataset: { key: key || '' } }, swatchNode, el('span', {}, text));
}

const SECTIONS = {
  districts: () => [item(swatch('#102a43', 'line'), t('legend.districts'), 'district')],
  communes: (registry) => (registry.coverageActive() && registry.coverageUnits() === '2024' ? coverageItems()
    : [item(swatch('#52606d', 'line'), t('legend.communes.boundary'), 'commune')]),
  admin_units_2025: (registry) => (registry.coverageActive() && registry.coverageUnits() === '2025' ? coverageItems()
    : [item(swatch('#5b2a86', 'line'), t('legend.admin_units_2025'), 'unit_2025')]),
  villages: () => VILLAGE_CLASSES.map((c) => item(swatch(c.color), t(c.key), `models-${c.min}`)),
  households: () => [...STATUS_ORDER.map((s) => item(swatch(STATUS_COLORS[s], 'dot'), t(`status.${s}`), s)),
    el('li', { class: 'muted' }, t('legend.households.cluster'))],
  evacuation_points: (registry, map) => [...Object.entries(EP_KINDS).filter(([k]) => k !== 'other').map(([k, v]) => {
    const s = swatch(v.color);
    s.textContent = v.glyph;
    s.classList.add('ep-swatch');
    return item(s, t(`ep.${k}`), k);
  }), el('li', { class: 'muted' }, map.getZoom() < MIN_ZOOM ? t('legend.zoomIn') : t('ep.bar'))],
  roads: () => Object.entries(ROAD_STYLES).map(([k, v]) => item(swatch(v.color, 'line'), t(`road.${k}`), k)),
  flood_zones: () => [item(swatch(FLOOD_STYLE.fillColor), t('flood.legend'), 'flood')],
  flooded_roads: () => [item(swatch(FLOODED_ROAD_STYLE.color, 'line'), t('layer.flooded_roads'), 'flooded')],
  affected_households: () => Object.entries(IMPACT_COLORS).map(([k, c]) => item(swatch(c, 'dot'), t(`impact.kind.${k}`), `impact-${k}`)),
  plan_routes: () => [item(swatch(ROUTE_STYLE(1).color, 'line'), t('layer.plan_routes'), 'route')],
};

function coverageItems() {
  return COVERAGE_CLASSES.map((c) => item(swatch(c.color, '', c.swatch || ''), t(c.key), c.swatch === 'full' ? 'full' : c.key));
}

export function legendControl(map, registry) {
  const control = L.control({ position: 'bottomright' });
  let node;
  // folded at first, on every screen: open it would cover the east of the province; its heading opens and closes it
  let open = false;
  const render = () => {
    if (!node) {
      return;
    }
    const toggle = el('button', { type: 'button', class: 'legend-heading', 'aria-expanded': String(open),
      onclick: () => { open = !open; render(); } }, t('legend.title'));
    node.replaceChildren(toggle);
    node.classList.toggle('collapsed', !open);
    if (!open) {
      return;
    }
    for (const [id, layer] of Object.entries(registry.layers)) {
      if (map.hasLayer(layer) && SECTIONS[id]) {
        node.append(el('section', { dataset: { layer: id } }, el('h3', {}, t(`layer.${id}`)), el('ul', {}, SECTIONS[id](registry, map))));
      }
    }
  };
  control.onAdd = () => {
    node = L.DomUtil.create('div', 'legend');
    node.id = 'legend';
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    render();
    return node;
  };
  control.open = (value) => { open = value; render(); };
  map.on('overlayadd overlayremove zoomend atlas:legend', render);
  control.refresh = render;
  return control;
}
