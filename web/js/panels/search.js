// The search box: communes, villages and models by name, diacritics optional; picking one moves the map there.
import { getJson } from '../api.js';
import { t } from '../i18n.js';
import { el, debounce, showError } from '../ui.js';

export function setupSearch(map) {
  const input = document.getElementById('search-input');
  const list = document.getElementById('search-results');
  let results = [];
  let controller = null;
  let highlight = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
  }

  function go(result) {
    close();
    input.value = result.name;
    if (!result.bbox) {
      return;
    }
    const [w, s, e, n] = result.bbox;
    const bounds = L.latLngBounds([s, w], [n, e]);
    map.fitBounds(bounds, { maxZoom: result.kind === 'village' ? 15 : 14, animate: false });
    highlight?.remove();
    highlight = L.rectangle(bounds, { color: '#0b69a3', weight: 3, fill: false, dashArray: '4 4', interactive: false, className: 'search-highlight' }).addTo(map);
    setTimeout(() => { highlight?.remove(); highlight = null; }, 4000);
    document.dispatchEvent(new CustomEvent('atlas:search', { detail: result }));
  }

  const search = debounce(async (q) => {
    if (q.trim().length < 2) {
      close();
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const data = await getJson('/api/search', { q: q.trim(), limit: 12 }, { signal: controller.signal });
      results = data.results;
      list.replaceChildren(...(results.length ? results.map((r, i) => el('li', {
        role: 'option', 'aria-selected': i === 0 ? 'true' : 'false', dataset: { kind: r.kind, code: r.code },
        onclick: () => go(r),
      }, r.name, el('span', { class: 'kind' }, `${t(`kind.${r.kind}`)} · ${r.context || ''}`))) : [el('li', { class: 'muted' }, t('search.none'))]));
      list.hidden = false;
    } catch (e) {
      showError(e);
    }
  }, 250);

  input.addEventListener('input', () => search(input.value));
  // a tap anywhere else (the map, a panel) puts the list away
  document.addEventListener('pointerdown', (e) => {
    if (!list.hidden && !e.target.closest('.search')) {
      close();
    }
  });
  input.addEventListener('keydown', async (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!results.length || list.hidden) {
        const data = await getJson('/api/search', { q: input.value.trim(), limit: 1 }).catch((err) => { showError(err); return { results: [] }; });
        results = data.results;
      }
      if (results.length) {
        go(results[0]);
      }
    } else if (e.key === 'Escape') {
      close();
    }
  });
}
