// Toasts: a short note when an action is done or failed, in a polite live region (an error in an assertive one), so
// that a screen reader hears it without losing its place. Successes go away by themselves; errors stay until closed.

import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

const SHOW_MS = 6000;
let regions = null;

function region(kind) {
  if (!regions || !regions.polite.isConnected) {
    const polite = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', 'data-testid': 'toasts' });
    const assertive = h('div', { class: 'toasts errors', role: 'alert', 'data-testid': 'toast-errors' });
    document.body.append(h('div', { class: 'toast-stack' }, assertive, polite));
    regions = { polite, assertive };
  }
  return kind === 'error' ? regions.assertive : regions.polite;
}

/** Shows text as a toast; kind is ok, info or error. Returns a function that removes it. */
export function toast(text, kind = 'ok') {
  const item = h(
    'div',
    { class: `toast toast-${kind}`, 'data-testid': 'toast', dataset: { kind } },
    h('span', { 'data-testid': 'toast-text' }, text),
    h(
      'button',
      { type: 'button', class: 'small link', 'aria-label': t('common.dismiss'), onclick: () => remove() },
      '×',
    ),
  );
  const timer = kind === 'error' ? 0 : setTimeout(() => remove(), SHOW_MS);
  function remove() {
    clearTimeout(timer);
    item.remove();
  }
  region(kind).append(item);
  return remove;
}
