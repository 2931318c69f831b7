import { h } from '../dom.js';
import { i18n, t } from '../lib/i18n.js';
import { formatTime } from '../lib/format.js';
import { pagedTable } from './paged.js';

export function render(main) {
  return pagedTable(main, {
    title: t('audit.title'),
    path: '/audit',
    testid: 'audit',
    beforeOf: (event) => event.id,
    columns: [
      [t('audit.time'), (event) => formatTime(event.created_at, i18n.language)],
      [t('audit.action'), (event) => h('span', { class: 'mono' }, event.action)],
      [t('audit.target'), (event) => h('span', { class: 'mono', title: event.target || '' },
        (event.target || '').length > 24 ? `${event.target.slice(0, 12)}…` : event.target || '')],
      [t('audit.outcome'), (event) => h('span', { class: `outcome outcome-${event.outcome}` }, event.outcome)],
      [t('audit.detail'), (event) => event.detail || ''],
    ],
  });
}
