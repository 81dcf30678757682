// The evacuation plan of the chosen flood: its summary, the sites it fills with live occupancy bars, the
// routes on the map, and links to the printable sheet and the exports. Officers make a new plan here.
import { getJson, postJson } from '../api.js';
import { t, formatNumber, formatPercent, formatDateTime } from '../i18n.js';
import { el, showError } from '../ui.js';
import { onLive } from '../live.js';

const MAX_BARS = 40;

export function evacuationPlanSection(root, registry, map, canPlan) {
  const title = el('h3', { id: 'plan-title' });
  const overnight = el('input', { type: 'checkbox', id: 'plan-overnight' });
  const overnightLabel = el('label', { for: 'plan-overnight' });
  const create = el('button', { type: 'button', id: 'plan-create' });
  // before the water (a forecast): roads as they are now, and when each alarm level is expected — who must leave by when
  const mode = el('select', { id: 'plan-mode' }, el('option', { value: 'during' }), el('option', { value: 'preemptive' }));
  const levelInputs = [1, 2, 3].map((level) => el('input', { type: 'datetime-local', id: `plan-level-${level}`, dataset: { level } }));
  const levelLabels = [1, 2, 3].map((level) => el('label', { for: `plan-level-${level}` }));
  const levels = el('div', { id: 'plan-levels', class: 'plan-levels', hidden: true },
    ...[0, 1, 2].map((i) => el('div', {}, levelLabels[i], levelInputs[i])));
  const schedule = el('ul', { id: 'plan-schedule', class: 'plan-schedule' });
  const summary = el('div', { id: 'plan-summary', class: 'plan-summary' });
  const links = el('p', { class: 'plan-links' });
  const bars = el('ul', { id: 'plan-sites', class: 'site-bars' });
  const barsTitle = el('h4', { id: 'plan-sites-title' });
  root.append(title, el('div', { class: 'plan-options' }, mode, levels, overnight, overnightLabel, create), summary, schedule, links, barsTitle,
    bars);

  let floodId = null;
  let plan = null;
  const barOf = new Map();      // site code → { fill, text, site }

  function texts() {
    title.textContent = t('plan.title');
    overnightLabel.textContent = t('plan.overnight');
    create.textContent = t('plan.create');
    mode.options[0].textContent = t('plan.mode.during');
    mode.options[1].textContent = t('plan.mode.preemptive');
    levelLabels.forEach((l, i) => { l.textContent = t('plan.levelTime', { level: i + 1 }); });
    barsTitle.textContent = plan ? t('plan.sites') : '';
    render();
  }

  /** The bar of a site: people there now, and on top the people the plan sends, against its capacity. */
  function bar(site) {
    const capacity = Math.max(site.capacity_day, 1);
    const now = Math.min(1, (site.occupancy + site.reserved) / capacity);
    const planned = Math.min(1 - now, site.people / capacity);
    return {
      width: `${Math.round(now * 100)}%`, planned: `${Math.round(planned * 100)}%`,
      text: t('plan.barText', { now: formatNumber(site.occupancy), capacity: formatNumber(site.capacity_day), planned: formatNumber(site.people) }),
    };
  }

  function render() {
    create.hidden = !canPlan() || floodId === null;
    overnight.hidden = create.hidden;
    overnightLabel.hidden = create.hidden;
    mode.hidden = create.hidden;
    levels.hidden = create.hidden || mode.value !== 'preemptive';
    const levelsOfPlan = plan && plan.summary && plan.summary.schedule;
    schedule.replaceChildren(...(levelsOfPlan || []).map((l) => el('li', { dataset: { level: l.level } },
      t('plan.scheduleLevel', { level: l.level, time: l.leave_by ? formatDateTime(l.leave_by) : '—', households: formatNumber(l.households),
        people: formatNumber(l.people), road: formatNumber(l.can_leave_by_road) }))));
    if (!plan) {
      summary.textContent = floodId === null ? '' : t('plan.none');
      links.replaceChildren();
      bars.replaceChildren();
      barOf.clear();
      return;
    }
    const unplaced = plan.unassigned || {};
    summary.replaceChildren(
      el('p', {}, t('plan.summary', { assigned: formatNumber(plan.assigned), households: formatNumber(plan.households),
        people: formatNumber(plan.people_assigned) })),
      // boats and shelter are sized apart: no dry road is a boat's job, no room is a site's
      el('ul', { class: 'plan-gaps' },
        el('li', { id: 'plan-boat' }, t('plan.boat', { households: formatNumber(unplaced.no_dry_route || 0) })),
        el('li', { id: 'plan-no-room' }, t('plan.noRoom', { households: formatNumber(unplaced.no_room || 0) }))),
      el('p', { class: 'muted' }, t('plan.quality', { cost: formatNumber(plan.cost_person_km, 1), gap: formatPercent(plan.gap, 2) })));
    const base = `/api/floods/${floodId}/plan`;
    links.replaceChildren(
      // the sheet in the language the map is read in
      el('a', { href: document.documentElement.lang === 'en' ? `${base}/sheet?lang=en` : `${base}/sheet`, target: '_blank', rel: 'noopener',
        id: 'plan-sheet' }, t('plan.sheet')), ' · ',
      el('a', { href: `${base}.csv`, download: '' }, t('plan.csv')), ' · ',
      el('a', { href: `${base}.xlsx`, download: '', id: 'plan-xlsx' }, t('plan.xlsx')), ' · ',
      el('a', { href: `${base}.geojson`, download: '' }, t('plan.geojson')), ' · ',
      el('a', { href: `${base}.gpkg`, download: '' }, t('plan.gpkg')));
    bars.replaceChildren();
    barOf.clear();
    const sites = [...plan.sites].sort((a, b) => b.people - a.people).slice(0, MAX_BARS);
    for (const s of sites) {
      const b = bar(s);
      const fill = el('span', { class: 'fill' });
      fill.style.width = b.width;
      const planned = el('span', { class: 'planned' });
      planned.style.width = b.planned;
      const text = el('span', { class: 'numbers' }, b.text);
      barOf.set(s.code, { fill, planned, text, site: s });
      bars.append(el('li', { dataset: { site: s.code } },
        el('button', { type: 'button', class: 'site-name link', title: t('plan.showSite'), onclick: () => showSite(s) }, s.name),
        el('div', { class: 'bar' }, fill, planned), text));
    }
  }

  /** Moves the map to a site and opens it. */
  function showSite(s) {
    map.flyTo([s.lat, s.lon], Math.max(map.getZoom(), 16), { duration: 0.6 });
    map.once('moveend', () => registry.layers.evacuation_points.open(s.code));
  }

  let loading = null;   // the load in flight: one at a time, so that two never draw over each other's routes
  let announced = 0;    // the newest plan of the flood shown that the live events named

  /** Shows the newest plan of a flood; hasPlan says whether there is one (the event says so). */
  async function load(id, hasPlan) {
    while (loading) {
      await loading.catch(() => {});
    }
    loading = show(id, hasPlan);
    try {
      await loading;
    } finally {
      loading = null;
    }
    // a plan announced while this one was being read is newer: it is shown instead
    if (id !== null && id === floodId && announced > (plan ? plan.id : 0)) {
      return load(id, true);
    }
    return plan;
  }

  async function show(id, hasPlan) {
    if (id !== floodId) {
      announced = 0;
    }
    floodId = id;
    plan = null;
    if (id !== null && hasPlan) {
      plan = await getJson(`/api/floods/${id}/plan`);
    }
    await registry.layers.plan_routes.load(plan ? id : null);
    // the plan's sites stand out; the others fade (and families' houses it does not use wait for a closer zoom)
    registry.layers.evacuation_points.emphasise(plan ? new Set(plan.sites.map((s) => s.code)) : null);
    if (plan) {
      // the routes, and the sites they lead to
      for (const layer of [registry.layers.plan_routes, registry.layers.evacuation_points]) {
        if (!map.hasLayer(layer)) {
          map.addLayer(layer);
        }
      }
    }
    texts();
  }

  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const body = { overnight: overnight.checked, mode: mode.value };
      if (mode.value === 'preemptive') {
        body.levels = {};
        for (const input of levelInputs) {
          if (input.value) {
            // the times are Vietnam's, as the plan shows them, whatever the computer's clock is set to
            body.levels[input.dataset.level] = `${input.value.length === 16 ? `${input.value}:00` : input.value}+07:00`;
          }
        }
      }
      await postJson(`/api/floods/${floodId}/plan`, body);
      await load(floodId, true);
    } catch (e) {
      showError(e);
    } finally {
      create.disabled = false;
    }
  });

  mode.addEventListener('change', render);

  // a plan made elsewhere (another officer, or the server re-planning after a road closed) replaces the one shown
  onLive('plan', (made) => {
    if (floodId === null || made.flood_id !== floodId) {
      return;
    }
    announced = Math.max(announced, made.id);
    // a load in flight looks at what was announced when it ends; otherwise a newer plan than the one shown is loaded
    if (!loading && (!plan || plan.id < made.id)) {
      load(floodId, true).catch(showError);
    }
  });

  // occupancy moves as households are checked in and out, in this window or any other
  onLive('site', (site) => {
    const b = barOf.get(site.code);
    if (b && !(b.site.version != null && site.version != null && site.version < b.site.version)) {
      Object.assign(b.site, site);
      const now = bar(b.site);
      b.fill.style.width = now.width;
      b.planned.style.width = now.planned;
      b.text.textContent = now.text;
    }
    registry.layers.evacuation_points.updateSite(site);
  });

  texts();
  return {
    load,
    texts,
    plan: () => plan,
  };
}
