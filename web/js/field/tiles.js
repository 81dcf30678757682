// The map's tiles of a commune pack: which to fetch (every layer the field map draws, zoom 10 to 17) and fetching them
// six at a time, as a browser asks a server; the service worker keeps each one for offline use.
import { t, formatNumber } from '../i18n.js';

const TILE_LAYERS = ['communes', 'villages', 'households', 'roads', 'evacuation_points'];
const ZOOMS = [10, 17];

/** The tiles of a box at the pack's zooms, as the map asks for them. */
export function tilesOf(bbox) {
  const out = [];
  for (let z = ZOOMS[0]; z <= ZOOMS[1]; z++) {
    const n = 2 ** z;
    const x = (lon) => Math.floor(((lon + 180) / 360) * n);
    const y = (lat) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    for (let tx0 = x(bbox[0]); tx0 <= x(bbox[2]); tx0++) {
      for (let ty = y(bbox[3]); ty <= y(bbox[1]); ty++) {
        for (const layer of TILE_LAYERS) {
          out.push(`/tiles/${layer}/${z}/${tx0}/${ty}.mvt`);
        }
      }
    }
  }
  return out;
}

/**
 * Fetches the tiles, six at a time; onTile(done, bytes) hears each one fetched (failed ones count as done, with no bytes).
 * @returns the bytes fetched
 */
export async function fetchTiles(urls, onTile) {
  let next = 0;
  let done = 0;
  let bytes = 0;
  await Promise.all(Array.from({ length: 6 }, async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const r = await fetch(url).catch(() => null);
      if (r && r.ok) {
        bytes += (await r.arrayBuffer()).byteLength;
      }
      done += 1;
      onTile(done, bytes);
    }
  }));
  return bytes;
}

/** Fetches the tiles of a pack just downloaded, telling the progress bar and line how far it is and what it took. */
export async function fetchPackTiles(pack, progress, progressLine) {
  const tiles = tilesOf(pack.bbox);
  progress.hidden = false;
  progress.max = tiles.length;
  progress.value = 0;
  const packBytes = JSON.stringify(pack).length;
  const said = (bytes) => {
    progressLine.textContent = t('field.progress', { percent: Math.floor((100 * progress.value) / Math.max(1, progress.max)),
      kb: formatNumber(Math.ceil(bytes / 1024)) });
  };
  said(packBytes);
  const bytes = packBytes + await fetchTiles(tiles, (done, fetched) => {
    progress.value = done;
    said(packBytes + fetched);
  });
  // done, with what it took on the phone: the families and sites, and the map's tiles
  progressLine.textContent = t('field.progressDone', { kb: formatNumber(Math.ceil(bytes / 1024)), tiles: formatNumber(tiles.length) });
}
