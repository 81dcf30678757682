// The calls for help to answer first, for the officers who answer them: the open calls of their communes in triage
// order (words of life at stake, vulnerable members, people, water at the door, hours waited), highest first. A row
// opens its call on the map. The order is theirs only: it tells which families have vulnerable members.
import { getJson } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { el } from '../ui.js';

const SHOWN = 15;

export function triageList(root, canAct, focusCall) {
  const title = el('h4', { id: 'triage-title' });
  const list = el('ol', { id: 'triage-list', class: 'big-list triage-list' });
  root.append(title, list);

  /** The flood's open calls in triage order (none shown to one who does not answer calls). */
  async function load(floodId) {
    const shown = floodId !== null && canAct();
    title.hidden = !shown;
    list.hidden = !shown;
    if (!shown) {
      list.replaceChildren();
      return;
    }
    const calls = await getJson('/api/sos', { flood: floodId, state: 'new', order: 'triage', limit: SHOWN });
    title.textContent = t('sos.triage.title');
    list.replaceChildren(...calls.map((c) => el('li', {},
      el('button', { type: 'button', class: 'triage-call', dataset: { sos: c.id }, onclick: () => focusCall(c) },
        el('strong', { class: 'triage-score' }, formatNumber(c.triage)), ' ',
        t('sos.people', { people: c.people == null ? '?' : formatNumber(c.people) }),
        c.village_name ? ` · ${c.village_name}` : '', c.note || c.needs ? ` · ${(c.note || c.needs).slice(0, 60)}` : ''))));
    if (!calls.length) {
      list.append(el('li', { class: 'muted' }, t('sos.triage.none')));
    }
  }
  return { load };
}
