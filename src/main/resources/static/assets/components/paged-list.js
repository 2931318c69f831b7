// A paged table of a list endpoint: first page, then "more" by cursor (X-Next-Cursor) where the service offers one,
// else by the list's own `before` parameter. Rows can be updated or added in place (live pages), and on a phone each
// row is a card whose cells say what they are.

import { errorText, page } from '../core/api.js';
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

const PAGE_SIZE = 50;

/**
 * columns: [[label, cell(item)]]; keyOf(item) identifies a row for live updates; query() gives extra parameters
 * (filters). Returns {el, reload(), refreshTop(), upsert(item), dispose()}.
 */
export function pagedTable({ title, path, columns, beforeOf, keyOf, testid, query = () => ({}), toolbar = null }) {
  let cursor = null;
  let before = null;
  let disposed = false;
  let total = 0;
  let generation = 0;
  const rowsByKey = new Map();
  const tbody = h('tbody', { 'data-testid': `${testid}-body` });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': `${testid}-error` });
  const more = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true, 'data-testid': `${testid}-more` },
    t('common.more'),
  );
  const count = h('span', { class: 'muted', 'data-testid': `${testid}-count` });

  function row(item) {
    return h(
      'tr',
      { 'data-testid': `${testid}-row`, dataset: { key: keyOf ? keyOf(item) : '' } },
      ...columns.map(([label, cell]) => h('td', { 'data-label': label }, cell(item))),
    );
  }

  function none() {
    return h('tr', { class: 'none' }, h('td', { colspan: columns.length, class: 'muted' }, t('common.none')));
  }

  async function load() {
    const seq = generation;
    more.disabled = true;
    try {
      const params = { limit: PAGE_SIZE, ...query() };
      if (cursor) params.cursor = cursor;
      else if (before != null) params.before = before;
      const result = await page(path, params);
      if (disposed || seq !== generation) return;
      tbody.querySelector('tr.none')?.remove();
      for (const item of result.items) {
        const el = row(item);
        if (keyOf) rowsByKey.set(keyOf(item), el);
        tbody.append(el);
      }
      total += result.items.length;
      if (!total) tbody.append(none());
      count.textContent = t('common.shown', { count: total });
      cursor = result.cursor;
      const last = result.items[result.items.length - 1];
      before = last ? beforeOf(last) : before;
      more.hidden = !(cursor || result.items.length >= PAGE_SIZE);
      message.hidden = true;
    } catch (e) {
      message.hidden = false;
      message.textContent = errorText(e);
    }
    more.disabled = false;
  }

  /** From the first page again (a filter changed). */
  function reload() {
    generation += 1;
    cursor = null;
    before = null;
    total = 0;
    rowsByKey.clear();
    tbody.replaceChildren();
    return load();
  }

  /** A live change: the row of the item is redrawn where it is, or a new one goes on top. */
  function upsert(item) {
    const key = keyOf(item);
    const el = row(item);
    const existing = rowsByKey.get(key);
    if (existing) existing.replaceWith(el);
    else {
      tbody.querySelector('tr.none')?.remove();
      tbody.prepend(el);
      total += 1;
      count.textContent = t('common.shown', { count: total });
    }
    rowsByKey.set(key, el);
    if (!existing) el.classList.add('fresh');
  }

  /** Reads the first page again and puts what is new on top (what was loaded below stays). */
  async function refreshTop() {
    try {
      const result = await page(path, { limit: PAGE_SIZE, ...query() });
      if (disposed) return;
      for (const item of result.items.slice().reverse()) upsert(item);
    } catch {
      /* the next change tries again */
    }
  }

  more.addEventListener('click', load);
  const el = h(
    'section',
    { class: 'panel wide' },
    h('div', { class: 'title-row' }, h('h1', null, title), count),
    toolbar,
    message,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid cards', 'data-testid': `${testid}-table` },
        h('caption', { class: 'visually-hidden' }, title),
        h('thead', null, h('tr', null, ...columns.map(([label]) => h('th', { scope: 'col' }, label)))),
        tbody,
      ),
    ),
    h('div', { class: 'actions' }, more),
  );
  load();
  return {
    el,
    reload,
    refreshTop,
    upsert,
    dispose() {
      disposed = true;
    },
  };
}
