// The form in a household's popup with which an officer moves it through at_risk → isolated → evacuated
// (to a site) → supplied → safe. The server checks the role, the commune and the site's room.
import { patchJson } from '../api.js';
import { t } from '../i18n.js';
import { el, showError } from '../ui.js';

const STATUSES = ['at_risk', 'isolated', 'evacuated', 'supplied', 'safe'];

/**
 * @param feature  the household's GeoJSON feature (id, properties.status)
 * @param sites    [{id, name}] to offer for an evacuation, the plan's site for this household first
 * @param onSaved  called with the server's answer
 */
export function householdStatusForm(feature, sites, onSaved) {
  const status = el('select', { name: 'status', 'aria-label': t('household.status') },
    STATUSES.map((s) => el('option', { value: s, selected: s === feature.properties.status }, t(`status.${s}`))));
  const site = el('select', { name: 'site', 'aria-label': t('household.site') },
    sites.map((s) => el('option', { value: String(s.id) }, s.name)));
  const siteRow = el('label', { class: 'site-row' }, t('household.site'), site);
  const result = el('span', { class: 'muted', role: 'status' });
  const sync = () => { siteRow.hidden = status.value !== 'evacuated'; };
  status.addEventListener('change', sync);
  sync();
  const form = el('form', { class: 'status-form' },
    el('label', {}, t('household.status'), status), siteRow,
    el('button', { type: 'submit' }, t('household.save')), result);
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
      const answer = await patchJson(`/api/households/${feature.id}`, body);
      feature.properties.status = answer.status;
      result.textContent = t('household.saved');
      onSaved(answer);
    } catch (err) {
      result.textContent = err.status === 409 ? err.message : '';
      showError(err);
    }
  });
  return form;
}
