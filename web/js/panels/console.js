// The committee's console beside the situation board: the on-the-spot forces ("4 tại chỗ") of each village the flood
// reaches — the "Dân vận khéo" groups that can act there, villages with vulnerable people and none flagged — and, for
// officers, the flood's timeline (who did what, when: floods, plans, roads, calls, families).
import { getJson, ApiError } from '../api.js';
import { t, formatNumber, formatDateTime, onChange } from '../i18n.js';
import { el, showError, coalesce } from '../ui.js';
import { onLive } from '../live.js';

const MAX_VILLAGES = 12;
const MAX_ENTRIES = 30;

/** An audit action in words; one the words do not know is shown as it is. */
function actionWord(action) {
  const word = t(`timeline.action.${action}`);
  return word.startsWith('timeline.action.') ? action : word;
}

export function consoleSection(root, canAct) {
  const forcesTitle = el('h3', { id: 'forces-title' });
  const forcesLine = el('p', { id: 'forces-summary', class: 'muted' });
  const forcesList = el('ul', { id: 'forces-list', class: 'forces-list' });
  const timelineTitle = el('h3', { id: 'timeline-title' });
  const timelineList = el('ol', { id: 'timeline-list', class: 'timeline-list', reversed: true });
  const timelineLink = el('p', { class: 'plan-links' });
  root.append(forcesTitle, forcesLine, forcesList, timelineTitle, timelineList, timelineLink);

  let floodId = null;
  let forces = null;
  let timeline = null;

  function render() {
    forcesTitle.textContent = floodId === null ? '' : t('forces.title');
    timelineTitle.textContent = timeline ? t('timeline.title') : '';
    if (!forces) {
      forcesLine.textContent = '';
      forcesList.replaceChildren();
    } else {
      forcesLine.textContent = t('forces.summary', { villages: formatNumber(forces.villages), without: formatNumber(forces.villages_without_force) });
      forcesList.replaceChildren(...forces.affected.slice(0, MAX_VILLAGES).map((v) => el('li', { dataset: { village: v.code },
        class: v.needs_force ? 'needs-force' : '' },
      el('strong', {}, `${v.name} (${v.commune_name})`), ' ',
      t('forces.atRisk', { people: formatNumber(v.at_risk_people), vulnerable: formatNumber(v.at_risk_vulnerable_people) }),
      v.groups.length
        ? el('ul', {}, v.groups.map((g) => el('li', {}, g.members ? t('forces.group', { name: g.name, members: formatNumber(g.members) }) : g.name)))
        : el('p', { class: 'warning' }, v.needs_force ? t('forces.none') : t('forces.noneNeeded')))));
    }
    if (!timeline) {
      timelineList.replaceChildren();
      timelineLink.replaceChildren();
      return;
    }
    timelineList.replaceChildren(...timeline.slice(-MAX_ENTRIES).reverse().map((e) => el('li', { dataset: { action: e.action } },
      el('time', { datetime: e.at }, formatDateTime(e.at)), ' ', el('strong', {}, e.username || '—'), ' ', actionWord(e.action),
      e.entity_id ? ` #${e.entity_id}` : '')));
    timelineLink.replaceChildren(el('a', { href: `/api/floods/${floodId}/timeline.csv`, download: '' }, t('timeline.csv')));
  }

  async function load() {
    const id = floodId;
    if (id === null) {
      forces = null;
      timeline = null;
      render();
      return;
    }
    const [f, tl] = await Promise.all([getJson(`/api/floods/${id}/forces`),
      canAct() ? getJson(`/api/floods/${id}/timeline`).catch((e) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          return null; // not this viewer's to read
        }
        throw e;
      }) : null]);
    if (id === floodId) {
      forces = f;
      timeline = tl;
      render();
    }
  }

  const loadSoon = coalesce(() => load().catch(showError), 1000);
  for (const name of ['household', 'site', 'road', 'sos', 'plan']) {
    onLive(name, () => {
      if (floodId !== null) {
        loadSoon();
      }
    });
  }
  document.addEventListener('atlas:flood', (e) => {
    floodId = e.detail.id;
    load().catch(showError);
  });
  document.addEventListener('atlas:user', () => load().catch(showError));
  onChange(render);
  render();
  return { forces: () => forces, timeline: () => timeline, load };
}
