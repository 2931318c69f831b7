import { h } from '../dom.js';
import { i18n, t } from '../lib/i18n.js';
import { formatBytes, formatTime } from '../lib/format.js';
import { pagedTable } from './paged.js';

export function render(main) {
  return pagedTable(main, {
    title: t('jobs.title'),
    path: '/jobs',
    testid: 'jobs',
    beforeOf: (job) => job.created_at,
    columns: [
      [t('jobs.id'), (job) => h('span', { class: 'mono', title: job.id }, job.id.slice(0, 8))],
      [t('jobs.type'), (job) => job.type],
      [t('jobs.status'), (job) => h('span', { class: `state state-${job.status}`, 'data-testid': 'job-row-status' },
        t(`job.${job.status}`, null, job.status))],
      [t('jobs.result'), (job) => {
        if (job.result && job.result.container_id) {
          return h('a', { href: `/ui/containers/${job.result.container_id}`, class: 'mono' },
            job.result.container_id.slice(0, 12));
        }
        if (job.progress) return `${formatBytes(job.progress.current)} / ${formatBytes(job.progress.total)}`;
        return job.error ? h('span', { class: 'error-text' }, job.error) : '';
      }],
      [t('jobs.created'), (job) => formatTime(job.created_at, i18n.language)],
      [t('jobs.updated'), (job) => formatTime(job.updated_at, i18n.language)],
    ],
  });
}
