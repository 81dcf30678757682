// The flood panel: choose a stored scenario to see its extent and the roads it cuts.
import { getJson } from '../api.js';
import { t, formatNumber, onChange } from '../i18n.js';
import { el, showError } from '../ui.js';

export async function floodsPanel(root, registry, map) {
  const title = el('h2', { id: 'floods-title' });
  const label = el('label', { for: 'scenario' });
  const select = el('select', { id: 'scenario' });
  const info = el('p', { class: 'muted', id: 'scenario-info' });
  root.append(title, label, select, info);
  let scenarios = [];
  try {
    scenarios = (await getJson('/api/flood-scenarios')).scenarios;
  } catch (e) {
    showError(e);
  }
  const lang = () => document.documentElement.lang;
  function texts() {
    title.textContent = t('floods.title');
    label.textContent = t('floods.scenario');
    const value = select.value;
    select.replaceChildren(el('option', { value: '' }, t('floods.none')),
      ...scenarios.map((s) => el('option', { value: s.code }, lang() === 'en' && s.name_en ? s.name_en : s.name)));
    select.value = value;
    const s = scenarios.find((x) => x.code === select.value);
    info.textContent = s ? t('floods.area', { area: formatNumber(s.area_km2, 1) }) : '';
  }
  select.addEventListener('change', async () => {
    try {
      await registry.setScenario(select.value || null);
      texts();
    } catch (e) {
      showError(e);
    }
  });
  onChange(texts);
  texts();
  return { select, choose: async (code) => { select.value = code; await registry.setScenario(code); texts(); } };
}
