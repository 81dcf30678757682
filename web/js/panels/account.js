// Sign-in and sign-out in the header. The session cookie is HttpOnly; the page keeps only the CSRF token.
import { getJson, postJson, deleteJson, setCsrfToken, ApiError } from '../api.js';
import { t, onChange } from '../i18n.js';
import { el, showError } from '../ui.js';

/** @param session the answer of GET /api/session when the page already asked for it */
export async function accountControl(root, onChangeUser, session = getJson('/api/session')) {
  let user = { authenticated: false };
  let open = false;
  try {
    user = await session;
  } catch (e) {
    showError(e);
  }
  setCsrfToken(user.csrf || null);

  function render() {
    if (user.authenticated) {
      root.replaceChildren(el('span', { class: 'who', id: 'who' }, `${user.username} · ${t(`account.role.${user.role}`)}`),
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
    setCsrfToken(null);
    render();
    onChangeUser(user);
  }

  onChange(render);
  render();
  return { user: () => user };
}
