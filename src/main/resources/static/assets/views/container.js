// One container: details and actions, then three tabs: logs, stats, console.

import { errorText, get } from '../api.js';
import { clear, h } from '../dom.js';
import { i18n, t } from '../lib/i18n.js';
import { formatTime } from '../lib/format.js';
import { commandText } from '../lib/table.js';
import { live } from '../live.js';
import { confirmDelete, runAction } from './actions.js';

const TABS = ['logs', 'stats', 'console'];

export function render(main, { params, navigate }) {
  const id = params.id;
  const tab = params.tab || 'logs';
  let disposed = false;
  let disposeTab = null;
  const head = h('div', { class: 'title-row' });
  const details = h('dl', { class: 'details', 'data-testid': 'container-details' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'container-error' });
  const tabBody = h('div', { class: 'tab-body' });
  let container = live.containers.find((row) => row.id === id) || null;

  async function act(action) {
    if (action === 'delete') {
      const name = container ? container.name : id.slice(0, 12);
      if (!await confirmDelete(t('containers.deleteText', { name }))) return;
    }
    message.hidden = true;
    head.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await runAction(id, action);
      if (action === 'delete') {
        await live.changed();
        navigate('/ui/containers');
        return;
      }
    } catch (e) {
      message.hidden = false;
      message.textContent = t('containers.actionFailed', { action: t(`action.${action}`),
        message: errorText(e) });
    }
    await live.changed();
    await load();
  }

  function paintHead() {
    const status = container ? container.status : '';
    const running = status === 'running' || status === 'restarting';
    head.replaceChildren(
      h('h1', { 'data-testid': 'container-name' }, container ? container.name : id.slice(0, 12)),
      h('span', { class: `state state-${status}`, 'data-testid': 'container-status' }, t(`state.${status}`, null, status)),
      h('div', { class: 'actions' },
        h('button', { class: 'secondary', disabled: running, 'data-testid': 'detail-start', onclick: () => act('start') },
          t('action.start')),
        h('button', { class: 'secondary', disabled: !running, 'data-testid': 'detail-stop', onclick: () => act('stop') },
          t('action.stop')),
        h('button', { class: 'secondary', 'data-testid': 'detail-restart', onclick: () => act('restart') },
          t('action.restart')),
        h('button', { class: 'danger', 'data-testid': 'detail-delete', onclick: () => act('delete') },
          t('action.delete'))));
  }

  function paintDetails(full) {
    const c = full || container;
    if (!c) return;
    const rows = [
      ['details.id', h('span', { class: 'mono' }, c.id)],
      ['details.image', c.image],
      ['details.cmd', h('span', { class: 'mono' }, commandText(c.cmd) || '—')],
      ['details.env', c.env && c.env.length ? h('span', { class: 'mono' }, c.env.join('\n')) : '—'],
      ['details.created', formatTime(c.created_at, i18n.language)],
    ];
    if (c.state) {
      if (c.state.started_at) rows.push(['details.started', formatTime(c.state.started_at, i18n.language)]);
      if (c.state.exit_code != null && c.status !== 'running') rows.push(['details.exitCode', String(c.state.exit_code)]);
      if (c.state.oom_killed) rows.push(['details.oom', t('common.yes')]);
      if (c.state.error) rows.push(['details.stateError', c.state.error]);
    }
    details.replaceChildren(...rows.flatMap(([key, value]) => [h('dt', null, t(key)), h('dd', null, value)]));
  }

  async function load() {
    try {
      const full = await get(`/containers/${id}`);
      if (disposed) return;
      container = { ...container, ...full };
      paintHead();
      paintDetails(full);
    } catch (e) {
      if (disposed) return;
      message.hidden = false;
      message.textContent = e.message;
    }
  }

  const unsubscribe = live.subscribe(() => {
    const row = live.containers.find((r) => r.id === id);
    if (row && (!container || row.status !== container.status)) {
      container = { ...container, ...row };
      paintHead();
    }
  });

  const tabs = h('div', { role: 'tablist', class: 'tabs' }, ...TABS.map((key) => h('a', { role: 'tab',
    href: `/ui/containers/${id}/${key}`, class: key === tab ? 'tab active' : 'tab', 'aria-selected': String(key === tab),
    'data-testid': `tab-${key}` }, t(`container.tab.${key}`))));

  main.append(h('section', { class: 'panel wide' },
    h('p', null, h('a', { href: '/ui/containers' }, `← ${t('nav.containers')}`)), head, message, details),
  h('section', { class: 'panel wide' }, tabs, tabBody));
  paintHead();
  paintDetails(null);
  load();

  import(`./${tab}.js`).then((module) => {
    if (!disposed) disposeTab = module.render(tabBody, { id, container: () => container });
  });
  return () => {
    disposed = true;
    unsubscribe();
    disposeTab?.();
    clear(tabBody);
  };
}
