// Bring your own data: every signed-in user downloads layers (GeoJSON, GeoPackage, CSV, Excel; WGS 84 or
// VN-2000); admins upload an official's file, see the upload's progress, the check's report, and download
// the rows that failed as CSV. Nothing is written unless every row passes (the server's rule).
import { uploadFile } from '../api.js';
import { t, formatNumber, onChange } from '../i18n.js';
import { el, showError } from '../ui.js';

const LAYERS = ['households', 'evacuation_points', 'villages', 'models', 'adoptions', 'communes', 'admin_units_2025'];
const FORMATS = ['xlsx', 'csv', 'gpkg', 'geojson', 'zip'];
const SHOWN_PROBLEMS = 50;

function options(select, values, label) {
  select.replaceChildren(...values.map((v) => el('option', { value: v }, label(v))));
}

function problemsCsv(report) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [t('data.reportHeader')].concat(report.problems.map((p) => [p.row, p.column, p.value, p.reason].map(cell).join(',')));
  return new Blob([`\ufeff${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}

export function dataPanel(root, account) {
  const title = el('h2', { id: 'data-title' });
  const exportLayer = el('select', { id: 'export-layer' });
  const exportFormat = el('select', { id: 'export-format' });
  const exportSrs = el('select', { id: 'export-srs' });
  const exportLink = el('a', { id: 'export-link', class: 'button-link', download: '' });
  const exportBox = el('div', { class: 'data-export' },
    el('label', { for: 'export-layer', id: 'export-layer-label' }), exportLayer,
    el('div', { class: 'row' }, exportFormat, exportSrs), exportLink);

  const importTitle = el('h3', { id: 'import-title' });
  const importLayer = el('select', { id: 'import-layer' });
  const file = el('input', { type: 'file', id: 'import-file', accept: '.xlsx,.csv,.geojson,.json,.gpkg,.zip' });
  const mode = el('select', { id: 'import-mode' });
  const srs = el('input', { type: 'text', id: 'import-srs', placeholder: 'EPSG:5899', inputmode: 'text', autocomplete: 'off' });
  const dryRun = el('input', { type: 'checkbox', id: 'import-dry-run', checked: true });
  const dryRunLabel = el('label', { for: 'import-dry-run', class: 'inline' });
  const submit = el('button', { type: 'submit', id: 'import-submit' });
  const progress = el('progress', { id: 'import-progress', max: 1, value: 0, hidden: true });
  const result = el('div', { id: 'import-result', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { id: 'import-form', class: 'data-import' },
    el('label', { for: 'import-layer', id: 'import-layer-label' }), importLayer,
    el('label', { for: 'import-file', id: 'import-file-label' }), file,
    el('label', { for: 'import-mode', id: 'import-mode-label' }), mode,
    el('label', { for: 'import-srs', id: 'import-srs-label' }), srs,
    el('div', { class: 'row' }, dryRun, dryRunLabel), submit, progress, result);
  const importBox = el('div', {}, importTitle, form);
  root.append(title, exportBox, importBox);

  let last = null;

  function link() {
    exportLink.href = `/api/exports/${exportLayer.value}.${exportFormat.value}?srs=${encodeURIComponent(exportSrs.value)}`;
  }

  function showReport(status, report) {
    last = report;
    const rows = [];
    if (report.problems.length === 0) {
      rows.push(el('p', { class: 'ok' }, report.written
        ? t('data.written', { rows: formatNumber(report.rows), added: formatNumber(report.added), updated: formatNumber(report.updated) })
        : t('data.checked', { rows: formatNumber(report.rows) })));
    } else {
      rows.push(el('p', { class: 'form-error' }, t('data.problems', { problems: formatNumber(report.problems.length), rows: formatNumber(report.rows) })));
      const table = el('table', { class: 'problems' },
        el('thead', {}, el('tr', {}, ...t('data.reportHeader').split(',').map((h) => el('th', {}, h)))),
        el('tbody', {}, ...report.problems.slice(0, SHOWN_PROBLEMS).map((p) =>
          el('tr', {}, el('td', {}, String(p.row)), el('td', {}, p.column), el('td', {}, p.value ?? ''), el('td', {}, p.reason)))));
      const download = el('a', { id: 'import-report', href: URL.createObjectURL(problemsCsv(report)), download: `bao-cao-${report.layer}.csv` },
        t('data.downloadReport'));
      rows.push(table, download);
    }
    const ignored = report.ignored_columns || [];
    if (ignored.length) {
      rows.push(el('p', { class: 'muted' }, t('data.ignored', { columns: ignored.join(', ') })));
    }
    result.replaceChildren(...rows);
    result.dataset.status = String(status);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files.length) {
      result.replaceChildren(el('p', { class: 'form-error' }, t('data.chooseFile')));
      return;
    }
    const chosen = file.files[0];
    progress.hidden = false;
    progress.value = 0;
    submit.disabled = true;
    result.replaceChildren(el('p', { class: 'muted' }, t('data.uploading')));
    try {
      const answer = await uploadFile(`/api/imports/${importLayer.value}`, {
        filename: chosen.name, mode: mode.value, dry_run: dryRun.checked ? 'true' : 'false', srs: srs.value.trim(),
      }, chosen, (share) => {
        progress.value = share;
        if (share >= 1) {
          result.replaceChildren(el('p', { class: 'muted' }, t('data.checking')));
        }
      });
      showReport(answer.status, answer.body);
    } catch (err) {
      result.replaceChildren(el('p', { class: 'form-error' }, err.message));
      showError(err);
    } finally {
      progress.hidden = true;
      submit.disabled = false;
    }
  });

  function texts() {
    title.textContent = t('data.title');
    document.getElementById('export-layer-label').textContent = t('data.exportLayer');
    importTitle.textContent = t('data.importTitle');
    document.getElementById('import-layer-label').textContent = t('data.importLayer');
    document.getElementById('import-file-label').textContent = t('data.file');
    document.getElementById('import-mode-label').textContent = t('data.mode');
    document.getElementById('import-srs-label').textContent = t('data.srs');
    dryRunLabel.textContent = t('data.dryRun');
    submit.textContent = t('data.submit');
    exportLink.textContent = t('data.download');
    for (const select of [exportLayer, importLayer]) {
      const value = select.value;
      options(select, LAYERS, (v) => t(`layer.${v}`));
      select.value = value || LAYERS[0];
    }
    const f = exportFormat.value;
    options(exportFormat, FORMATS, (v) => t(`data.format.${v}`));
    exportFormat.value = f || FORMATS[0];
    const s = exportSrs.value;
    options(exportSrs, ['EPSG:4326', 'EPSG:5899'], (v) => t(`data.srs.${v.replace(':', '')}`));
    exportSrs.value = s || 'EPSG:4326';
    const m = mode.value;
    options(mode, ['append', 'replace'], (v) => t(`data.mode.${v}`));
    mode.value = m || 'append';
    link();
    if (last) {
      showReport(result.dataset.status, last);
    }
  }

  function show() {
    const user = account.user();
    root.hidden = !user.authenticated;
    importBox.hidden = !(user.authenticated && user.role === 'admin');
  }

  for (const select of [exportLayer, exportFormat, exportSrs]) {
    select.addEventListener('change', link);
  }
  document.addEventListener('atlas:user', show);
  onChange(texts);
  texts();
  show();
  return { texts, show };
}
