// An admin's form for one user's limit overrides, in a modal dialog: one number per limit, empty for "the
// installation's setting". Only what changed is sent (PATCH /admin/users/{id} {"limits"}), null removing an
// override, so two admins editing different limits do not undo each other.

import { errorText, patch } from '../core/api.js';
import { h, uid } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { clearFieldErrors, fieldError } from './forms.js';

/** The limits an admin can override (the service's UserLimits.NAMES), in the order the form shows them. */
export const LIMIT_NAMES = [
  'containers',
  'running_containers',
  'unfinished_jobs',
  'creations_per_minute',
  'operations_per_minute',
  'files',
  'storage_bytes',
  'running_cpus',
  'running_memory_bytes',
  'volumes',
  'volume_bytes',
  'tokens',
  'log_follows',
  'stats_streams',
  'event_streams',
  'consoles',
  'execs',
];

/** The service counts CPUs in thousandths (1500 is 1.5 CPUs); the form shows and takes CPUs. */
const SCALE = { running_cpus: 1000 };

/** An override as the form shows it: CPUs as a decimal, everything else as it is. */
export function shownLimit(name, value) {
  return value == null ? '' : value / (SCALE[name] || 1);
}

/** What the service takes for a number an admin entered (CPUs as thousandths); null for an empty field. */
export function enteredLimit(name, text) {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? null : Math.round(Number(trimmed) * (SCALE[name] || 1));
}

/** Whether an entry is a number of the limit's kind: whole, or CPUs to a thousandth; empty is fine. */
export function validLimit(name, text) {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' || (SCALE[name] ? /^\d+(\.\d{1,3})?$/ : /^\d+$/).test(trimmed);
}

/** The input's attributes for a limit's number: CPUs take decimals. */
export function limitInputAttributes(name) {
  return { type: 'number', min: 0, step: SCALE[name] ? 0.001 : 1, inputmode: SCALE[name] ? 'decimal' : 'numeric' };
}

/** The changes to send: a value for a new or changed override, null for one emptied; {} when nothing changed. */
export function limitChanges(before, entered) {
  const changes = {};
  for (const name of LIMIT_NAMES) {
    const value = enteredLimit(name, entered[name]);
    const old = before[name] ?? null;
    if (value !== old) changes[name] = value;
  }
  return changes;
}

/** Resolves to the changed user, or null when the admin cancelled. */
export function editLimits(user) {
  return new Promise((resolve) => {
    const titleId = uid('limits-title');
    const inputs = new Map();
    const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'limits-error' });
    const fields = LIMIT_NAMES.map((name) => {
      const id = uid('limit');
      const input = h('input', {
        id,
        ...limitInputAttributes(name),
        value: shownLimit(name, user.limits?.[name]),
        placeholder: t('admin.limits.setting'),
        'data-testid': `limit-${name}`,
      });
      inputs.set(name, input);
      return h('div', { class: 'limit-field' }, h('label', { for: id }, t(`limit.${name}`)), input);
    });
    const save = h('button', { type: 'submit', class: 'primary', 'data-testid': 'limits-save' }, t('admin.save'));
    const form = h(
      'form',
      { method: 'dialog', novalidate: true },
      h('h2', { id: titleId }, t('admin.limits.title', { name: user.username })),
      h('p', { class: 'muted' }, t('admin.limits.hint')),
      message,
      h('div', { class: 'limit-grid' }, fields),
      h(
        'div',
        { class: 'dialog-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-testid': 'limits-cancel',
            onclick: () => dialog.close(),
          },
          t('action.cancel'),
        ),
        save,
      ),
    );
    const dialog = h(
      'dialog',
      { class: 'dialog wide-dialog', 'data-testid': 'limits-dialog', 'aria-labelledby': titleId },
      form,
    );
    let changed = null;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      message.hidden = true;
      const bad = [...inputs].find(([name, input]) => !validLimit(name, input.value));
      if (bad) {
        fieldError(bad[1], t('admin.limits.whole')).focus();
        return;
      }
      const entered = Object.fromEntries([...inputs].map(([name, input]) => [name, input.value]));
      const changes = limitChanges(user.limits || {}, entered);
      if (!Object.keys(changes).length) {
        dialog.close();
        return;
      }
      save.disabled = true;
      try {
        changed = await patch(`/admin/users/${encodeURIComponent(user.id)}`, { body: { limits: changes } });
        dialog.close();
      } catch (err) {
        message.hidden = false;
        message.textContent = errorText(err);
      } finally {
        save.disabled = false;
      }
    });
    dialog.addEventListener('close', () => {
      resolve(changed);
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
