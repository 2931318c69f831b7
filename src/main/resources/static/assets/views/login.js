// Log in and register: the API's own rules; an error stands at its field; a 429 shows its wait and counts it down.

import { ApiError, errorText, post } from '../core/api.js';
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { clearFieldErrors, fieldError, fieldOf } from '../components/forms.js';
import { tabList } from '../components/tabs.js';

let mode = 'login';

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
      form,
      h('p', { class: 'muted' }, h('a', { href: '/swagger/index.html' }, t('login.apiDocs'))),
    ),
  );
  username.focus();
  return () => clearInterval(countdown);
}
