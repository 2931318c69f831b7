// Admin: the installation as this instance sees it: the instances alive (by their database sessions), the jobs
// queued and running, the engine's health (and under swarm its nodes). Read again every few seconds while the page is open.

import { errorText, get } from '../core/api.js';
import { clear, h } from '../core/dom.js';
import { i18n, t } from '../core/i18n.js';
import { formatTime } from '../core/format.js';
import { adminNav } from '../components/admin-nav.js';

const REFRESH_MS = 5000;

export function render(main) {
  let disposed = false;
  let timer = 0;
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'cluster-error' });
  const body = h('div', { 'data-testid': 'cluster-state' });

  function stat(testid, label, value, tone) {
    return h(
      'div',
      { class: 'stat', 'data-testid': testid },
      h('span', { class: 'muted' }, label),
      h('strong', { class: tone ? `state state-${tone}` : null }, value),
    );
  }

  /** Under runtime.kind swarm, the swarm's nodes: their state and how many containers each has; none otherwise. */
  function nodesTable(nodes) {
    if (!nodes.length) return [];
    const col = (key) => h('th', { scope: 'col' }, t(key));
    return [
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid cards', 'data-testid': 'nodes-table' },
          h('caption', null, t('admin.cluster.nodesTitle')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              col('admin.cluster.node'),
              col('admin.cluster.nodeState'),
              col('admin.cluster.nodeRole'),
              col('admin.cluster.nodeContainers'),
            ),
          ),
          h(
            'tbody',
            null,
            nodes.map((node) =>
              h(
                'tr',
                { 'data-testid': 'node-row' },
                h('td', { class: 'mono', 'data-label': t('admin.cluster.node') }, node.name),
                h(
                  'td',
                  { 'data-label': t('admin.cluster.nodeState') },
                  h(
                    'span',
                    { class: `state ${node.state === 'ready' ? 'tone-ok' : 'tone-bad'}`, 'data-testid': 'node-state' },
                    node.state,
                  ),
                ),
                h('td', { 'data-label': t('admin.cluster.nodeRole') }, t(`admin.cluster.role.${node.role}`)),
                h('td', { 'data-label': t('admin.cluster.nodeContainers') }, String(node.containers)),
              ),
            ),
          ),
        ),
      ),
    ];
  }

  async function load() {
    try {
      const state = await get('/admin/cluster');
      if (disposed) return;
      message.hidden = true;
      clear(body).append(
        h(
          'div',
          { class: 'stats-row' },
          stat('cluster-instances', t('admin.cluster.instances'), String(state.instances.length)),
          stat('cluster-pending', t('admin.cluster.pending'), String(state.jobs.pending)),
          stat('cluster-running', t('admin.cluster.running'), String(state.jobs.running)),
          stat(
            'cluster-engine',
            t('admin.cluster.engine'),
            state.engine.status === 'up'
              ? t('admin.cluster.engineUp', { version: state.engine.version || '?' })
              : t('admin.cluster.engineDown'),
            state.engine.status === 'up' ? 'running' : 'failed',
          ),
        ),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'grid cards', 'data-testid': 'instances-table' },
            h('caption', null, t('admin.cluster.instancesTitle')),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t('admin.cluster.instance')),
                h('th', { scope: 'col' }, t('admin.cluster.since')),
              ),
            ),
            h(
              'tbody',
              null,
              state.instances.map((instance) =>
                h(
                  'tr',
                  { 'data-testid': 'instance-row' },
                  h(
                    'td',
                    { class: 'mono', 'data-label': t('admin.cluster.instance') },
                    instance.id,
                    instance.this_one ? h('span', { class: 'badge' }, t('admin.cluster.thisOne')) : null,
                  ),
                  h('td', { 'data-label': t('admin.cluster.since') }, formatTime(instance.since, i18n.language)),
                ),
              ),
            ),
          ),
        ),
        ...nodesTable(state.engine.nodes || []),
      );
    } catch (e) {
      message.hidden = false;
      message.textContent = errorText(e);
    }
    if (!disposed) timer = setTimeout(load, REFRESH_MS);
  }

  main.append(
    adminNav('cluster'),
    h('section', { class: 'panel wide' }, h('h1', null, t('admin.cluster.title')), message, body),
  );
  load();
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
