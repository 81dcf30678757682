// Sign-in and sign-out in the header. The session cookie is HttpOnly; the page keeps only the CSRF token.
import { getJson, postJson, deleteJson, setCsrfToken, ApiError } from '../api.js';
import { t, onChange } from '../i18n.js';
import { el, showError } from '../ui.js';

/**
 * Who is signed in, kept on the device for a start without network: an officer whose phone killed the tab must find
 * the field panel, the pack and the waiting changes when the app opens again in the flood. Kept: the name, role and
 * communes (never the CSRF token, asked for afresh once the network is back), for as long as the server's session
 * could last (12 hours); signing out drops it.
 */
const KEPT = 'atlas.session';
const KEEP_MS = 12 * 3600 * 1000;

function keep(user) {
  if (user && user.authenticated) {
    const { username, display_name: displayName, role, communes } = user;
    localStorage.setItem(KEPT, JSON.stringify({ username, display_name: displayName, role, communes, kept_at: Date.now() }));
  }
}

function kept() {
  try {
    const k = JSON.parse(localStorage.getItem(KEPT) || 'null');
    return k && Date.now() - k.kept_at < KEEP_MS ? { ...k, authenticated: true, offline: true } : null;
  } catch (e) {
    return null;
  }
}

/** No answer from the server (no network, or the service worker's offline answer), as opposed to the server's own "no". */
function unreachable(e) {
  return !(e instanceof ApiError) || (e.status === 503 && e.problem.type === 'urn:commune-atlas:problem:offline');
}

/** @param session the answer of GET /api/session when the page already asked for it */
export async function accountControl(root, onChangeUser, session = getJson('/api/session')) {
  let user = { authenticated: false };
  let open = false;
  try {
    user = await session;
    if (user.authenticated) {
      keep(user);
    }
  } catch (e) {
    const offline = unreachable(e) ? kept() : null;
    if (offline) {
      user = offline;
    } else {
      showError(e);
    }
  }
  setCsrfToken(user.csrf || null);

  // back online: the server says whether the session still holds (and gives its CSRF token); if it lapsed meanwhile,
  // the officer signs in again — what the phone keeps (pack, waiting changes) stays for them
  window.addEventListener('online', async () => {
    if (!user.authenticated) {
      return;
    }
    try {
      const fresh = await getJson('/api/session');
      user = fresh.authenticated ? fresh : { authenticated: false, lapsed: true };
      setCsrfToken(user.csrf || null);
      keep(user);
      render();
      onChangeUser(user);
    } catch (e) {
      // still no answer: stay as kept
    }
  });

  function render() {
    if (user.authenticated) {
      root.replaceChildren(el('span', { class: 'who', id: 'who' }, `${user.username} · ${t(`account.role.${user.role}`)}`
        + (user.offline ? ` · ${t('account.offline')}` : '')),
        el('button', { type: 'button', class: 'text-button', id: 'sign-out', onclick: signOut }, t('account.signOut')));
      return;
    }
    const button = el('button', { type: 'button', class: 'text-button', id: 'sign-in', 'aria-expanded': String(open),
      onclick: () => { open = !open; render(); } }, t('account.signIn'));
    root.replaceChildren(button);
    if (open) {
      const username = el('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true });
      const password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
      const message = el('p', { class: 'form-error', role: 'alert' });
      const form = el('form', { class: 'login', id: 'login-form' },
        el('label', { for: 'login-username' }, t('account.username')), username,
        el('label', { for: 'login-password' }, t('account.password')), password,
        el('button', { type: 'submit', class: 'text-button' }, t('account.submit')), message);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          user = await postJson('/api/session', { username: username.value, password: password.value });
          setCsrfToken(user.csrf);
          keep(user);
          open = false;
          render();
          onChangeUser(user);
        } catch (err) {
          if (err instanceof ApiError && (err.status === 401 || err.status === 429)) {
            message.textContent = err.status === 401 ? t('account.failed') : err.message;
          } else {
            showError(err);
          }
        }
      });
      root.append(form);
      username.focus();
    }
  }

  async function signOut() {
    try {
      await deleteJson('/api/session');
    } catch (e) {
      showError(e);
    }
    user = { authenticated: false };
    localStorage.removeItem(KEPT);
    setCsrfToken(null);
    render();
    onChangeUser(user);
  }

  onChange(render);
  render();
  return { user: () => user };
}
