// The caller's jobs, newest first, kept current by the live feed: a job's row changes as it runs, a new one appears.

import { messageText } from '../core/api.js';
import { h } from '../core/dom.js';
import { feed } from '../core/feed.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatBytes, formatTime } from '../core/format.js';
import { containerLink } from '../components/links.js';
import { pagedTable } from '../components/paged-list.js';

export function render(main) {
  const known = new Map();
  const table = pagedTable({
    title: t('jobs.title'),
    path: '/jobs',
    testid: 'jobs',
    beforeOf: (job) => job.created_at,
    keyOf: (job) => {
      known.set(job.id, job);
      return job.id;
    },
    columns: [
      [t('jobs.id'), (job) => h('span', { class: 'mono', title: job.id }, job.id.slice(0, 8))],
      [t('jobs.type'), (job) => term('jobType', job.type)],
      [
        t('jobs.status'),
        (job) =>
          h(
            'span',
            { class: `state state-${job.status}`, 'data-testid': 'job-row-status' },
            t(`job.${job.status}`, null, job.status),
          ),
      ],
      [
        t('jobs.result'),
        (job) => {
          if (job.result && job.result.container_id) return containerLink(job.result.container_id);
          if (job.progress && job.status === 'running') {
            return `${formatBytes(job.progress.current)} / ${formatBytes(job.progress.total)}`;
          }
          return job.error ? h('span', { class: 'error-text' }, messageText(job.error, job.error_code)) : '';
        },
      ],
      [t('jobs.created'), (job) => formatTime(job.created_at, i18n.language)],
      [t('jobs.updated'), (job) => formatTime(job.updated_at, i18n.language)],
    ],
  });
  main.append(table.el);
  const unsubscribe = feed.subscribeJobs((event) => {
    const before = known.get(event.job_id) || { id: event.job_id, created_at: event.time };
    table.upsert({
      ...before,
      id: event.job_id,
      type: event.type || before.type,
      status: event.status,
      progress: event.progress,
      result: event.result ?? before.result,
      error: event.error ?? before.error,
      error_code: event.error_code ?? before.error_code,
      updated_at: event.time,
    });
  });
  return () => {
    unsubscribe();
    table.dispose();
  };
}
