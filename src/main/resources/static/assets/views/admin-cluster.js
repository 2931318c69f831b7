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

  /** A captioned table, a card per row on a phone: columns are [label key, cell(item), class of its cells]. */
  function grid(testid, captionKey, rowTestid, columns, items) {
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid cards', 'data-testid': testid },
        h('caption', null, t(captionKey)),
        h('thead', null, h('tr', null, ...columns.map(([key]) => h('th', { scope: 'col' }, t(key))))),
        h(
          'tbody',
          null,
          items.map((item) =>
            h(
              'tr',
              { 'data-testid': rowTestid },
              ...columns.map(([key, cell, cls]) => h('td', { class: cls, 'data-label': t(key) }, cell(item))),
            ),
          ),
        ),
      ),
    );
  }

  /** Under runtime.kind swarm, the swarm's nodes: their state and how many containers each has; none otherwise. */
  function nodesTable(nodes) {
    if (!nodes.length) return [];
    return [
      grid(
        'nodes-table',
        'admin.cluster.nodesTitle',
        'node-row',
        [
          ['admin.cluster.node', (node) => node.name, 'mono'],
          [
            'admin.cluster.nodeState',
            (node) =>
              h(
                'span',
                { class: `state ${node.state === 'ready' ? 'tone-ok' : 'tone-bad'}`, 'data-testid': 'node-state' },
                node.state,
              ),
          ],
          ['admin.cluster.nodeRole', (node) => t(`admin.cluster.role.${node.role}`)],
          ['admin.cluster.nodeContainers', (node) => String(node.containers)],
        ],
        nodes,
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
        grid(
          'instances-table',
          'admin.cluster.instancesTitle',
          'instance-row',
          [
            [
              'admin.cluster.instance',
              (instance) => [
                instance.id,
                instance.this_one ? h('span', { class: 'badge' }, t('admin.cluster.thisOne')) : null,
              ],
              'mono',
            ],
            ['admin.cluster.since', (instance) => formatTime(instance.since, i18n.language)],
          ],
          state.instances,
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
