// The evacuation plan of the chosen flood: its summary, the sites it fills with live occupancy bars, the
// routes on the map, and links to the printable sheet and the exports. Officers make a new plan here.
import { getJson, postJson } from '../api.js';
import { t, formatNumber, formatPercent } from '../i18n.js';
import { el, showError } from '../ui.js';
import { onLive } from '../live.js';

const MAX_BARS = 40;

export function evacuationPlanSection(root, registry, map, canPlan) {
  const title = el('h3', { id: 'plan-title' });
  const overnight = el('input', { type: 'checkbox', id: 'plan-overnight' });
  const overnightLabel = el('label', { for: 'plan-overnight' });
  const create = el('button', { type: 'button', id: 'plan-create' });
  const summary = el('div', { id: 'plan-summary', class: 'plan-summary' });
  const links = el('p', { class: 'plan-links' });
  const bars = el('ul', { id: 'plan-sites', class: 'site-bars' });
  const barsTitle = el('h4', { id: 'plan-sites-title' });
  root.append(title, el('div', { class: 'plan-options' }, overnight, overnightLabel, create), summary, links, barsTitle, bars);

  let floodId = null;
  let plan = null;
  const assignment = new Map(); // household id → site id
  const barOf = new Map();      // site code → { fill, text, site }

  function texts() {
    title.textContent = t('plan.title');
    overnightLabel.textContent = t('plan.overnight');
    create.textContent = t('plan.create');
    barsTitle.textContent = plan ? t('plan.sites') : '';
    render();
  }

  function bar(site) {
    const used = site.capacity_day > 0 ? (site.occupancy + site.reserved) / site.capacity_day : 1;
    return { width: `${Math.min(100, Math.round(used * 100))}%`, text: `${formatNumber(site.occupancy)} / ${formatNumber(site.capacity_day)}` };
  }

  function render() {
    create.hidden = !canPlan() || floodId === null;
    overnight.hidden = create.hidden;
    overnightLabel.hidden = create.hidden;
    if (!plan) {
      summary.textContent = floodId === null ? '' : t('plan.none');
      links.replaceChildren();
      bars.replaceChildren();
      barOf.clear();
      return;
    }
    const boat = plan.unassigned_households.length;
    summary.replaceChildren(
      el('p', {}, t('plan.summary', { assigned: formatNumber(plan.assigned), households: formatNumber(plan.households),
        people: formatNumber(plan.people_assigned), boat: formatNumber(boat) })),
      el('p', { class: 'muted' }, t('plan.quality', { cost: formatNumber(plan.cost_person_km), gap: formatPercent(plan.gap),
        method: plan.method })));
    const base = `/api/floods/${floodId}/plan`;
    links.replaceChildren(
      el('a', { href: `${base}/sheet`, target: '_blank', rel: 'noopener', id: 'plan-sheet' }, t('plan.sheet')), ' · ',
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
      const text = el('span', { class: 'numbers' }, b.text);
      barOf.set(s.code, { fill, text, site: s });
      bars.append(el('li', { dataset: { site: s.code } },
        el('div', { class: 'site-name' }, s.name, el('span', { class: 'muted' }, ` · ${t('plan.planned', { people: formatNumber(s.people) })}`)),
        el('div', { class: 'bar' }, fill), text));
    }
  }

  /** Shows the newest plan of a flood; hasPlan says whether there is one (the event says so). */
  async function load(id, hasPlan) {
    floodId = id;
    plan = null;
    assignment.clear();
    if (id !== null && hasPlan) {
      plan = await getJson(`/api/floods/${id}/plan`);
    }
    plan?.assignments.forEach((a) => assignment.set(a.household_id, a.site_id));
    await registry.layers.plan_routes.load(plan ? id : null);
    if (plan && !map.hasLayer(registry.layers.plan_routes)) {
      map.addLayer(registry.layers.plan_routes);
    }
    texts();
    return plan;
  }

  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      await postJson(`/api/floods/${floodId}/plan`, { overnight: overnight.checked });
      await load(floodId, true);
    } catch (e) {
      showError(e);
    } finally {
      create.disabled = false;
    }
  });

  // occupancy moves as households are checked in and out, in this window or any other
  onLive('site', (site) => {
    const b = barOf.get(site.code);
    if (b && !(b.site.version != null && site.version != null && site.version < b.site.version)) {
      Object.assign(b.site, site);
      const now = bar(b.site);
      b.fill.style.width = now.width;
      b.text.textContent = now.text;
    }
    registry.layers.evacuation_points.updateSite(site);
  });

  texts();
  return {
    load,
    texts,
    plan: () => plan,
    /** The sites to offer for one household: its planned site first, then the plan's other sites by name. */
    sitesFor(householdId) {
      if (!plan) {
        return [];
      }
      const mine = assignment.get(householdId);
      const sorted = [...plan.sites].sort((a, b) => (a.id === mine ? -1 : b.id === mine ? 1 : a.name.localeCompare(b.name, 'vi')));
      return sorted.map((s) => ({ id: s.id, name: s.name }));
    },
  };
}
