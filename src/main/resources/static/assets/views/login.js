// Log in and register: the API's own rules and messages; a 429 shows its wait and counts it down.

import { ApiError, post } from '../api.js';
import { loggedIn, takeNotice } from '../app.js';
import { h } from '../dom.js';
import { t } from '../lib/i18n.js';

let mode = 'login';

export function render(main) {
  let countdown = null;
  const notice = takeNotice();
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true,
    minlength: 3, maxlength: 64, 'data-testid': 'username' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', required: true,
    autocomplete: mode === 'login' ? 'current-password' : 'new-password', 'data-testid': 'password' });
  const message = h('p', { class: 'message error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' },
    t(mode === 'login' ? 'login.submit' : 'login.register'));

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

  async function onSubmit(e) {
    e.preventDefault();
    show('');
    submit.disabled = true;
    const credentials = { username: username.value, password: password.value };
    try {
      if (mode === 'register') await post('/users', credentials, { anonymous: true });
      const body = await post('/users/login', credentials, { anonymous: true });
      loggedIn(body);
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        throttled(err.retryAfter || 30);
        return;
      }
      show(err instanceof ApiError && err.status === 401 && mode === 'login'
        ? t('login.wrong', { message: err.message }) : err.message);
    }
    submit.disabled = false;
  }

  function tab(key) {
    return h('button', { type: 'button', role: 'tab', 'aria-selected': String(mode === key),
      class: mode === key ? 'tab active' : 'tab', 'data-testid': `tab-${key}`,
      onclick: () => {
        mode = key;
        main.replaceChildren();
        clearInterval(countdown);
        render(main);
      } }, t(`login.tab.${key}`));
  }

  main.append(h('section', { class: 'panel narrow login' },
    h('h1', null, t(mode === 'login' ? 'login.title' : 'login.registerTitle')),
    h('div', { role: 'tablist', class: 'tabs' }, tab('login'), tab('register')),
    notice ? h('p', { class: 'message info', 'data-testid': 'login-notice' }, t(notice)) : null,
    h('form', { onsubmit: onSubmit, novalidate: true, 'data-testid': 'login-form' },
      h('label', { for: 'username' }, t('login.username')), username,
      mode === 'register' ? h('small', { class: 'hint' }, t('login.usernameRule')) : null,
      h('label', { for: 'password' }, t('login.password')), password,
      mode === 'register' ? h('small', { class: 'hint' }, t('login.passwordRule')) : null,
      message, submit),
    h('p', { class: 'muted' }, h('a', { href: '/swagger/index.html' }, t('login.apiDocs')))));
  username.focus();
  return () => clearInterval(countdown);
}
