// The caller's personal API tokens, for scripts and CI: make one (name, scopes, lifetime), see its secret this once
// with a copy button, list them with their last use, revoke one after a confirmation that names it. The service
// keeps only a hash, so a secret not copied now is gone: the page says so where the secret stands.

import { del, errorText, get, post } from '../core/api.js';
import { clear, h, uid } from '../core/dom.js';
import { i18n, t } from '../core/i18n.js';
import { formatTime } from '../core/format.js';
import { confirmDialog } from '../components/dialog.js';
import { clearFieldErrors, fieldError, fieldOf } from '../components/forms.js';
import { toast } from '../components/toast.js';

/** Every scope a token can have, in the order the form shows them; admin only to admins. */
export const SCOPES = [
  'containers:read',
  'containers:write',
  'files:read',
  'files:write',
  'jobs:read',
  'volumes:read',
  'volumes:write',
  'admin',
];
const LIFETIMES = ['1d', '7d', '30d', '90d', '365d'];
const DEFAULT_LIFETIME = '30d';

export function render(main) {
  let disposed = false;
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'tokens-error' });
  const secretBox = h('div', { hidden: true, 'data-testid': 'token-secret-box' });
  const tbody = h('tbody', { 'data-testid': 'tokens-body' });

  const nameId = uid('token-name');
  const name = h('input', { id: nameId, name: 'name', maxlength: 64, 'data-testid': 'token-name', required: true });
  const lifetime = h(
    'select',
    { id: uid('token-lifetime'), 'data-testid': 'token-expiry' },
    LIFETIMES.map((value) =>
      h('option', { value, selected: value === DEFAULT_LIFETIME }, t(`tokens.lifetime.${value}`)),
    ),
  );
  const boxes = new Map();
  const scopeList = h(
    'fieldset',
    { class: 'scopes', 'data-testid': 'token-scopes' },
    h('legend', null, t('tokens.scopes')),
  );
  function drawScopes(admin) {
    for (const scope of SCOPES) {
      if (scope === 'admin' && !admin) continue;
      const box = h('input', {
        type: 'checkbox',
        value: scope,
        checked: scope.endsWith(':read') && scope !== 'volumes:read',
        'data-testid': `token-scope-${scope}`,
      });
      boxes.set(scope, box);
      scopeList.append(
        h(
          'label',
          { class: 'inline check' },
          box,
          h('span', null, h('code', null, scope), ' ', h('span', { class: 'muted' }, t(`tokens.scope.${scope}`))),
        ),
      );
    }
  }

  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'token-create' }, t('tokens.create'));
  const form = h(
    'form',
    { class: 'token-form', 'data-testid': 'token-form', novalidate: true },
    h('label', { for: nameId }, t('tokens.name')),
    name,
    h('small', { class: 'muted' }, t('tokens.nameHint')),
    scopeList,
    h('label', { for: lifetime.id }, t('tokens.expiry')),
    lifetime,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    message.hidden = true;
    const scopes = [...boxes].filter(([, box]) => box.checked).map(([scope]) => scope);
    if (!name.value.trim()) {
      fieldError(name, t('tokens.nameRequired')).focus();
      return;
    }
    if (!scopes.length) {
      show(new Error(t('tokens.scopeRequired')));
      boxes.values().next().value?.focus();
      return;
    }
    submit.disabled = true;
    try {
      const made = await post('/users/me/tokens', {
        name: name.value.trim(),
        scopes,
        expires_in: lifetime.value,
      });
      showSecret(made);
      name.value = '';
      toast(t('tokens.created', { name: made.name }));
      load();
    } catch (err) {
      if (fieldOf(err, ['name']) === 'name') fieldError(name, errorText(err)).focus();
      else show(err);
    } finally {
      submit.disabled = false;
    }
  });

  /** The secret, this once: a read-only field (selectable by hand too), a copy button, and the warning. */
  function showSecret(made) {
    const secretId = uid('token-secret');
    const field = h('input', {
      id: secretId,
      class: 'mono',
      readonly: true,
      value: made.token,
      'data-testid': 'token-secret',
    });
    const copied = h('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'token-copied' });
    const copy = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': 'token-copy',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(made.token);
          } catch {
            field.select(); // no clipboard permission: the text is selected for the user's own copy
            document.execCommand?.('copy');
          }
          copied.textContent = t('tokens.copied');
        },
      },
      t('tokens.copy'),
    );
    clear(secretBox).append(
      h(
        'div',
        { class: 'message ok secret', role: 'status' },
        h('strong', null, t('tokens.secretTitle', { name: made.name })),
        h('p', { 'data-testid': 'token-once' }, t('tokens.secretOnce')),
        h('label', { for: secretId, class: 'visually-hidden' }, t('tokens.secretLabel')),
        h('div', { class: 'secret-row' }, field, copy),
        copied,
        h(
          'button',
          {
            type: 'button',
            class: 'small link',
            'data-testid': 'token-secret-done',
            onclick: () => {
              clear(secretBox);
              secretBox.hidden = true;
            },
          },
          t('tokens.secretDone'),
        ),
      ),
    );
    secretBox.hidden = false;
    field.focus();
    field.select();
  }

  function show(e) {
    message.hidden = false;
    message.textContent = errorText(e);
  }

  async function revoke(token) {
    const ok = await confirmDialog({
      title: t('tokens.revokeTitle'),
      message: t('tokens.revokeText'),
      items: [token.name],
      confirm: t('tokens.revoke'),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    try {
      await del(`/users/me/tokens/${encodeURIComponent(token.id)}`);
      toast(t('tokens.revoked', { name: token.name }));
    } catch (e) {
      show(e);
    }
    load();
  }

  function cells(token) {
    return [
      h('td', { 'data-label': t('tokens.name') }, token.name),
      h(
        'td',
        { 'data-label': t('tokens.scopes') },
        h(
          'ul',
          { class: 'plain' },
          token.scopes.map((scope) => h('li', null, h('code', null, scope))),
        ),
      ),
      h('td', { 'data-label': t('tokens.createdAt') }, formatTime(token.created_at, i18n.language)),
      h(
        'td',
        { 'data-label': t('tokens.lastUsed') },
        token.last_used_at ? formatTime(token.last_used_at, i18n.language) : t('tokens.never'),
      ),
      h(
        'td',
        { 'data-label': t('tokens.expires') },
        token.expired
          ? h('span', { class: 'error-text' }, t('tokens.expired'))
          : formatTime(token.expires_at, i18n.language),
      ),
      h(
        'td',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'small danger',
            'data-testid': 'token-revoke',
            'aria-label': t('action.named', { action: t('tokens.revoke'), name: token.name }),
            onclick: () => revoke(token),
          },
          t('tokens.revoke'),
        ),
      ),
    ];
  }

  async function load() {
    try {
      const tokens = await get('/users/me/tokens');
      if (disposed) return;
      clear(tbody);
      if (!tokens.length) tbody.append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, t('tokens.none'))));
      for (const token of tokens) {
        tbody.append(
          h('tr', { 'data-testid': 'token-row', dataset: { id: token.id, name: token.name } }, cells(token)),
        );
      }
    } catch (e) {
      show(e);
    }
  }

  main.append(
    h(
      'section',
      { class: 'panel wide' },
      h('h1', null, t('tokens.title')),
      h('p', { class: 'muted' }, t('tokens.intro')),
      message,
      secretBox,
      h('h2', null, t('tokens.new')),
      form,
      h('h2', null, t('tokens.list')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid cards', 'data-testid': 'tokens-table' },
          h('caption', { class: 'visually-hidden' }, t('tokens.list')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['tokens.name', 'tokens.scopes', 'tokens.createdAt', 'tokens.lastUsed', 'tokens.expires'].map((key) =>
                h('th', { scope: 'col' }, t(key)),
              ),
              h('th', { scope: 'col' }, t('containers.col.actions')),
            ),
          ),
          tbody,
        ),
      ),
    ),
  );
  get('/users/me')
    .then((me) => drawScopes(me?.role === 'admin'))
    .catch(() => drawScopes(false));
  load();
  return () => {
    disposed = true;
  };
}
