// All HTTP goes through here: JSON requests with typed errors, a busy indicator, CSRF header for writes.

/** The server answered with a problem (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || {};
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor(cause) {
    super('network error');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

let inFlight = 0;
let csrfToken = null;

function busy(delta) {
  inFlight += delta;
  document.dispatchEvent(new CustomEvent('atlas:busy', { detail: { inFlight } }));
}

/** Remembers the token the server gave at sign-in; state-changing requests carry it. */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** Builds a same-origin URL with query parameters (undefined and null values left out). */
export function url(path, params = {}) {
  const u = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      u.searchParams.set(k, v);
    }
  }
  return u.pathname + u.search;
}

async function request(method, path, { params, body, signal, headers: extra, withEtag } = {}) {
  const headers = { Accept: 'application/json', ...(extra || {}) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  busy(1);
  let response;
  try {
    response = await fetch(url(path, params), {
      method, headers, signal, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new NetworkError(e);
  } finally {
    busy(-1);
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data });
  }
  // a change's answer names the version it made: the next change made on it sends that in If-Match
  return withEtag ? { data, etag: response.headers.get('ETag') } : data;
}

export const getJson = (path, params, options = {}) => request('GET', path, { params, ...options });
export const postJson = (path, body, options = {}) => request('POST', path, { body, ...options });
export const patchJson = (path, body, options = {}) => request('PATCH', path, { body, ...options });
export const deleteJson = (path, options = {}) => request('DELETE', path, options);

/**
 * Sends a file as the request body with upload progress (fetch cannot report it). Resolves with
 * {status, body} for 2xx and for 422 (a report of bad rows is an answer, not a failure); rejects otherwise.
 */
export function uploadFile(path, params, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path, params));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) {
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    }
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) { onProgress(e.loaded / e.total); } };
    xhr.onerror = () => { busy(-1); reject(new NetworkError(null)); };
    xhr.onload = () => {
      busy(-1);
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = { detail: xhr.responseText }; }
      if ((xhr.status >= 200 && xhr.status < 300) || xhr.status === 422) {
        resolve({ status: xhr.status, body });
      } else {
        reject(new ApiError(xhr.status, body));
      }
    };
    busy(1);
    xhr.send(file);
  });
}
