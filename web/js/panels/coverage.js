// The coverage panel: pick a model (or any model), slide the date, watch the choropleth, see which
// communes have it in every village, sort the table, download it, read the model's facts and spread.
import { getJson, url } from '../api.js';
import { t, formatNumber, formatPercent, formatDate, onChange } from '../i18n.js';
import { el, debounce, showError, flyToBox } from '../ui.js';
import { drawTimeline } from './modelChart.js';

const FIRST_MONTH = { year: 2005, month: 1 };

/** A model's name in the language shown (the English one where the data has it). */
function modelName(m) {
  return document.documentElement.lang === 'en' && m.name_en ? m.name_en : m.name;
}

/** Play and pause as drawn shapes: a font need not have the pause sign. */
function playIcon(pause) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  const shapes = pause ? [['rect', { x: 3, y: 2, width: 3.5, height: 12 }], ['rect', { x: 9.5, y: 2, width: 3.5, height: 12 }]]
    : [['path', { d: 'M4 2 L14 8 L4 14 Z' }]];
  for (const [tag, attrs] of shapes) {
    const shape = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.entries(attrs).forEach(([k, v]) => shape.setAttribute(k, String(v)));
    shape.setAttribute('fill', 'currentColor');
    svg.append(shape);
  }
  return svg;
}

function monthEnd(year, month) {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

function monthsBetween(from, to) {
  return (to.year - from.year) * 12 + (to.month - from.month);
}

export function coveragePanel(root, registry, map) {
  const today = new Date();
  const lastMonth = { year: today.getFullYear(), month: today.getMonth() + 1 };
  const state = { model: null, modelName: null, units: '2024', index: monthsBetween(FIRST_MONTH, lastMonth), rows: [], sort: 'code', order: 'asc' };
  let playing = null;
  let controller = null;

  const title = el('h2', { id: 'coverage-title' });
  const modelLabel = el('label', { for: 'model-search' });
  const modelSearch = el('input', { id: 'model-search', type: 'search', autocomplete: 'off' });
  const modelList = el('ul', { class: 'picker-list', id: 'model-list', role: 'listbox' });
  const unitsLabel = el('label');
  const units = el('div', { class: 'segmented', role: 'group' });
  const u2024 = el('button', { type: 'button', 'aria-pressed': 'true', dataset: { units: '2024' } });
  const u2025 = el('button', { type: 'button', 'aria-pressed': 'false', dataset: { units: '2025' } });
  units.append(u2024, u2025);
  const dateLabel = el('label', { for: 'coverage-date' });
  const slider = el('input', { id: 'coverage-date', type: 'range', min: '0', max: String(state.index), value: String(state.index), step: '1' });
  const dateText = el('output', { id: 'coverage-date-text', for: 'coverage-date' });
  const play = el('button', { type: 'button', class: 'play', id: 'coverage-play' });
  const summary = el('p', { class: 'muted', id: 'coverage-summary' });
  const hint = el('p', { class: 'muted', id: 'coverage-hint' });
  const fullTitle = el('h3', { class: 'muted' });
  const fullList = el('div', { class: 'chips', id: 'full-communes' });
  const table = el('table', { class: 'data', id: 'coverage-table' });
  const csv = el('a', { class: 'button', id: 'coverage-csv', download: '' });
  const xlsx = el('a', { class: 'button', id: 'coverage-xlsx', download: '' });
  const details = el('div', { id: 'model-details' });

  root.append(title, modelLabel, modelSearch, modelList, unitsLabel, units, dateLabel,
    el('div', { class: 'slider' }, play, slider), dateText, hint, summary, fullTitle, fullList,
    el('div', { class: 'table-wrap' }, table), el('p', {}, csv, ' ', xlsx), details);

  function asOf() {
    const total = FIRST_MONTH.month - 1 + state.index;
    return monthEnd(FIRST_MONTH.year + Math.floor(total / 12), (total % 12) + 1);
  }

  function setMonth(year, month) {
    state.index = Math.max(0, Math.min(Number(slider.max), monthsBetween(FIRST_MONTH, { year, month })));
    slider.value = String(state.index);
  }

  function texts() {
    title.textContent = t('coverage.title');
    modelLabel.textContent = t('coverage.model');
    modelSearch.placeholder = t('coverage.searchModel');
    unitsLabel.textContent = t('coverage.units');
    u2024.textContent = t('coverage.units2024');
    u2025.textContent = t('coverage.units2025');
    dateLabel.textContent = t('coverage.date');
    play.replaceChildren(playIcon(!!playing));
    play.title = playing ? t('coverage.pause') : t('coverage.play');
    play.setAttribute('aria-label', play.title);
    fullTitle.textContent = t('coverage.full');
    csv.textContent = t('coverage.csv');
    xlsx.textContent = t('coverage.xlsx');
    dateText.textContent = formatDate(asOf(), 'month');
    hint.textContent = registry.coverageActive() ? '' : t('coverage.hint');
  }

  async function searchModels(q) {
    try {
      const data = await getJson('/api/models', { q: q || undefined, limit: 30, sort: q ? 'name' : 'villages_active', order: q ? 'asc' : 'desc' });
      // "any model" only when nothing is typed: what was typed comes first
      const items = q ? data.models : [{ id: null, name: t('coverage.anyModel') }, ...data.models];
      modelList.replaceChildren(...items.map((m) => el('li', {
        role: 'option', 'aria-selected': String(m.id === state.model), dataset: { id: m.id ?? '' },
        onclick: () => pick(m),
      }, modelName(m))));
      if (!items.length) {
        modelList.replaceChildren(el('li', { class: 'muted', role: 'presentation' }, t('coverage.noMatch', { q })));
      }
    } catch (e) {
      showError(e);
    }
  }

  /** Shows a model; the map flies to where it is active unless told not to (a link names its own view). */
  function pick(m, fly = true) {
    state.model = m.id;
    state.modelName = m.id ? m.name : null;
    state.founded = m.founded_on || null;
    modelSearch.value = m.id ? modelName(m) : '';
    modelList.querySelectorAll('li').forEach((li) => li.setAttribute('aria-selected', String((li.dataset.id || null) == state.model)));
    if (m.founded_on) {
      const [y, mo] = m.founded_on.split('-').map(Number);
      if (monthsBetween({ year: y, month: mo }, monthsFromIndex()) < 0) {
        setMonth(y, mo);
      }
    }
    refresh();
    loadDetails(fly);
  }

  function monthsFromIndex() {
    const total = FIRST_MONTH.month - 1 + state.index;
    return { year: FIRST_MONTH.year + Math.floor(total / 12), month: (total % 12) + 1 };
  }

  const params = () => ({ model: state.model ?? undefined, asOf: asOf(), units: state.units, level: 'commune' });

  async function refresh() {
    dateText.textContent = formatDate(asOf(), 'month');
    controller?.abort();
    controller = new AbortController();
    try {
      const data = await getJson('/api/coverage', { ...params(), limit: 500 }, { signal: controller.signal });
      state.rows = data.rows;
      registry.setCoverage(state.rows, state.units, state.model ?? null);
      hint.textContent = '';
      // what the panel shows now, for anyone (tests, scripts) waiting on it
      root.dataset.asOf = data.asOf;
      root.dataset.units = data.units;
      root.dataset.model = data.model ?? '';
      showUnitSet();
      renderResults();
      document.dispatchEvent(new CustomEvent('atlas:coverage', { detail: { model: state.model, units: state.units, asOf: data.asOf } }));
    } catch (e) {
      showError(e);
    }
  }

  /** The units of the set chosen, and only those: after the reform there are no districts and the old communes are gone. */
  function showUnitSet() {
    const after = state.units === '2025';
    const want = { admin_units_2025: after, communes: !after, districts: !after };
    for (const [id, on] of Object.entries(want)) {
      const layer = registry.layers[id];
      if (on && !map.hasLayer(layer)) {
        map.addLayer(layer);
      } else if (!on && map.hasLayer(layer)) {
        map.removeLayer(layer);
      }
    }
    registry.syncLabels();
  }

  function renderResults() {
    const rows = [...state.rows];
    const full = rows.filter((r) => r.full_adoption);
    const withModel = rows.reduce((s, r) => s + r.villages_with_model, 0);
    const total = rows.reduce((s, r) => s + r.villages_total, 0);
    summary.textContent = t('coverage.summary', { with: formatNumber(withModel), total: formatNumber(total), full: formatNumber(full.length) });
    fullList.replaceChildren(...(full.length ? full.map((r) => el('button', { type: 'button', class: 'chip', dataset: { code: r.code },
      title: t('coverage.showOnMap'), onclick: () => flyToBox(map, r.bbox, 13) }, r.name))
      : [el('span', { class: 'muted' }, t('coverage.fullNone'))]));
    const key = state.sort;
    rows.sort((a, b) => {
      const va = a[key];
      const vb = b[key];
      const c = typeof va === 'number' ? va - vb : String(va).localeCompare(String(vb), 'vi');
      return state.order === 'asc' ? c : -c;
    });
    const columns = [['code', 'coverage.code'], ['name', 'coverage.name'], ['villages_total', 'coverage.villages', true],
      ['villages_with_model', 'coverage.withModel', true], ['share', 'coverage.share', true], ['full_adoption', 'coverage.fullColumn']];
    const head = el('tr', {}, columns.map(([k, label, num]) => el('th', {
      class: num ? 'num' : '', scope: 'col', dataset: { sort: k },
      'aria-sort': state.sort === k ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none',
      onclick: () => { state.order = state.sort === k && state.order === 'asc' ? 'desc' : 'asc'; state.sort = k; renderResults(); },
    }, t(label))));
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, rows.map((r) => el('tr', {
      class: `clickable${r.full_adoption ? ' full' : ''}`, dataset: { code: r.code }, title: t('coverage.showOnMap'), onclick: () => flyToBox(map, r.bbox, 13),
    },
      el('td', {}, r.code), el('td', {}, r.name), el('td', { class: 'num' }, formatNumber(r.villages_total)),
      el('td', { class: 'num' }, formatNumber(r.villages_with_model)), el('td', { class: 'num' }, formatPercent(r.share)),
      el('td', {}, r.full_adoption ? t('coverage.yes') : '')))));
    csv.href = url('/api/coverage.csv', { ...params(), sort: state.sort, order: state.order });
    xlsx.href = url('/api/coverage.xlsx', { ...params(), sort: state.sort, order: state.order });
  }

  async function loadDetails(fly = false) {
    details.replaceChildren();
    if (!state.model) {
      return;
    }
    try {
      const m = await getJson(`/api/models/${state.model}`, { asOf: asOf() });
      state.founded = m.founded_on;
      if (fly) {
        flyToBox(map, m.bbox, 12);
      }
      const en = document.documentElement.lang === 'en';
      const origin = m.origin_village_name ? `${m.origin_village_name} (${m.origin_commune_name})` : (m.origin_unit_name || '');
      const chart = el('div', { class: 'chart', id: 'model-chart' });
      details.append(el('h3', {}, modelName(m)), el('dl', { class: 'model-facts' },
        el('dt', {}, t('model.sector')), el('dd', {}, en && m.sector_name_en ? m.sector_name_en : m.sector_name),
        el('dt', {}, t('model.host')), el('dd', {}, m.host),
        el('dt', {}, t('model.origin')), el('dd', {}, origin),
        el('dt', {}, t('model.founded')), el('dd', {}, formatDate(m.founded_on, m.founded_precision)),
        m.members ? el('dt', {}, t('model.members')) : null, m.members ? el('dd', {}, formatNumber(m.members)) : null,
        m.description ? el('dt', {}, t('model.description')) : null, m.description ? el('dd', { lang: 'vi' }, m.description) : null),
      el('h3', {}, t('model.timeline')), chart);
      drawTimeline(chart, m.timeline).catch((e) => showError(e));
    } catch (e) {
      showError(e);
    }
  }

  function stop() {
    clearTimeout(playing);
    playing = null;
    texts();
  }

  /**
   * One month further (or, at the start, the month set), then the next: the next frame is asked for only when this
   * one is drawn, so no frame is ever blank.
   */
  async function step(advance = true) {
    if (advance && state.index >= Number(slider.max)) {
      stop();
      return;
    }
    if (advance) {
      state.index += 1;
      slider.value = String(state.index);
    }
    await refresh();
    if (playing) {
      playing = setTimeout(step, 400);
    }
  }

  play.addEventListener('click', () => {
    if (playing) {
      stop();
      return;
    }
    if (state.index >= Number(slider.max)) {
      // from the month the model was founded (the movement's first year for any model)
      const [y, mo] = (state.founded || `${FIRST_MONTH.year}-${FIRST_MONTH.month}`).split('-').map(Number);
      setMonth(y, mo);
    }
    playing = setTimeout(() => step(false), 0);
    texts();
  });
  const refreshSoon = debounce(refresh, 120);
  slider.addEventListener('input', () => {
    state.index = Number(slider.value);
    dateText.textContent = formatDate(asOf(), 'month');
    refreshSoon();
  });
  /** Shows the units before (2024) or after (2025) the reform. */
  function setUnits(units) {
    state.units = units;
    u2024.setAttribute('aria-pressed', String(state.units === '2024'));
    u2025.setAttribute('aria-pressed', String(state.units === '2025'));
  }
  for (const b of [u2024, u2025]) {
    b.addEventListener('click', () => {
      setUnits(b.dataset.units);
      refresh();
    });
  }
  modelSearch.addEventListener('input', debounce(() => searchModels(modelSearch.value.trim()), 250));
  // a model found with the header's search is the model shown
  document.addEventListener('atlas:search', (e) => {
    if (e.detail.kind === 'model') {
      pick({ id: Number(e.detail.code), name: e.detail.name });
    }
  });
  onChange(() => { texts(); renderResults(); loadDetails(); searchModels(modelSearch.value.trim()); });
  texts();
  searchModels('');
  return {
    state,
    refresh,
    pick,
    /** Sets the date slider to the end of a month (for tests and links). */
    setMonth(year, month) { setMonth(year, month); refresh(); },
    /** Model, units and month at once, as a link names them (one request, not three). */
    show({ model, units, year, month }) {
      if (units) {
        setUnits(units);
      }
      if (year) {
        setMonth(year, month);
      }
      if (model) {
        pick(model, false);
      } else {
        refresh();
      }
    },
  };
}
