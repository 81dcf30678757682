// The map's service worker: the app opens with the network or the server gone. The app shell (page, scripts, styles,
// translations, Leaflet) is kept on install, served from the device and refreshed behind it; tiles and public data the user
// saw are kept as they arrive and served when the network fails, each page told the time of what it shows. Answers
// marked private or no-store (personal data, the session) are never kept: nothing personal reaches this cache.
const SHELL = 'atlas-shell-v2';
const DATA = 'atlas-data-v1';
const MAX_DATA_ENTRIES = 4000;

const SHELL_FILES = [
  '/', '/index.html', '/favicon.svg', '/manifest.webmanifest', '/i18n/vi.json', '/i18n/en.json',
  '/webjars/leaflet/1.9.4/dist/leaflet.js', '/vendor/leaflet.vectorgrid/1.3.0/Leaflet.VectorGrid.bundled.min.js',
  // the map application's modules, bundled into one script at build time (scripts/build-web.sh)
  '/js/atlas.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  // what the page loaded before this worker controlled it (the first visit): kept now, as later answers are
  if (event.data && event.data.type === 'keep') {
    event.waitUntil(Promise.all((event.data.urls || []).map((u) => fetch(u, { credentials: 'same-origin' })
      .then((r) => (keepable(r) ? keep(DATA, u, r) : null)).catch(() => null)))
      .then(() => event.source && event.source.postMessage({ type: 'kept' })));
  }
  // signing out: whatever this device kept of the data goes with the session
  if (event.data && event.data.type === 'wipe') {
    event.waitUntil(caches.delete(DATA).then(() => event.source && event.source.postMessage({ type: 'wiped' })));
  }
});

/** What the map draws from: pages, scripts, styles, JSON, GeoJSON, tiles — not downloads (exports, sheets as files). */
const KEPT_TYPES = /^(text\/html|text\/css|text\/javascript|application\/javascript|application\/json|application\/geo\+json|application\/manifest\+json|application\/vnd\.mapbox-vector-tile|application\/x-protobuf|image\/svg\+xml)/;

function keepable(response) {
  const cc = (response.headers.get('Cache-Control') || '').toLowerCase();
  return response.ok && response.type === 'basic' && !cc.includes('private') && !cc.includes('no-store')
    && KEPT_TYPES.test((response.headers.get('Content-Type') || '').toLowerCase()) && !response.headers.has('Content-Disposition');
}

let puts = 0;
async function keep(cacheName, request, response) {
  const cache = await caches.open(cacheName);
  await cache.put(request, response);
  if (cacheName === DATA && ++puts % 200 === 0) {
    const keys = await cache.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_DATA_ENTRIES)).map((k) => cache.delete(k)));
  }
}

/** Tells the page that asked that it is shown data from the cache, and from when. */
async function fromCache(event, response) {
  const client = event.clientId ? await self.clients.get(event.clientId) : null;
  const target = client || (event.resultingClientId ? await self.clients.get(event.resultingClientId) : null);
  const message = { type: 'from-cache', url: event.request.url, date: response.headers.get('Date') };
  if (target) {
    target.postMessage(message);
  } else {
    (await self.clients.matchAll()).forEach((c) => c.postMessage(message));
  }
}

async function networkFirst(event, cacheName) {
  try {
    const response = await fetch(event.request);
    if (keepable(response)) {
      event.waitUntil(keep(cacheName, event.request, response.clone()));
    }
    return response;
  } catch (offline) {
    const cached = await caches.match(event.request, { ignoreVary: true })
      || (event.request.mode === 'navigate' ? await caches.match('/') : undefined);
    if (cached) {
      event.waitUntil(fromCache(event, cached));
      return cached;
    }
    return new Response(JSON.stringify({ type: 'urn:commune-atlas:problem:offline', title: 'Offline', status: 503,
      detail: 'Không có mạng và thiết bị chưa lưu dữ liệu này / No network, and this device has not kept this data' }),
    { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' } });
  }
}

/**
 * The app shell from the device at once (a repeat visit on a slow network draws without waiting for it), refreshed
 * from the network behind it: the next start has the newest app.
 */
async function shellFirst(event) {
  const cached = await caches.match(event.request, { ignoreVary: true });
  if (!cached) {
    return networkFirst(event, SHELL);
  }
  event.waitUntil(fetch(event.request).then((r) => (keepable(r) ? keep(SHELL, event.request, r) : null)).catch(() => null));
  return cached;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname === '/api/events') {
    return; // writes, live streams and other hosts go straight to the network
  }
  const data = url.pathname.startsWith('/tiles/') || url.pathname.startsWith('/api/') || url.pathname.startsWith('/ogc/');
  // a page (navigation) stays network-first: a signed-in page's state is the server's
  event.respondWith(data ? networkFirst(event, DATA) : request.mode === 'navigate' ? networkFirst(event, SHELL) : shellFirst(event));
});
