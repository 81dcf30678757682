// The flood panel: a stored scenario's extent and cut roads; flood events (from a scenario, or drawn on the
// map) with their impact — who is flooded or cut off, the vulnerable, weak houses, weekly needs — and the
// evacuation plan. Anyone can look; officers create events and plans and update households.
import { getJson, postJson } from '../api.js';
import { t, formatNumber, formatDateTime, onChange } from '../i18n.js';
import { el, showError, flyToBox, coalesce } from '../ui.js';
import { evacuationPlanSection } from './evacuationPlan.js';
import { operationSection } from './operation.js';
import { consoleSection } from './console.js';
import { onLive } from '../live.js';
import { drawLibrary } from '../lazy.js';

const canAct = (user) => user && (user.role === 'officer' || user.role === 'admin');

export async function floodsPanel(root, registry, map, account) {
  const title = el('h2', { id: 'floods-title' });
  const label = el('label', { for: 'scenario' });
  const select = el('select', { id: 'scenario' });
  const info = el('p', { class: 'muted', id: 'scenario-info' });
  const analyse = el('button', { type: 'button', id: 'flood-analyse' });
  const draw = el('button', { type: 'button', id: 'flood-draw' });
  const hint = el('p', { class: 'muted', id: 'flood-hint' });
  const eventLabel = el('label', { for: 'flood-event' });
  const events = el('select', { id: 'flood-event' });
  const impactBox = el('div', { id: 'impact', class: 'impact' });
  const planBox = el('div', { id: 'plan' });
  const operationBox = el('div', { id: 'operation' });
  const consoleBox = el('div', { id: 'console' });
  root.append(title, label, select, info, el('div', { class: 'button-row' }, analyse, draw), hint, eventLabel, events, impactBox, planBox,
    operationBox, consoleBox);

  let scenarios = [];
  let floods = [];
  let impact = null;
  let current = null;
  const user = () => account.user();
  const plan = evacuationPlanSection(planBox, registry, map, () => canAct(user()));
  const committee = consoleSection(consoleBox, () => canAct(user()));
  const operation = operationSection(operationBox, registry, map, () => canAct(user()), { plan, forces: committee.forces });


  try {
    [scenarios, floods] = await Promise.all([
      getJson('/api/flood-scenarios').then((r) => r.scenarios),
      getJson('/api/floods').then((r) => r.floods),
    ]);
  } catch (e) {
    showError(e);
  }
  const lang = () => document.documentElement.lang;
  /** An event's name in the language shown: an event made from a scenario has the scenario's English name. */
  const eventName = (f) => {
    const s = lang() === 'en' && f.scenario ? scenarios.find((x) => x.code === f.scenario) : null;
    return s && s.name_en ? s.name_en : f.name;
  };

  function texts() {
    title.textContent = t('floods.title');
    label.textContent = t('floods.scenario');
    const value = select.value;
    select.replaceChildren(el('option', { value: '' }, t('floods.none')),
      ...scenarios.map((s) => el('option', { value: s.code }, lang() === 'en' && s.name_en ? s.name_en : s.name)));
    select.value = value;
    const s = scenarios.find((x) => x.code === select.value);
    info.textContent = s ? t('floods.area', { area: formatNumber(s.area_km2, 1) }) : '';
    analyse.textContent = t('floods.analyse');
    draw.textContent = t('floods.draw');
    analyse.hidden = !canAct(user());
    analyse.disabled = !select.value;
    draw.hidden = !canAct(user());
    hint.textContent = canAct(user()) ? '' : t('floods.signIn');
    eventLabel.textContent = t('floods.event');
    events.replaceChildren(el('option', { value: '' }, t('floods.noEvent')),
      ...floods.map((f) => el('option', { value: String(f.id) }, `${eventName(f)} · ${formatDateTime(f.occurred_at)}`)));
    // the select names the event shown, whatever opened it (the select, a link, a new event)
    events.value = current === null ? '' : String(current);
    renderImpact();
    plan.texts();
    operation.texts();
  }

  function line(key, params) {
    return el('li', {}, t(key, params));
  }

  function renderImpact() {
    if (!impact) {
      impactBox.replaceChildren();
      return;
    }
    const x = impact.totals;
    const n = (v) => formatNumber(v);
    impactBox.replaceChildren(
      el('h3', {}, t('impact.title')),
      el('ul', { class: 'impact-list' },
        line('impact.flooded', { households: n(x.households_flooded), people: n(x.people_flooded) }),
        line('impact.isolated', { households: n(x.households_isolated), people: n(x.people_isolated) }),
        line('impact.vulnerable', { elderly: n(x.vulnerable.elderly), children: n(x.vulnerable.young_children),
          disabled: n(x.vulnerable.disabled), pregnant: n(x.vulnerable.pregnant) }),
        line('impact.weak', { class3: n(x.house_class_3), class4: n(x.house_class_4) }),
        line('impact.roads', { km: formatNumber(x.roads_flooded_km, 1), sites: n(x.sites_open_dry) })),
      el('h4', {}, t('needs.title', { people: n(x.people_affected) })),
      el('table', { class: 'needs' }, el('tbody', {}, x.needs.map((item) => el('tr', { dataset: { need: item.code } },
        el('th', {}, lang() === 'en' ? item.name_en : item.name_vi),
        el('td', { class: 'num' }, n(item.quantity)), el('td', {}, t(`unit.${item.unit}`)))))),
      el('p', { class: 'muted' }, t('impact.communes', { count: n(impact.communes.length), villages: n(impact.villages.filter((v) => v.isolated).length) })));
  }

  /**
   * Shows one flood event: its extent, impact, households and plan; framed on the map unless told not to (a link that
   * names its own view).
   */
  async function showEvent(id, { frame = true } = {}) {
    current = id;
    events.value = id === null ? '' : String(id);
    impact = null;
    if (id === null) {
      await registry.layers.affected_households.load(null);
      await plan.load(null, false);
      texts();
      document.dispatchEvent(new CustomEvent('atlas:flood', { detail: { id: null } }));
      return;
    }
    const [event, zone, report] = await Promise.all([getJson(`/api/floods/${id}`), getJson(`/api/floods/${id}/extent.geojson`),
      getJson(`/api/floods/${id}/impact`)]);
    // an event made elsewhere since the list was read (another officer, a link) is listed too: the select names what is shown
    if (!floods.some((f) => f.id === event.id)) {
      floods = [event, ...floods];
    }
    const cut = event.scenario ? await getJson(`/api/flood-scenarios/${encodeURIComponent(event.scenario)}/roads`) : null;
    registry.showFlood(zone, cut);
    if (frame) {
      map.fitBounds(registry.layers.flood_zones.getBounds(), { padding: [20, 20] });
    }
    impact = report;
    await registry.layers.affected_households.load(id);
    if (!map.hasLayer(registry.layers.affected_households)) {
      map.addLayer(registry.layers.affected_households);
    }
    await plan.load(id, event.plan_id !== null);
    texts();
    document.dispatchEvent(new CustomEvent('atlas:flood', { detail: { id } }));
  }

  async function createEvent(body) {
    const created = await postJson('/api/floods', body);
    floods = [created, ...floods];
    await showEvent(created.id);
    return created;
  }

  select.addEventListener('change', async () => {
    try {
      await registry.setScenario(select.value || null);
      const s = scenarios.find((x) => x.code === select.value);
      // the flood where it is, clear of the panels
      flyToBox(map, s && s.bbox);
      texts();
    } catch (e) {
      showError(e);
    }
  });
  events.addEventListener('change', () => showEvent(events.value ? Number(events.value) : null).catch(showError));
  analyse.addEventListener('click', async () => {
    analyse.disabled = true;
    try {
      await createEvent({ scenario: select.value });
    } catch (e) {
      showError(e);
    } finally {
      analyse.disabled = !select.value;
    }
  });
  draw.addEventListener('click', async () => {
    try {
      await drawLibrary();
    } catch (e) {
      showError(e);
      return;
    }
    hint.textContent = t('floods.drawHint');
    const tool = new L.Draw.Polygon(map, { shapeOptions: { color: '#0277bd', weight: 2 }, showArea: true });
    map.once(L.Draw.Event.CREATED, async (e) => {
      hint.textContent = '';
      try {
        await createEvent({ geometry: e.layer.toGeoJSON().geometry, source: 'drawn', name: t('floods.drawnName') });
      } catch (err) {
        showError(err);
      }
    });
    tool.enable();
  });
  // a household's status changed somewhere: its dot here knows at once, the household tiles soon after
  const redrawSoon = coalesce(() => registry.layers.households.redraw(), 1500);
  onLive('household', (h) => {
    registry.layers.affected_households.eachLayer((m) => {
      if (m.feature && m.feature.id === h.id) {
        m.feature.properties.status = h.status;
      }
    });
    if (map.hasLayer(registry.layers.households)) {
      redrawSoon();
    }
  });
  const reloadPlan = () => {
    if (current !== null) {
      getJson(`/api/floods/${current}`).then((event) => plan.load(current, event.plan_id !== null)).catch(showError);
    }
  };
  document.addEventListener('atlas:user', () => {
    texts();
    reloadPlan();
  });
  // events were missed while away: what this map shows of households and sites is drawn again from the server
  onLive('resync', () => {
    if (map.hasLayer(registry.layers.households)) {
      registry.layers.households.redraw();
    }
    if (map.hasLayer(registry.layers.evacuation_points)) {
      registry.layers.evacuation_points.reload();
    }
    reloadPlan();
  });
  onChange(texts);
  texts();
  return {
    select,
    choose: async (code) => { select.value = code; await registry.setScenario(code); texts(); },
    showEvent,
    current: () => current,
    impact: () => impact,
    plan,
    operation,
    console: committee,
  };
}
