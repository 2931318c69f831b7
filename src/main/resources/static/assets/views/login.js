// Log in and register: the API's own rules; an error stands at its field; a 429 shows its wait and counts it down.
// "Sign in with <provider>" for each identity provider the service has; the provider's round trip ends here with a
// one-time code in the URL's fragment (#sso_code=...), exchanged for the same bearer token a password login gives.

import { ApiError, SSO_PROVIDER_KEY, errorText, get, post } from '../core/api.js';
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { clearFieldErrors, fieldError, fieldOf } from '../components/forms.js';
import { tabList } from '../components/tabs.js';

let mode = 'login';

/** What the provider's round trip left in the fragment, once: the code, or why it failed. */
function takeSignIn() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (!fragment.has('sso_code') && !fragment.has('sso_error')) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return {
    code: fragment.get('sso_code'),
    provider: fragment.get('sso_provider'),
    error: fragment.get('sso_error'),
  };
}

export function render(main, context) {
  const { loggedIn, takeNotice } = context;
  let countdown = null;
  const notice = takeNotice();
  const username = h('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    minlength: 3,
    maxlength: 64,
    'aria-describedby': mode === 'register' ? 'username-rule' : null,
    'data-testid': 'username',
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: mode === 'login' ? 'current-password' : 'new-password',
    'aria-describedby': mode === 'register' ? 'password-rule' : null,
    'data-testid': 'password',
  });
  const message = h('p', { class: 'message error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'login-submit' },
    t(mode === 'login' ? 'login.submit' : 'login.register'),
  );
  const form = h('form', { novalidate: true, 'data-testid': 'login-form' });

  function show(text, kind = 'error') {
    message.hidden = !text;
    message.className = `message ${kind}`;
    message.textContent = text || '';
  }

  function throttled(seconds) {
    clearInterval(countdown);
    let left = seconds;
    submit.disabled = true;
    const tick = () => {
      if (left <= 0) {
        clearInterval(countdown);
        submit.disabled = false;
        show(t('login.tryAgainNow'), 'info');
        return;
      }
      show(t('login.throttled', { seconds: left }));
      message.dataset.retryAfter = String(left);
      left--;
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  /** Checks what the API's rules say before asking it; true when the fields look right. */
  function checkFields() {
    clearFieldErrors(form);
    let first = null;
    if (!username.value.trim()) first = fieldError(username, t('login.usernameRequired'));
    if (!password.value) first = first || fieldError(password, t('login.passwordRequired'));
    first?.focus();
    return !first;
  }

  /** The one-time code of a finished sign-in, traded for a bearer token and the browser's session. */
  async function exchange(signIn) {
    if (signIn.error) {
      show(t('login.ssoFailed', { message: signIn.error }));
      return;
    }
    try {
      const body = await post(
        '/users/login/sso?cookie=true',
        { code: signIn.code },
        { anonymous: true, credentials: 'same-origin' },
      );
      if (signIn.provider) sessionStorage.setItem(SSO_PROVIDER_KEY, signIn.provider);
      loggedIn(body);
    } catch (err) {
      show(t('login.ssoFailed', { message: errorText(err) }));
    }
  }

  /** A link per provider (a plain navigation: the round trip leaves the page), and the form unless passwords are off. */
  async function showProviders() {
    let ways;
    try {
      ways = await get('/auth/providers', { anonymous: true });
    } catch {
      return; // a service without single sign-on: the form is all there is
    }
    if (!ways.providers.length) return;
    providers.replaceChildren(
      ...ways.providers.map((provider) =>
        h(
          'a',
          { class: 'button primary', href: provider.sign_in_url, 'data-testid': `sso-${provider.id}` },
          t('login.ssoWith', { name: provider.name }),
        ),
      ),
    );
    providers.hidden = false;
    if (!ways.password_login) {
      form.hidden = true;
      tabs.el.hidden = true;
    }
  }

  async function onSubmit(e) {
    e.preventDefault();
    show('');
    if (!checkFields()) return;
    submit.disabled = true;
    const credentials = { username: username.value, password: password.value };
    try {
      if (mode === 'register') await post('/users', credentials, { anonymous: true });
      // ?cookie=true: the browser's session too, so that the other tabs are logged in as well.
      const body = await post('/users/login?cookie=true', credentials, { anonymous: true, credentials: 'same-origin' });
      loggedIn(body);
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        throttled(err.retryAfter || 30);
        return;
      }
      if (err instanceof ApiError && err.status === 401 && mode === 'login') {
        show(t('login.wrong'));
      } else {
        const field = fieldOf(err, ['username', 'password']);
        const input = { username, password }[field];
        if (input) {
          fieldError(input, errorText(err), mode === 'register' ? input.nextElementSibling : input);
          input.focus();
        } else show(errorText(err));
      }
    }
    submit.disabled = false;
  }

  const tabs = tabList({
    tabs: [
      { key: 'login', label: t('login.tab.login') },
      { key: 'register', label: t('login.tab.register') },
    ],
    selected: mode,
    label: t('login.title'),
    onSelect: (key) => {
      if (key === mode) return;
      mode = key;
      clearInterval(countdown);
      main.replaceChildren();
      render(main, context);
      main.querySelector(`[role=tab][data-key='${key}']`)?.focus();
    },
  });

  const providers = h('div', { class: 'actions sso', 'data-testid': 'sso-providers', hidden: true });
  form.addEventListener('submit', onSubmit);
  form.append(
    h('label', { for: 'username' }, t('login.username')),
    username,
    mode === 'register' ? h('small', { class: 'hint', id: 'username-rule' }, t('login.usernameRule')) : null,
    h('label', { for: 'password' }, t('login.password')),
    password,
    mode === 'register' ? h('small', { class: 'hint', id: 'password-rule' }, t('login.passwordRule')) : null,
    message,
    submit,
  );
  main.append(
    h(
      'section',
      { class: 'panel narrow login' },
      h('h1', null, t(mode === 'login' ? 'login.title' : 'login.registerTitle')),
      tabs.el,
      notice ? h('p', { class: 'message info', 'data-testid': 'login-notice' }, t(notice)) : null,
      providers,
      form,
      h('p', { class: 'muted' }, h('a', { href: '/swagger/index.html' }, t('login.apiDocs'))),
    ),
  );
  username.focus();
  const signIn = takeSignIn();
  if (signIn) exchange(signIn);
  showProviders();
  return () => clearInterval(countdown);
}
