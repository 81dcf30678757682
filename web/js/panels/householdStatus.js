// The form in a household's card with which an officer moves it through at_risk → isolated → evacuated
// (to a site) → supplied → safe. The server checks the role, the commune and the site's room.
import { patchJson } from '../api.js';
import { t } from '../i18n.js';
import { el, showError } from '../ui.js';

const STATUSES = ['at_risk', 'isolated', 'evacuated', 'supplied', 'safe'];

/**
 * @param household {id, properties.status}
 * @param sites     [{id, label}] to offer for an evacuation, in the order to offer them
 * @param onSaved   called with the server's answer
 * @param onResize  called when the form grows or shrinks (the popup around it keeps it in view)
 * @param message   what the form says first (the card drawn again after a save says it was saved)
 */
export function householdStatusForm(household, sites, onSaved, onResize = () => {}, message = '') {
  const status = el('select', { name: 'status', 'aria-label': t('household.status') },
    STATUSES.map((s) => el('option', { value: s, selected: s === household.properties.status }, t(`status.${s}`))));
  const site = el('select', { name: 'site', 'aria-label': t('household.site') },
    sites.length ? sites.map((s) => el('option', { value: String(s.id) }, s.label)) : [el('option', { value: '' }, t('household.noSiteWithRoom'))]);
  const siteRow = el('label', { class: 'site-row' }, t('household.site'), site);
  const result = el('span', { class: 'muted', role: 'status' }, message);
  const sync = () => {
    siteRow.hidden = status.value !== 'evacuated';
    onResize();
  };
  status.addEventListener('change', sync);
  const form = el('form', { class: 'status-form' },
    el('label', {}, t('household.status'), status), siteRow,
    el('button', { type: 'submit' }, t('household.save')), result);
  siteRow.hidden = status.value !== 'evacuated';
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { status: status.value };
    if (status.value === 'evacuated') {
      if (!site.value) {
        result.textContent = t('household.noSite');
        return;
      }
      body.site_id = Number(site.value);
    }
    try {
      const answer = await patchJson(`/api/households/${household.id}`, body);
      household.properties.status = answer.status;
      result.textContent = t('household.saved');
      onSaved(answer);
    } catch (err) {
      result.textContent = err.status === 409 || err.status === 403 ? err.message : '';
      showError(err);
    }
  });
  return form;
}
