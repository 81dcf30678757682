// Small DOM helpers shared by the panels: element building, the busy indicator, error messages.
import { ApiError, NetworkError } from './api.js';
import { t } from './i18n.js';

/** Creates an element with attributes and children (strings become text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === 'class') {
      node.className = v;
    } else if (k === 'dataset') {
      Object.assign(node.dataset, v);
    } else if (k.startsWith('on')) {
      node.addEventListener(k.slice(2), v);
    } else {
      node.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) {
      node.append(c instanceof Node ? c : String(c));
    }
  }
  return node;
}

let toastTimer = null;

/** Shows what went wrong in words the user can act on. */
export function showError(error, context) {
  if (error && error.name === 'AbortError') {
    return;
  }
  // offline, the banner says so once: what the device did not keep is not an error each time
  const offline = document.getElementById('offline-banner');
  if ((offline && !offline.hidden && !(error instanceof ApiError && error.problem.type !== 'urn:commune-atlas:problem:offline'))
      || (error instanceof ApiError && error.problem.type === 'urn:commune-atlas:problem:offline')) {
    return;
  }
  const toast = document.getElementById('toast');
  let message;
  if (error instanceof NetworkError) {
    message = t('error.network');
  } else if (error instanceof ApiError) {
    message = t('error.server', { detail: error.message });
  } else {
    message = context || String(error);
  }
  toast.textContent = message;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
}

/** Shows "Loading…" while requests are in flight. */
export function watchBusy() {
  const busy = document.getElementById('busy');
  document.addEventListener('atlas:busy', (e) => { busy.hidden = e.detail.inFlight <= 0; });
}

/** On phones the panels live in a drawer opened by the menu button. */
export function setupDrawer() {
  const button = document.getElementById('drawer-toggle');
  const drawer = document.getElementById('drawer');
  button.addEventListener('click', () => {
    const open = !drawer.classList.contains('open');
    drawer.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
  });
}

/** Waits until typing pauses. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Runs fn once, ms after the first of a burst of calls (calls while it waits join it): many live changes arrive
 * together and one refresh answers them all, while a steady stream still refreshes every ms.
 */
export function coalesce(fn, ms) {
  let timer = null;
  return () => {
    if (timer === null) {
      timer = setTimeout(() => { timer = null; fn(); }, ms);
    }
  };
}

/** Flies the map to a [west, south, east, north] box, clear of the panels' edges; no further in than maxZoom if given. */
export function flyToBox(map, bbox, maxZoom) {
  if (!bbox) {
    return;
  }
  const [w, so, e, n] = bbox;
  const options = { duration: 0.6, padding: [24, 24] };
  if (maxZoom !== undefined) {
    options.maxZoom = maxZoom;
  }
  map.flyToBounds(L.latLngBounds([so, w], [n, e]), options);
}
