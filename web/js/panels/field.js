// Working in the field with no network: an officer downloads a commune pack (its villages, households with the
// personal fields the officer may see, sites with room, and the map's tiles of the commune), finds a village, marks
// households evacuated in two taps and reports on the commune's sites (open or closed, people counted, a note). What is
// kept on the phone is in field/store.js, the tiles' download in field/tiles.js, the sending of changes in
// field/outbox.js; this file is the panel. Signing out deletes it all from the phone.
import { getJson } from '../api.js';
import { t, formatNumber, onChange } from '../i18n.js';
import { el, showError } from '../ui.js';
import { all, put, remove, wipeField } from '../field/store.js';
import { sendQueued } from '../field/outbox.js';
import { tilesOf, fetchPackTiles } from '../field/tiles.js';
import { packFiles } from '../field/files.js';

const STATUS_ORDER = { isolated: 0, at_risk: 1, safe: 2, supplied: 3, evacuated: 4 };
// what the current flood does to a family: cut off first (no way out but a boat), then in the water
const IMPACT_ORDER = { isolated: 0, flooded: 1 };

/** Text compared without case or Vietnamese diacritics (đ as d). */
function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

export function fieldPanel(root, account, map) {
  const title = el('h2', { id: 'field-title' });
  const pick = el('select', { id: 'pack-commune' });
  const size = el('p', { class: 'muted', id: 'pack-size' });
  const download = el('button', { type: 'button', id: 'pack-download', class: 'big-button' });
  const refreshButton = el('button', { type: 'button', id: 'pack-refresh', class: 'big-button', hidden: true });
  const files = packFiles();
  const progress = el('progress', { id: 'pack-progress', max: 1, value: 0, hidden: true });
  const progressLine = el('p', { id: 'pack-progress-text', class: 'muted', role: 'status' });
  const outboxLine = el('p', { id: 'outbox-count', role: 'status' });
  const review = el('ul', { id: 'review-list', class: 'review-list' });
  const floodLine = el('p', { id: 'pack-flood', class: 'pack-flood' });
  const villages = el('ul', { id: 'village-list', class: 'big-list' });
  const search = el('input', { type: 'search', id: 'household-search', class: 'list-search', autocomplete: 'off', hidden: true });
  const households = el('ul', { id: 'household-list', class: 'big-list' });
  const sites = el('ul', { id: 'site-list', class: 'big-list' });
  const siteReports = el('ul', { id: 'site-report-list', class: 'big-list' });
  root.append(title, pick, size, download, files.line, refreshButton, progress, progressLine, outboxLine, review, floodLine, villages, search, households, sites, siteReports);

  let pack = null;
  let sizeInfo = null;
  let village = null;
  let choosing = null; // the household being evacuated: its sites are listed
  let noting = null; // the household whose note is being written
  let flushing = null;
  const communeNames = {}; // code → name, for the pack picker
  let namesAskedFor = '';

  const user = () => account.user();
  const officer = () => user() && user().authenticated && (user().role === 'officer' || user().role === 'admin');

  async function render() {
    root.hidden = !officer();
    title.textContent = t('field.title');
    download.textContent = t('field.download');
    refreshButton.textContent = t('field.refresh');
    refreshButton.hidden = !pack;
    const codes = (user() && user().communes) || [];
    const label = (c) => (communeNames[c] ? `${communeNames[c]} (${c})` : c);
    if (pick.options.length !== codes.length || codes.some((c, i) => pick.options[i].textContent !== label(c))) {
      const chosen = pick.value;
      pick.replaceChildren(...codes.map((c) => el('option', { value: c }, label(c))));
      if (codes.includes(chosen)) {
        pick.value = chosen;
      }
    }
    if (codes.length && codes.join(',') !== namesAskedFor) {
      namesAskedFor = codes.join(',');
      // offline and never seen: the codes stay, and the names are asked for again at the next drawing
      loadCommuneNames(codes).catch(() => { namesAskedFor = ''; });
    }
    size.textContent = sizeInfo ? t('field.size', { households: formatNumber(sizeInfo.households), sites: formatNumber(sizeInfo.sites),
      kb: formatNumber(Math.ceil(sizeInfo.bytes / 1024)), tiles: formatNumber(tilesOf(sizeInfo.bbox || [0, 0, 0, 0]).length) }) : '';
    files.show(pick.value);
    const queued = officer() ? await all('outbox') : [];
    const refused = officer() ? await all('review') : [];
    outboxLine.textContent = queued.length ? t('field.outbox', { count: queued.length }) : '';
    review.replaceChildren(...refused.map((r) => el('li', { dataset: r.site ? { site: r.site } : { household: r.household } },
      el('span', {}, t('field.refused', { household: r.label, reason: r.reason })), versions(r),
      el('button', { type: 'button', class: 'resend', onclick: () => resend(r) }, t('field.resend')),
      el('button', { type: 'button', class: 'drop text-button', onclick: () => remove('review', r.key).then(render) }, t('field.drop')))));
    floodLine.textContent = pack && pack.flood ? t('field.flood', { name: pack.flood.name,
      flooded: formatNumber(pack.households.filter((h) => h.impact === 'flooded').length),
      isolated: formatNumber(pack.households.filter((h) => h.impact === 'isolated').length) }) : '';
    if (!pack) {
      villages.replaceChildren();
      households.replaceChildren();
      sites.replaceChildren();
      siteReports.replaceChildren();
      return;
    }
    villages.replaceChildren(...pack.villages.map((v) => el('li', {}, el('button', { type: 'button', class: 'village', dataset: { village: v.code },
      onclick: () => { village = v.code; choosing = null; search.value = ''; render(); } }, `${v.name} (${formatNumber(v.households)})`))));
    // vulnerable first, then cut off by the flood, then in its water, then by status
    // a village has 130–270 families: a name or a code typed narrows the list (without diacritics: "nguyen van" finds "Nguyễn Văn")
    search.hidden = !village;
    search.placeholder = t('field.search');
    const wanted = fold(search.value.trim());
    const here = pack.households.filter((h) => h.village_code === village && (!wanted || fold(`${h.head_name || ''} ${h.code}`).includes(wanted)))
      .sort((a, b) => a.priority - b.priority || (IMPACT_ORDER[a.impact] ?? 2) - (IMPACT_ORDER[b.impact] ?? 2)
        || (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || a.id - b.id);
    const siteName = (id) => (pack.sites.find((x) => x.id === id) || {}).name || `#${id}`;
    households.replaceChildren(...here.map((h) => el('li', { class: `household status-${h.status}${h.impact ? ` impact-${h.impact}` : ''}`,
      dataset: { household: h.id } },
      el('div', {}, el('strong', {}, h.head_name || h.code), ` · ${formatNumber(h.members)} ${t('field.people')}`,
        h.priority === 1 ? el('span', { class: 'vulnerable' }, ` · ${t('field.vulnerable')}`) : '',
        h.impact ? el('span', { class: 'impact' }, ` · ${h.impact === 'flooded' && h.depth_m != null
          ? t('field.floodedDepth', { m: formatNumber(h.depth_m, 1) }) : t(`field.${h.impact}`)}`) : '',
        ` · ${t(`status.${h.status}`)}`,
        h.plan_site_id && h.status !== 'evacuated' ? el('div', { class: 'muted plan' }, t('field.planned', { site: siteName(h.plan_site_id) })) : '',
        h.note ? el('div', { class: 'note' }, h.note) : ''),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'note-button text-button', onclick: () => editNote(h) }, t('field.note')),
        h.status === 'evacuated' ? '' : el('button', { type: 'button', class: 'evacuate', onclick: () => { choosing = h; render(); } },
          t('field.evacuate'))))));
    if (noting) {
      const row = households.querySelector(`li[data-household="${noting.id}"]`);
      const input = el('input', { type: 'text', name: 'note', maxlength: 500, value: noting.note || '', 'aria-label': t('field.note') });
      const form = el('form', { class: 'note-form' }, input, el('button', { type: 'submit' }, t('field.siteSave')));
      form.addEventListener('submit', (e) => { e.preventDefault(); saveNote(noting, input.value.trim()); });
      row?.append(form);
    }
    // the sites for the family just tapped come up as a sheet over the list, where the thumb is — not after the
    // village's 270 rows
    sites.classList.toggle('sheet', choosing !== null);
    sites.replaceChildren(...(choosing ? [el('li', { class: 'sheet-head' }, el('strong', {}, t('field.evacuateTo', {
      name: choosing.head_name || choosing.code || `#${choosing.id}` })), el('button', { type: 'button', class: 'text-button', id: 'site-cancel',
      onclick: () => { choosing = null; render(); } }, t('field.cancel')))].concat(nearSites(choosing).map((s) => el('li', {}, el('button', {
      type: 'button', class: 'site', dataset: { site: s.id }, onclick: () => evacuate(choosing, s) }, t('field.site', { name: s.name,
      left: formatNumber(s.left), km: formatNumber(s.km, 1) }))))) : []));
    // the village's sites and the commune's public ones, to report on: open or closed, people counted, a note
    siteReports.replaceChildren(...(choosing || !village ? [] : pack.sites
      .filter((s) => s.kind !== 'solid_house' || s.village_code === village).map(siteReportRow)));
  }

  /** A refused household change side by side with the family as the server has it now (the pack, refreshed). */
  function versions(r) {
    if (!r.household || !r.body || !r.body.status || !pack) {
      return '';
    }
    const now = pack.households.find((h) => h.id === r.household);
    const site = (id) => (id ? (pack.sites.find((x) => x.id === id) || {}).name || `#${id}` : '—');
    return el('dl', { class: 'review-versions' },
      el('dt', {}, t('field.reviewMine')), el('dd', { class: 'mine' }, `${t(`status.${r.body.status}`)} · ${site(r.body.site_id)}`),
      now ? el('dt', {}, t('field.reviewNow')) : '', now ? el('dd', { class: 'now' }, `${t(`status.${now.status}`)} · ${site(now.site_id)}`) : '');
  }

  function siteReportRow(s) {
    const count = el('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', name: 'occupancy', value: s.occupancy,
      'aria-label': t('field.siteCount') });
    const note = el('input', { type: 'text', name: 'note', maxlength: 500, placeholder: t('field.siteNote') });
    const save = el('button', { type: 'submit', class: 'site-save' }, t('field.siteSave'));
    const toggle = el('button', { type: 'button', class: 'site-toggle' }, s.is_open ? t('field.siteClose') : t('field.siteOpen'));
    toggle.addEventListener('click', () => reportSite(s, { is_open: !s.is_open }));
    const said = el('p', { class: 'site-said warning', role: 'status' });
    const form = el('form', { class: 'site-report' }, count, note, save, said);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = {};
      const n = Number(count.value);
      // a closed site takes no one more (the server refuses it too): it is opened first
      if (!s.is_open && Number.isInteger(n) && n > s.occupancy) {
        said.textContent = t('field.siteClosedCount');
        return;
      }
      if (Number.isInteger(n) && n >= 0 && n !== s.occupancy) {
        body.occupancy = n;
      }
      if (note.value.trim()) {
        body.note = note.value.trim();
      }
      if (Object.keys(body).length) {
        reportSite(s, body);
      }
    });
    return el('li', { class: `site-report-row${s.is_open ? '' : ' closed'}`, dataset: { site: s.id } },
      el('div', {}, el('strong', {}, s.name), ` · ${s.is_open ? t('ep.open') : t('ep.closed')} · `,
        t('field.siteRoom', { people: formatNumber(s.occupancy), capacity: formatNumber(s.capacity_day) })), toggle, form);
  }

  function editNote(h) {
    noting = noting === h ? null : h;
    render();
  }

  /** The officers' note on a family: on the phone at once, to the server when the network lets it. */
  async function saveNote(h, note) {
    noting = null;
    await put('outbox', { key: crypto.randomUUID(), url: `/api/households/${h.id}`, household: h.id, label: h.head_name || h.code,
      if_match: h.etag, body: { note }, queued_at: new Date().toISOString() });
    h.note = note || null;
    await savePack();
    await render();
    flush().catch(() => {});
  }

  /** A site report: on the phone at once, to the server when the network lets it. */
  async function reportSite(s, body) {
    await put('outbox', { key: crypto.randomUUID(), url: `/api/sites/${s.id}`, site: s.id, label: s.name, if_match: s.etag, body,
      queued_at: new Date().toISOString() });
    if (body.is_open !== undefined) {
      s.is_open = body.is_open;
    }
    if (body.occupancy !== undefined) {
      s.occupancy = body.occupancy;
    }
    await savePack();
    await render();
    flush().catch(() => {});
  }

  /** The open sites of the pack with room for the family, nearest first. */
  /** The communes' names, from the public communes layer (kept by the service worker for offline starts); asked once per list. */
  async function loadCommuneNames(codes) {
    const answer = await getJson('/ogc/collections/communes/items', { filter: `code IN (${codes.map((c) => `'${c}'`).join(',')})`,
      properties: 'code,name', limit: 100 });
    for (const f of answer.features) {
      communeNames[f.properties.code] = f.properties.name;
    }
    await render();
  }

  function nearSites(h) {
    return pack.sites.filter((s) => s.is_open && (s.kind !== 'solid_house' || s.village_code === h.village_code))
      .map((s) => ({ ...s, left: s.capacity_day - s.occupancy - s.reserved,
        km: map.distance([h.lat, h.lon], [s.lat, s.lon]) / 1000 }))
      .filter((s) => s.left >= h.members).sort((a, b) => a.km - b.km).slice(0, 6);
  }

  async function savePack() {
    await put('pack', pack);
  }

  /** Marks a household evacuated to a site: on the phone at once, to the server when the network lets it. */
  async function evacuate(h, site) {
    const key = crypto.randomUUID();
    await put('outbox', { key, url: `/api/households/${h.id}`, household: h.id, label: h.head_name || h.code, if_match: h.etag,
      body: { status: 'evacuated', site_id: site.id }, queued_at: new Date().toISOString() });
    h.status = 'evacuated';
    h.site_id = site.id;
    const s = pack.sites.find((x) => x.id === site.id);
    s.occupancy += h.members;
    choosing = null;
    await savePack();
    await render();
    flush().catch(() => {});
  }

  /** Sends the outbox, oldest first; a second call while one runs waits for it (the queue is never sent twice at once). */
  function flush() {
    if (!flushing) {
      flushing = sendAll().finally(() => { flushing = null; });
    }
    return flushing;
  }

  async function sendAll() {
    // drawn again only when the queue moved: a try without network must not wipe a count or note being typed
    if (await sendQueued(pack)) {
      if (pack) {
        await savePack();
      }
      await render();
    }
    // the queue is through: what others changed meanwhile comes now, only that
    if (navigator.onLine && pack && (await all('outbox')).length === 0) {
      await refresh().catch(() => {});
    }
  }

  /**
   * Asks the server for what changed since the pack was made (its version) and merges it: households and sites with a
   * change still waiting in the outbox keep the phone's state until it is sent.
   */
  async function refresh() {
    if (!pack || !pack.version) {
      return null;
    }
    const delta = await getJson('/api/pack', { commune: pack.commune_code, since: pack.version });
    const queued = await all('outbox');
    const waiting = new Set(queued.filter((c) => c.household).map((c) => c.household));
    const waitingSites = new Set(queued.filter((c) => c.site).map((c) => c.site));
    const mine = new Map(pack.households.map((h) => [h.id, h]));
    const merged = delta.partial ? new Map(mine) : new Map();
    for (const h of delta.households) {
      merged.set(h.id, waiting.has(h.id) && mine.has(h.id) ? mine.get(h.id) : h);
    }
    const sitesMine = new Map(pack.sites.map((x) => [x.id, x]));
    pack = { ...delta, households: [...merged.values()],
      sites: delta.sites.map((x) => (waitingSites.has(x.id) && sitesMine.has(x.id) ? sitesMine.get(x.id) : x)) };
    // a family being evacuated or noted right now is the refreshed one from here on
    choosing = choosing && merged.get(choosing.id);
    noting = noting && merged.get(noting.id);
    await savePack();
    await render();
    return { partial: delta.partial, households: delta.households.length };
  }
  refreshButton.addEventListener('click', () => refresh().catch(showError));

  async function resend(r) {
    await remove('review', r.key);
    // a refusal consumed nothing: the same key again; a household or site changed meanwhile is sent on its version now
    const current = r.site ? null : await getJson(`/api/households/${r.household}`).catch(() => null);
    await put('outbox', { ...r, if_match: r.status === 412 ? null : r.if_match, queued_at: new Date().toISOString(), status: undefined,
      reason: undefined, key: r.status === 412 ? crypto.randomUUID() : r.key });
    await render();
    return flush().then(() => current);
  }

  search.addEventListener('input', () => render().catch(showError));
  pick.addEventListener('change', () => showSize().catch(showError));
  async function showSize() {
    sizeInfo = null;
    if (pick.value) {
      sizeInfo = await getJson('/api/pack', { commune: pick.value, size: true });
    }
    await render();
  }

  download.addEventListener('click', async () => {
    download.disabled = true;
    try {
      pack = await getJson('/api/pack', { commune: pick.value });
      village = null;
      await savePack();
      await fetchPackTiles(pack, progress, progressLine);
      sizeInfo = { ...(sizeInfo || {}), households: pack.households.length, sites: pack.sites.length, bbox: pack.bbox,
        bytes: JSON.stringify(pack).length };
      await render();
    } catch (e) {
      showError(e);
    } finally {
      download.disabled = false;
    }
  });

  // back online, the account asks the server first (a reload offline has no CSRF token yet), then says who: the queue
  // goes then (atlas:user below); an officer who never went through a reload sends at once
  window.addEventListener('online', () => {
    if (user() && user().authenticated && !user().offline) {
      flush().catch(() => {});
    }
  });
  document.addEventListener('atlas:user', async (e) => {
    if (!e.detail || !e.detail.authenticated) {
      if (e.detail && e.detail.lapsed) {
        await render(); // the session lapsed offline: the pack and the waiting changes stay for the next sign-in
        return;
      }
      pack = null;
      sizeInfo = null;
      await wipeField();
      await render();
      return;
    }
    if (!pack) {
      pack = (await all('pack'))[0] || null;
    }
    await render();
    await showSize();
    flush().catch(() => {});
  });
  onChange(() => render().catch(showError));

  (async () => {
    // personal data kept on a phone not used for 12 hours goes
    const used = Number(localStorage.getItem('atlas.field.used') || 0);
    if (used && Date.now() - used > 12 * 3600 * 1000) {
      await wipeField();
    }
    localStorage.setItem('atlas.field.used', String(Date.now()));
    if (officer()) {
      const kept = await all('pack');
      pack = kept[0] || null;
      await render();
      await showSize();
    }
    await render();
  })().catch(showError);

  return {
    flush,
    refresh,
    pack: () => pack,
    outbox: () => all('outbox'),
    review: () => all('review'),
  };
}
