// Admin: every user, searched by name, with their usage against their limits, last login and state; suspend and
// resume, per-user limit overrides, and delete with everything they own (a job, whose progress the page follows).

import { del, errorText, get, patch } from '../core/api.js';
import { h } from '../core/dom.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatBytes, formatTime } from '../core/format.js';
import { adminNav } from '../components/admin-nav.js';
import { confirmDialog } from '../components/dialog.js';
import { editLimits, shownLimit } from '../components/limits-dialog.js';
import { pagedTable } from '../components/paged-list.js';
import { toast } from '../components/toast.js';

const SEARCH_DELAY_MS = 250;
const JOB_POLL_MS = 500;

/** "3 / 10", or "3 (no limit)" for a limit of 0; bytes in words for storage. */
function usageText(usage, bytes = false) {
  if (!usage) return '';
  const show = bytes ? formatBytes : String;
  return usage.limit
    ? `${show(usage.used)} / ${show(usage.limit)}`
    : t('admin.users.noLimit', { used: show(usage.used) });
}

export function render(main) {
  let disposed = false;
  let timer = 0;
  const polls = new Set();
  let query = '';
  const message = h('p', {
    class: 'message error',
    role: 'alert',
    hidden: true,
    'data-testid': 'admin-users-action-error',
  });
  const progress = h('div', { class: 'job-progress', 'aria-live': 'polite', 'data-testid': 'deletion-progress' });
  const search = h('input', {
    type: 'search',
    'aria-label': t('admin.users.search'),
    placeholder: t('admin.users.search'),
    'data-testid': 'admin-users-search',
    oninput: (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        query = e.target.value.trim();
        table.reload();
      }, SEARCH_DELAY_MS);
    },
  });

  function show(e) {
    message.hidden = false;
    message.textContent = errorText(e);
  }

  async function change(user, body, done) {
    message.hidden = true;
    try {
      const changed = await patch(`/admin/users/${encodeURIComponent(user.id)}`, { body });
      table.upsert(changed);
      toast(t(done, { name: user.username }));
    } catch (e) {
      show(e);
    }
  }

  async function suspend(user) {
    const ok = await confirmDialog({
      title: t('admin.users.suspendTitle'),
      message: t('admin.users.suspendText'),
      items: [user.username],
      confirm: t('admin.users.suspend'),
      cancel: t('action.cancel'),
    });
    if (ok) await change(user, { suspended: true }, 'admin.users.suspended');
  }

  async function limits(user) {
    const changed = await editLimits(user);
    if (!changed) return;
    table.upsert(changed);
    toast(t('admin.users.limitsSaved', { name: user.username }));
  }

  async function remove(user) {
    const containers = user.usage?.containers?.used ?? 0;
    const ok = await confirmDialog({
      title: t('admin.users.deleteTitle', { name: user.username }),
      message: t('admin.users.deleteText'),
      items: [
        t('admin.users.deleteAccount', { name: user.username }),
        t('admin.users.deleteContainers', { count: containers }),
        t('admin.users.deleteFiles', { count: user.usage?.files?.used ?? 0 }),
        t('admin.users.deleteRest'),
      ],
      confirm: t('admin.users.deleteConfirm', { name: user.username }),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    message.hidden = true;
    try {
      const accepted = await del(`/admin/users/${encodeURIComponent(user.id)}`);
      follow(accepted.job_id, user);
      table.upsert({ ...user, state: 'deleting' });
    } catch (e) {
      show(e);
    }
  }

  /** The deletion job's progress under the search, until it is done; then the list is read again. */
  function follow(jobId, user) {
    const line = h('p', { 'data-testid': 'deletion-job', dataset: { job: jobId, status: 'pending' } });
    progress.prepend(line);
    const say = (status) => {
      line.dataset.status = status;
      line.textContent = t('admin.users.deleting', { name: user.username, status: t(`job.${status}`, null, status) });
    };
    say('pending');
    const poll = async () => {
      polls.delete(poll.timer);
      if (disposed) return;
      try {
        const job = await get(`/jobs/${encodeURIComponent(jobId)}`);
        say(job.status);
        if (job.status === 'completed') {
          toast(t('admin.users.deleted', { name: user.username }));
          table.reload();
          return;
        }
        if (job.status === 'failed') {
          line.classList.add('error-text');
          toast(t('admin.users.deleteFailed', { name: user.username, message: job.error || '' }), 'error');
          return;
        }
      } catch (e) {
        say('failed');
        show(e);
        return;
      }
      poll.timer = setTimeout(poll, JOB_POLL_MS);
      polls.add(poll.timer);
    };
    poll();
  }

  function actions(user) {
    const named = (action) => t('action.named', { action, name: user.username });
    const deleting = user.state === 'deleting';
    const suspended = user.state === 'suspended';
    return h(
      'div',
      { class: 'row-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'small secondary',
          disabled: deleting,
          'data-testid': suspended ? 'user-resume' : 'user-suspend',
          'aria-label': named(t(suspended ? 'admin.users.resume' : 'admin.users.suspend')),
          onclick: () => (suspended ? change(user, { suspended: false }, 'admin.users.resumed') : suspend(user)),
        },
        t(suspended ? 'admin.users.resume' : 'admin.users.suspend'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'small secondary',
          disabled: deleting,
          'data-testid': 'user-limits',
          'aria-label': named(t('admin.users.limits')),
          onclick: () => limits(user),
        },
        t('admin.users.limits'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'small danger',
          disabled: deleting,
          'data-testid': 'user-delete',
          'aria-label': named(t('action.delete')),
          onclick: () => remove(user),
        },
        t('action.delete'),
      ),
    );
  }

  const table = pagedTable({
    title: t('admin.users.title'),
    path: '/admin/users',
    testid: 'admin-users',
    query: () => ({ q: query }),
    beforeOf: () => null, // paged by cursor
    keyOf: (user) => user.id,
    toolbar: h('div', { class: 'toolbar' }, search),
    columns: [
      [
        t('admin.users.name'),
        (user) =>
          h(
            'span',
            { 'data-testid': 'user-name', dataset: { id: user.id } },
            user.username,
            user.role === 'admin' ? h('span', { class: 'badge' }, t('admin.role.admin')) : null,
          ),
      ],
      [
        t('admin.users.state'),
        (user) =>
          h('span', { class: `state state-${user.state}`, 'data-testid': 'user-state' }, term('userState', user.state)),
      ],
      [
        t('admin.users.lastLogin'),
        (user) => (user.last_login_at ? formatTime(user.last_login_at, i18n.language) : t('tokens.never')),
      ],
      [t('limit.containers'), (user) => usageText(user.usage?.containers)],
      [t('limit.running_containers'), (user) => usageText(user.usage?.running_containers)],
      [t('admin.users.storage'), (user) => usageText(user.usage?.storage_bytes, true)],
      [t('admin.users.groups'), (user) => (user.groups || []).join(', ')],
      [
        t('admin.users.overrides'),
        (user) =>
          h(
            'span',
            { 'data-testid': 'user-overrides' },
            Object.entries(user.limits || {})
              .map(([name, value]) => `${t(`limit.${name}`, null, name)}: ${shownLimit(name, value)}`)
              .join(', '),
          ),
      ],
      [t('containers.col.actions'), actions],
    ],
  });
  main.append(adminNav('users'), message, progress, table.el);
  return () => {
    disposed = true;
    clearTimeout(timer);
    polls.forEach(clearTimeout);
    table.dispose();
  };
}
