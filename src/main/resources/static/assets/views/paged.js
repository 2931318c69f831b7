// A paged table of a list endpoint: first page, then "more" by cursor (X-Next-Cursor) where the service offers one,
// else by the list's own `before` parameter.

import { page } from '../api.js';
import { h } from '../dom.js';
import { t } from '../lib/i18n.js';

const PAGE_SIZE = 50;

export function pagedTable(main, { title, path, columns, beforeOf, testid }) {
  let cursor = null;
  let before = null;
  let disposed = false;
  const tbody = h('tbody', { 'data-testid': `${testid}-body` });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-testid': `${testid}-more` },
    t('common.more'));
  const count = h('span', { class: 'muted', 'data-testid': `${testid}-count` });
  let total = 0;

  async function load() {
    more.disabled = true;
    try {
      const params = { limit: PAGE_SIZE };
      if (cursor) params.cursor = cursor;
      else if (before != null) params.before = before;
      const result = await page(path, params);
      if (disposed) return;
      for (const item of result.items) tbody.append(h('tr', { 'data-testid': `${testid}-row` },
        ...columns.map(([, cell]) => h('td', null, cell(item)))));
      total += result.items.length;
      if (!total) tbody.append(h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, t('common.none'))));
      count.textContent = t('common.shown', { count: total });
      cursor = result.cursor;
      const last = result.items[result.items.length - 1];
      before = last ? beforeOf(last) : before;
      more.hidden = !(cursor || result.items.length >= PAGE_SIZE);
    } catch (e) {
      message.hidden = false;
      message.textContent = e.message;
    }
    more.disabled = false;
  }

  more.addEventListener('click', load);
  main.append(h('section', { class: 'panel wide' },
    h('div', { class: 'title-row' }, h('h1', null, title), count), message,
    h('table', { class: 'grid', 'data-testid': `${testid}-table` },
      h('thead', null, h('tr', null, ...columns.map(([label]) => h('th', null, label)))), tbody),
    h('div', { class: 'actions' }, more)));
  load();
  return () => {
    disposed = true;
  };
}
