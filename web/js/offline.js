// The map with the network or the server gone: the service worker keeps the app and what the user saw; this module
// registers it, shows a banner with the time of the data shown while offline, keeps the last view for the next start,
// and wipes the kept data when the user signs out.
import { t, formatDateTime, onChange } from './i18n.js';

const VIEW_KEY = 'atlas.view';
let shownFrom = null;   // the oldest time of the data served from the device, while offline
let offline = !navigator.onLine;

function banner() {
  const b = document.getElementById('offline-banner');
  if (!b) {
    return;
  }
  b.hidden = !offline && shownFrom === null;
  b.textContent = shownFrom === null ? t('offline.noNetwork') : t('offline.banner', { time: formatDateTime(shownFrom.toISOString()) });
}

/**
 * Listens, from the page's first moment, for the worker saying it answered from the device (its messages wait until
 * the page listens): the banner shows the oldest time of what is shown.
 */
export function watchOffline() {
  window.addEventListener('offline', () => { offline = true; banner(); });
  window.addEventListener('online', () => { offline = false; shownFrom = null; banner(); });
  onChange(banner);
  if (!('serviceWorker' in navigator)) {
    return;
  }
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'from-cache') {
      const at = e.data.date ? new Date(e.data.date) : null;
      if (at && !Number.isNaN(at.getTime()) && (shownFrom === null || at < shownFrom)) {
        shownFrom = at;
      }
      offline = true;
      banner();
    }
  });
  navigator.serviceWorker.startMessages();
}

/** Registers the service worker (on HTTPS or localhost only, as browsers allow). */
export function setupOffline() {
  banner();
  if (!('serviceWorker' in navigator)) {
    return Promise.resolve(null);
  }
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(keepWhatWasLoaded).catch(() => null);
}

/**
 * On the first visit the page loaded its data before the worker was there: the worker is asked to keep those answers
 * too (the public ones: it keeps nothing private). Resolves once it has, or after 30 s.
 */
async function keepWhatWasLoaded(registration) {
  await navigator.serviceWorker.ready;
  const worker = navigator.serviceWorker.controller || registration.active;
  const urls = [...new Set(performance.getEntriesByType('resource').map((e) => e.name)
    .filter((u) => u.startsWith(window.location.origin) && /^\/(api|tiles|ogc)\//.test(new URL(u).pathname) && !u.includes('/api/events')))];
  if (!worker) {
    return registration;
  }
  await new Promise((resolve) => {
    const done = (e) => {
      if (e.data && e.data.type === 'kept') {
        navigator.serviceWorker.removeEventListener('message', done);
        resolve();
      }
    };
    navigator.serviceWorker.addEventListener('message', done);
    worker.postMessage({ type: 'keep', urls });
    setTimeout(resolve, 30_000);
  });
  return registration;
}

/** The view the user last looked at, or null the first time. */
export function lastView() {
  try {
    const v = JSON.parse(localStorage.getItem(VIEW_KEY));
    return v && Number.isFinite(v.lat) && Number.isFinite(v.lng) && Number.isFinite(v.zoom) ? v : null;
  } catch {
    return null;
  }
}

export function rememberView(map) {
  map.on('moveend', () => {
    const c = map.getCenter();
    localStorage.setItem(VIEW_KEY, JSON.stringify({ lat: c.lat, lng: c.lng, zoom: map.getZoom() }));
  });
}

/** Signing out leaves nothing of the data on this device: the service worker's data cache goes. */
export async function wipeKeptData() {
  if ('caches' in window) {
    await caches.delete('atlas-data-v1');
  }
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ type: 'wipe' });
  }
}
