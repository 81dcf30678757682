// The commune pack as standard files other field apps open as they are (QGIS, QField, Mergin Maps): its data as a
// GeoPackage and its map as PMTiles, made by the server for an officer of the commune. Offered only online.
import { el } from '../ui.js';
import { t } from '../i18n.js';

export function packFiles() {
  const gpkg = el('a', { id: 'pack-gpkg', download: '' });
  const pmtiles = el('a', { id: 'pack-pmtiles', download: '' });
  const line = el('p', { id: 'pack-files', class: 'muted' });
  return {
    line,
    /** The links of the commune chosen (none: hidden). */
    show(commune) {
      line.hidden = !commune || !navigator.onLine;
      gpkg.textContent = t('field.gpkg');
      pmtiles.textContent = t('field.pmtiles');
      gpkg.href = commune ? `/api/pack/${commune}.gpkg` : '';
      pmtiles.href = commune ? `/api/pack/${commune}.pmtiles` : '';
      line.replaceChildren(t('field.files'), ' ', gpkg, ' · ', pmtiles);
    },
  };
}
