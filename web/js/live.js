// Live updates from the server (Server-Sent Events on /api/events): household status and site occupancy
// changes, for every open map. The browser's EventSource reconnects by itself after a network drop, sending the
// id of the last event it had: the server replays what was missed, or — when it cannot (another server instance
// behind the proxy, a restart, too long away) — sends "resync", and whoever listens reloads what it shows.
const handlers = new Map();
let source = null;

function connect() {
  source = new EventSource('/api/events');
  for (const name of ['household', 'site', 'road', 'sos', 'plan', 'change', 'resync']) {
    source.addEventListener(name, (e) => {
      let data;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      (handlers.get(name) || []).forEach((fn) => fn(data));
    });
  }
  source.addEventListener('hello', () => document.dispatchEvent(new CustomEvent('atlas:live', { detail: { connected: true } })));
  source.onerror = () => document.dispatchEvent(new CustomEvent('atlas:live', { detail: { connected: false } }));
}

/** Calls fn with the data of every event of this name. */
export function onLive(name, fn) {
  if (!source) {
    connect();
  }
  if (!handlers.has(name)) {
    handlers.set(name, []);
  }
  handlers.get(name).push(fn);
}
