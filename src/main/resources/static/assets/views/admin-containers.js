// Admin: every user's containers with their owners, newest first; force stop (killed at once) and delete, each
// after a confirmation that names the container and its owner. Audited by the service with both names.

import { del, errorText, patch } from '../core/api.js';
import { h } from '../core/dom.js';
import { commandText } from '../core/containers.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatTime } from '../core/format.js';
import { adminNav } from '../components/admin-nav.js';
import { confirmDialog } from '../components/dialog.js';
import { pagedTable } from '../components/paged-list.js';
import { toast } from '../components/toast.js';

const STOPPABLE = new Set(['running', 'restarting', 'paused']);

/** The name people know the container by: its owner's name and its short id (names are per owner). */
function label(container) {
  return t('admin.containers.label', { owner: container.owner || container.owner_id, id: container.id.slice(0, 12) });
}

export function render(main) {
  const message = h('p', {
    class: 'message error',
    role: 'alert',
    hidden: true,
    'data-testid': 'admin-containers-action-error',
  });

  async function act(container, action) {
    const stop = action === 'stop';
    const ok = await confirmDialog({
      title: t(stop ? 'admin.containers.stopTitle' : 'admin.containers.deleteTitle'),
      message: t(stop ? 'admin.containers.stopText' : 'admin.containers.deleteText'),
      items: [label(container)],
      confirm: t(stop ? 'admin.containers.forceStop' : 'action.delete'),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    message.hidden = true;
    try {
      const path = `/admin/containers/${encodeURIComponent(container.id)}`;
      if (stop) await patch(`${path}/stop?force=true`);
      else await del(path);
      toast(t(stop ? 'admin.containers.stopped' : 'admin.containers.deleted', { name: label(container) }));
    } catch (e) {
      message.hidden = false;
      message.textContent = errorText(e);
    }
    table.reload();
  }

  const table = pagedTable({
    title: t('admin.containers.title'),
    path: '/admin/containers',
    testid: 'admin-containers',
    beforeOf: () => null,
    keyOf: (container) => container.id,
    columns: [
      [t('admin.containers.owner'), (c) => h('span', { 'data-testid': 'container-owner' }, c.owner || c.owner_id)],
      [t('details.id'), (c) => h('span', { class: 'mono', title: c.id }, c.id.slice(0, 12))],
      [t('containers.col.image'), (c) => h('span', { class: 'mono' }, c.image)],
      [
        t('containers.col.status'),
        // Under runtime.kind swarm, the node it is on beside its state (no column: one engine has none).
        (c) => [
          h('span', { class: `state state-${c.status}`, 'data-testid': 'container-status' }, term('state', c.status)),
          c.node
            ? h(
                'span',
                { class: 'muted', 'data-testid': 'container-node' },
                ' ',
                t('admin.containers.onNode', { node: c.node }),
              )
            : null,
        ],
      ],
      [t('containers.col.command'), (c) => h('span', { class: 'mono' }, commandText(c.cmd))],
      [t('containers.col.created'), (c) => formatTime(c.created_at, i18n.language)],
      [
        t('containers.col.actions'),
        (c) =>
          h(
            'div',
            { class: 'row-actions', dataset: { id: c.id } },
            h(
              'button',
              {
                type: 'button',
                class: 'small secondary',
                disabled: !STOPPABLE.has(c.status),
                'data-testid': 'admin-container-stop',
                'aria-label': t('action.named', { action: t('admin.containers.forceStop'), name: label(c) }),
                onclick: () => act(c, 'stop'),
              },
              t('admin.containers.forceStop'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'small danger',
                'data-testid': 'admin-container-delete',
                'aria-label': t('action.named', { action: t('action.delete'), name: label(c) }),
                onclick: () => act(c, 'delete'),
              },
              t('action.delete'),
            ),
          ),
      ],
    ],
  });
  main.append(adminNav('containers'), message, table.el);
  return () => table.dispose();
}
