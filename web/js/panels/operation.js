// The live flood operation in the flood panel: the situation board (who is still at risk now per commune, calls for
// help, people and the day's deliveries at each site), refreshed whenever a household, site, road or call changes on any
// map; and, for officers, closing or opening a road by tapping it — the households newly cut off are listed, and a plan
// that exists is re-made keeping every family that can still reach its site.
import { getJson, patchJson } from '../api.js';
import { t, formatNumber, formatDateTime, onChange } from '../i18n.js';
import { el, showError, coalesce } from '../ui.js';
import { onLive } from '../live.js';
import { SOS_COLORS, CLOSED_ROAD_CASING, CLOSED_ROAD_STRIPES } from '../map/styles.js';
import { openSos } from './sos.js';
import { triageList } from './triage.js';

const MAX_COMMUNES = 8;
const MAX_SITES = 10;

export function operationSection(root, registry, map, canAct, floods) {
  const title = el('h3', { id: 'situation-title' });
  const board = el('div', { id: 'situation', class: 'situation' });
  const links = el('p', { class: 'plan-links', id: 'situation-links' });
  const closeButton = el('button', { type: 'button', id: 'road-close' });
  const hint = el('p', { class: 'muted', id: 'road-hint' });
  const confirm = el('div', { id: 'road-confirm-box', hidden: true });
  const result = el('div', { id: 'closure-result', class: 'closure-result' });
  const sosButton = el('button', { type: 'button', id: 'sos-open', class: 'sos-button' });
  root.append(title, board, links, closeButton, hint, confirm, result, sosButton);
  const sosMarkers = new Map(); // call id → its dot, for the triage list to open
  const triage = triageList(root, canAct, (c) => {
    const marker = sosMarkers.get(c.id);
    if (marker) {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16), { animate: false });
      marker.openPopup();
    }
  });

  let floodId = null;
  let situation = null;
  let picking = false;
  let chosen = null;
  const highlight = L.geoJSON(null, { style: { color: '#d50000', weight: 7, opacity: 0.8, dashArray: '8 6' } });
  // the flood's calls for help, above every other layer (their own pane and SVG renderer: the households' canvas takes
  // no click meant for them); a repeat of another call is not drawn again (it is the same family)
  const sosLayer = L.layerGroup([], { pane: 'sos' });
  const sosRenderer = L.svg({ pane: 'sos' });
  let sosDrawn = null;

  // the roads closed now, drawn as barriers are painted above every road and route (public: the OGC API's roads layer)
  const closedStyle = (base) => (f) => ({ ...base, className: `closed-road closed-road-${f.id}` });
  const closedCasing = L.geoJSON(null, { pane: 'closed_roads', style: closedStyle(CLOSED_ROAD_CASING), interactive: false });
  const closedStripes = L.geoJSON(null, { pane: 'closed_roads', style: closedStyle(CLOSED_ROAD_STRIPES),
    onEachFeature: (f, layer) => layer.bindTooltip(`${t('road.closedLabel')}: ${f.properties.name || t('road.unnamed')}`) });
  const closedRoads = L.layerGroup([closedCasing, closedStripes]);
  async function loadClosedRoads() {
    const answer = await getJson('/ogc/collections/roads/items', { filter: 'is_open = false', limit: 1000, properties: 'name,road_class' });
    closedCasing.clearLayers().addData(answer);
    closedStripes.clearLayers().addData(answer);
    if (!map.hasLayer(closedRoads)) {
      map.addLayer(closedRoads);
    }
  }

  async function loadSos() {
    const id = floodId;
    const calls = id === null ? [] : await getJson('/api/sos', { flood: id });
    if (id !== floodId) {
      return;
    }
    await triage.load(id);
    // the same calls in the same states: nothing is drawn again (a popup an officer has open stays open)
    const drawn = `${id}|${calls.map((c) => `${c.id}:${c.state}:${c.team || ''}:${c.lon}:${c.lat}:${c.located_by ? 1 : 0}`).join(',')}`;
    if (drawn === sosDrawn) {
      return;
    }
    sosDrawn = drawn;
    sosLayer.clearLayers();
    sosMarkers.clear();
    for (const c of calls) {
      if (c.lon == null || !SOS_COLORS[c.state]) {
        continue;
      }
      const marker = L.circleMarker([c.lat, c.lon], { radius: 10, weight: 3, color: '#ffffff', fillOpacity: 1, fillColor: SOS_COLORS[c.state],
        className: `sos sos-${c.state} sos-call-${c.id}`, pane: 'sos', renderer: sosRenderer });
      marker.bindPopup(() => sosPopup(c, marker), { pane: 'popupPane' });
      sosLayer.addLayer(marker);
      sosMarkers.set(c.id, marker);
    }
    if (id !== null && !map.hasLayer(sosLayer)) {
      map.addLayer(sosLayer);
    }
  }

  /** What a call says, and for an officer the next steps: verify it, send a team, mark the family rescued, or a false call. */
  function sosPopup(c, marker) {
    const box = el('div', { class: 'popup sos-popup', dataset: { sos: c.id } }, el('h3', {}, t(`sos.state.${c.state}`)),
      el('p', {}, t('sos.people', { people: c.people == null ? '?' : formatNumber(c.people) })),
      c.village_name ? el('p', {}, c.village_name) : '',
      c.name || c.phone ? el('p', { class: 'sos-caller' }, [c.name, c.phone].filter(Boolean).join(' · ')) : '',
      c.needs ? el('p', {}, c.needs) : '', c.team ? el('p', {}, t('sos.team', { team: c.team })) : '');
    // the full call (how it was located is there) is what an officer of its commune reads: only they may act on it
    if (!canAct() || c.located_by === undefined || ['rescued', 'closed', 'duplicate', 'false'].includes(c.state)) {
      return box;
    }
    const act = async (change) => {
      await patchJson(`/api/sos/${c.id}`, change);
      marker.closePopup();
      await loadSos();
    };
    const button = (state, label) => el('button', { type: 'button', class: `sos-act sos-act-${state}`, dataset: { state } }, label);
    const verify = button('verified', t('sos.act.verify'));
    const rescued = button('rescued', t('sos.act.rescued'));
    const falseCall = button('false', t('sos.act.false'));
    // a team by name: the village's own groups are offered first, any other may be typed
    const listId = `sos-teams-${c.id}`;
    const team = el('input', { type: 'text', class: 'sos-team', list: listId, placeholder: t('sos.act.teamHint'), value: c.team || '' });
    const teams = el('datalist', { id: listId }, teamsFor(c).map((name) => el('option', { value: name })));
    const assign = button('assigned', t('sos.act.assign'));
    verify.addEventListener('click', () => act({ state: 'verified' }).catch(showError));
    rescued.addEventListener('click', () => act({ state: 'rescued' }).catch(showError));
    falseCall.addEventListener('click', () => act({ state: 'false' }).catch(showError));
    assign.addEventListener('click', () => {
      if (!team.value.trim()) {
        team.focus();
        return;
      }
      act({ state: 'assigned', team: team.value.trim() }).catch(showError);
    });
    box.append(el('div', { class: 'sos-actions' }, c.state === 'new' ? verify : '', el('div', { class: 'sos-assign' }, team, teams, assign),
      rescued, falseCall));
    return box;
  }

  /** The on-the-spot groups of the call's village first, then those of its commune. */
  function teamsFor(c) {
    const forces = floods.forces();
    if (!forces) {
      return [];
    }
    const names = [];
    for (const v of forces.affected) {
      if (v.name === c.village_name || (c.commune_code && v.commune_code === c.commune_code)) {
        const own = v.name === c.village_name;
        v.groups.forEach((g) => (own ? names.unshift(g.name) : names.push(g.name)));
      }
    }
    return [...new Set(names)].slice(0, 12);
  }

  function texts() {
    title.textContent = floodId === null ? '' : t('situation.title');
    closeButton.textContent = t('road.pick');
    closeButton.hidden = floodId === null || !canAct();
    sosButton.textContent = t('sos.ask');
    sosButton.hidden = floodId === null;
    hint.textContent = picking ? t('road.hint') : '';
    renderBoard();
  }

  function renderBoard() {
    if (!situation) {
      board.replaceChildren();
      links.replaceChildren();
      return;
    }
    const n = (v) => formatNumber(v);
    const x = situation.total;
    board.replaceChildren(
      el('p', { id: 'situation-as-of', class: 'muted' }, t('situation.asOf', { time: formatDateTime(situation.as_of) })),
      el('p', { id: 'situation-total' }, t('situation.total', { households: n(x.at_risk_households), people: n(x.at_risk_people),
        vulnerable: n(x.at_risk_vulnerable_people), sheltered: n(x.sheltered_households) })),
      el('p', { id: 'situation-sos' }, t('situation.sos', { open: n(situation.sos.open), assigned: n(situation.sos.by_state.assigned),
        rescued: n(situation.sos.by_state.rescued) })),
      el('table', { class: 'situation-communes' },
        el('thead', {}, el('tr', {}, el('th', {}, t('situation.commune')), el('th', { class: 'num' }, t('situation.households')),
          el('th', { class: 'num' }, t('situation.people')))),
        el('tbody', {}, situation.communes.slice(0, MAX_COMMUNES).map((c) => el('tr', {},
        el('th', {}, c.name), el('td', { class: 'num' }, n(c.at_risk_households)), el('td', { class: 'num' }, n(c.at_risk_people)))))),
      el('h4', {}, t('situation.sites')),
      situation.sites.some((s) => s.occupancy > 0) ? '' : el('p', { class: 'muted' }, t('situation.noOneSheltered')),
      el('ul', { class: 'situation-sites' }, situation.sites.filter((s) => s.occupancy > 0).slice(0, MAX_SITES).map((s) => el('li', {},
        el('strong', {}, s.name), ' ', t('situation.site', { people: n(s.occupancy), capacity: n(s.capacity_day) }), ' — ',
        s.per_day.filter((d) => d.per === 'day').map((d) => `${d.name} ${n(d.quantity)} ${t(`unit.${d.unit}`)}`).join(', ')))));
    links.replaceChildren(el('a', { href: `/api/floods/${floodId}/situation.xlsx`, download: '' }, t('situation.xlsx')));
  }

  async function refresh() {
    if (floodId === null) {
      situation = null;
    } else {
      const id = floodId;
      const s = await getJson(`/api/floods/${id}/situation`);
      if (id === floodId) {
        situation = s;
      }
    }
    texts();
  }

  /** Many changes arrive together (a plan, a list of calls): the board is fetched once for them. */
  const refreshSoon = coalesce(() => refresh().catch(showError), 700);
  for (const name of ['household', 'site', 'road', 'sos']) {
    onLive(name, () => {
      if (floodId !== null) {
        refreshSoon();
      }
    });
  }
  onLive('sos', () => loadSos().catch(showError));
  // a road closed anywhere changes who is cut off: this map draws the flood's households again
  onLive('road', () => {
    loadClosedRoads().catch(showError);
    if (floodId !== null) {
      registry.layers.affected_households.load(floodId).catch(showError);
    }
  });

  async function pickAt(latlng) {
    chosen = await getJson('/api/roads/nearest', { lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6) });
    highlight.clearLayers().addData(chosen.geometry);
    if (!map.hasLayer(highlight)) {
      map.addLayer(highlight);
    }
    const reason = el('select', { id: 'road-reason' }, ['flooded', 'landslide', 'bridge'].map((r) => el('option', { value: r }, t(`road.reason.${r}`))));
    const go = el('button', { type: 'button', id: 'road-confirm' }, chosen.is_open ? t('road.close') : t('road.open'));
    const cancel = el('button', { type: 'button', class: 'text-button' }, t('road.cancel'));
    confirm.replaceChildren(el('p', {}, t('road.chosen', { name: chosen.name || t('road.unnamed'), id: chosen.id })),
      chosen.is_open ? reason : '', go, cancel);
    confirm.hidden = false;
    cancel.addEventListener('click', () => { confirm.hidden = true; highlight.clearLayers(); });
    go.addEventListener('click', () => apply(chosen, chosen.is_open, chosen.is_open ? t(`road.reason.${reason.value}`) : null)
      .catch(showError));
  }

  /** Closes or opens the road; re-plans keeping every family that can still reach its site; shows who was cut off. */
  async function apply(road, close, reason) {
    const answer = await patchJson(`/api/roads/${road.id}`, close ? { closed: true, reason } : { closed: false });
    confirm.hidden = true;
    // the choice's highlight goes: the road is drawn now as what it is, closed (or open again)
    highlight.clearLayers();
    await loadClosedRoads();
    const change = (answer.floods || []).find((f) => f.flood_id === floodId);
    const lines = [];
    if (change) {
      lines.push(el('p', { id: 'closure-isolated' }, t(close ? 'road.isolated' : 'road.reconnected', {
        households: formatNumber(close ? change.newly_isolated_households : change.reconnected_households),
        people: formatNumber(close ? change.newly_isolated_people : change.reconnected_people) })));
      if (close && change.villages.length) {
        lines.push(el('ul', { class: 'closure-villages' }, change.villages.map((v) => el('li', {}, `${v.name}: ${formatNumber(v.households)}`))));
      }
    }
    await registry.layers.affected_households.load(floodId);
    // the server re-plans the flood itself (stable) whoever closed the road; the answer says what it changed
    if (change && change.replan) {
      const c = change.replan.changes;
      lines.push(el('p', { id: 'closure-replan' }, t('road.replanned', { kept: formatNumber(c.kept), moved: formatNumber(c.moved),
        stranded: formatNumber(c.newly_stranded), placed: formatNumber(c.newly_assigned) })));
      await floods.plan.load(floodId, true);
    }
    result.replaceChildren(...lines);
    await refresh();
    return answer;
  }

  loadClosedRoads().catch(() => {}); // without it the map still works; the next road event tries again

  // the public form is the SOS button's over the map (panels/sos.js): this one opens it too
  sosButton.addEventListener('click', () => openSos());

  closeButton.addEventListener('click', () => {
    picking = true;
    map.getContainer().classList.add('picking');
    texts();
    map.once('click', (e) => {
      picking = false;
      map.getContainer().classList.remove('picking');
      texts();
      pickAt(e.latlng).catch(showError);
    });
  });

  document.addEventListener('atlas:flood', (e) => {
    floodId = e.detail.id;
    result.replaceChildren();
    confirm.hidden = true;
    highlight.clearLayers();
    refresh().catch(showError);
    loadSos().catch(showError);
  });
  onChange(texts);
  texts();
  return {
    texts,
    refresh,
    situation: () => situation,
    sosLayer,
    /** Closes or opens the road nearest a point as the tap-and-confirm flow does (tests drive the same code). */
    pickAt,
  };
}
