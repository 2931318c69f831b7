// Admin: the whole audit trail, every user's (deleted users' too), newest first, with the filters of the user's own
// page plus who it concerns; an admin's action on someone names both.

import { messageText } from '../core/api.js';
import { h } from '../core/dom.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatTime } from '../core/format.js';
import { adminNav } from '../components/admin-nav.js';
import { pagedTable } from '../components/paged-list.js';

const ACTIONS = ['container.', 'container.create', 'container.stop', 'container.delete', 'job.', 'admin.'];
const OUTCOMES = ['ok', 'accepted', 'completed', 'failed', 'conflict', 'not_found', 'engine_unavailable', 'timed_out'];
const filters = { action: '', outcome: '' }; // kept while the page is open

export function render(main) {
  let table = null;
  const select = (key, values, words) =>
    h(
      'label',
      { class: 'inline' },
      t(`audit.${key}`),
      h(
        'select',
        {
          'data-testid': `admin-audit-filter-${key}`,
          onchange: (e) => {
            filters[key] = e.target.value;
            table.reload();
          },
        },
        h('option', { value: '' }, t('audit.all')),
        values.map((value) => h('option', { value, selected: filters[key] === value }, words(value))),
      ),
    );
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'group', 'aria-label': t('audit.filters') },
    select('action', ACTIONS, (value) => term('auditAction', value)),
    select('outcome', OUTCOMES, (value) => term('outcome', value)),
  );
  table = pagedTable({
    toolbar,
    title: t('admin.audit.title'),
    path: '/admin/audit',
    testid: 'admin-audit',
    query: () => ({ action: filters.action, outcome: filters.outcome }),
    beforeOf: () => null,
    keyOf: (entry) => entry.id,
    columns: [
      [t('audit.time'), (entry) => formatTime(entry.created_at, i18n.language)],
      [t('admin.audit.user'), (entry) => entry.username || entry.user_id],
      [t('admin.audit.actor'), (entry) => entry.actor || ''],
      [t('audit.action'), (entry) => h('span', { title: entry.action }, term('auditAction', entry.action))],
      [t('audit.target'), (entry) => h('span', { class: 'mono' }, entry.target)],
      [
        t('audit.outcome'),
        (entry) =>
          h(
            'span',
            { class: `outcome outcome-${entry.outcome}` },
            term('outcome', entry.outcome),
            entry.repeats > 1 ? ` ×${entry.repeats}` : '',
          ),
      ],
      [t('audit.detail'), (entry) => (entry.detail ? messageText(entry.detail) : '')],
    ],
  });
  main.append(adminNav('audit'), table.el);
  return () => table.dispose();
}
