// The caller's audit trail, newest first: actions and outcomes in words, containers by name with a link, and new
// entries as they happen (the feed says when something changed; what is new on the first page goes on top).

import { messageText } from '../core/api.js';
import { h } from '../core/dom.js';
import { feed } from '../core/feed.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatTime } from '../core/format.js';
import { pagedTable } from '../components/paged-list.js';
import { containerLink } from '../components/links.js';

const CONTAINER_ID = /^[0-9a-f]{64}$/;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function target(event) {
  const value = event.target || '';
  if (CONTAINER_ID.test(value)) return containerLink(value);
  if (JOB_ID.test(value)) return h('span', { class: 'mono', title: value }, value.slice(0, 8));
  return h('span', { class: 'mono' }, value);
}

const ACTIONS = [
  'container.',
  'container.create',
  'container.start',
  'container.stop',
  'container.restart',
  'container.delete',
  'container.exec',
  'container.console.',
  'job.',
];
const OUTCOMES = ['ok', 'accepted', 'completed', 'failed', 'conflict', 'not_found', 'engine_unavailable', 'timed_out'];
const filters = { action: '', outcome: '' }; // kept while the page is open

function select(key, label, values, words) {
  return h(
    'label',
    { class: 'inline' },
    label,
    h(
      'select',
      {
        'data-testid': `audit-filter-${key}`,
        onchange: (e) => {
          filters[key] = e.target.value;
          table.reload();
        },
      },
      h('option', { value: '' }, t('audit.all')),
      values.map((value) => h('option', { value, selected: filters[key] === value }, words(value))),
    ),
  );
}

let table = null;

export function render(main) {
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'group', 'aria-label': t('audit.filters') },
    select('action', t('audit.action'), ACTIONS, (value) => term('auditAction', value)),
    select('outcome', t('audit.outcome'), OUTCOMES, (value) => term('outcome', value)),
  );
  table = pagedTable({
    toolbar,
    query: () => ({ action: filters.action, outcome: filters.outcome }),
    title: t('audit.title'),
    path: '/audit',
    testid: 'audit',
    beforeOf: (event) => event.id,
    keyOf: (event) => event.id,
    columns: [
      [t('audit.time'), (event) => formatTime(event.created_at, i18n.language)],
      [t('audit.action'), (event) => h('span', { title: event.action }, term('auditAction', event.action))],
      [t('audit.target'), target],
      [
        t('audit.outcome'),
        (event) =>
          h(
            'span',
            { class: `outcome outcome-${event.outcome}`, title: event.outcome },
            term('outcome', event.outcome),
            event.repeats > 1 ? ` ×${event.repeats}` : '',
          ),
      ],
      [t('audit.detail'), (event) => (event.detail ? messageText(event.detail) : '')],
    ],
  });
  main.append(table.el);
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => table.refreshTop(), 400);
  };
  const unsubscribers = [
    feed.subscribeJobs((event) => {
      if (event.status === 'completed' || event.status === 'failed') later();
    }),
    feed.subscribeContainers(later),
  ];
  return () => {
    clearTimeout(timer);
    unsubscribers.forEach((off) => off());
    table.dispose();
  };
}
