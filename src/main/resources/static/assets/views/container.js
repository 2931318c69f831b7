// One container: details and actions, then three tabs: logs, stats, console. A tab's panel is made on first visit
// and kept while the page is open, so switching tabs keeps the console's shell and the charts' history. A container
// that no longer exists (deleted here, elsewhere, or before the page was opened) gets a page that says so.

import { ApiError, errorText, get } from '../core/api.js';
import { h } from '../core/dom.js';
import { feed } from '../core/feed.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatTime } from '../core/format.js';
import { commandText, isRunning, stateTone } from '../core/containers.js';
import { act, onPendingChange, pendingAction, pendingText } from '../components/actions.js';
import { tabList } from '../components/tabs.js';
import { portsSection } from '../components/ports.js';

const TABS = ['logs', 'stats', 'console'];
const LOADERS = {
  logs: () => import('./logs.js'),
  stats: () => import('./stats.js'),
  console: () => import('./console.js'),
};

export function render(main, { params, navigate, setTitle }) {
  const id = params.id;
  let tab = params.tab || 'logs';
  let disposed = false;
  let gone = false;
  let deletingHere = false;
  const panels = new Map(); // tab -> {el, dispose}
  const head = h('div', { class: 'title-row' });
  const details = h('dl', { class: 'details', 'data-testid': 'container-details' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'container-error' });
  const panelBox = h('div', { class: 'tab-panels' });
  let container = feed.containers.find((row) => row.id === id) || null;
  const ports = portsSection({ id, name: () => nameOf(), container: () => container });

  const tabs = tabList({
    tabs: TABS.map((key) => ({ key, label: t(`container.tab.${key}`), href: `/ui/containers/${id}/${key}` })),
    selected: tab,
    label: t('container.tabs'),
    idOf: (key) => key,
    onSelect: (key) => navigate(`/ui/containers/${id}/${key}`),
  });

  function nameOf() {
    return container?.name || id.slice(0, 12);
  }

  async function run(action) {
    message.hidden = true;
    if (action === 'delete') deletingHere = true;
    const result = await act([{ id, name: nameOf() }], action);
    if (disposed) return;
    if (action === 'delete') {
      deletingHere = false;
      if (result?.done.length) {
        navigate('/ui/containers');
        return;
      }
    }
    if (result) await load();
  }

  function actionButton(action, disabled) {
    return h(
      'button',
      {
        class: action === 'delete' ? 'danger' : 'secondary',
        disabled,
        'aria-label': t('action.named', { action: t(`action.${action}`), name: nameOf() }),
        'data-testid': `detail-${action}`,
        onclick: () => run(action),
      },
      t(`action.${action}`),
    );
  }

  function paintHead() {
    if (gone) return;
    const status = container?.status || '';
    const busy = pendingAction(id);
    const running = isRunning(status);
    const exitCode = container?.state?.exit_code ?? container?.exit_code;
    head.replaceChildren(
      h('h1', { 'data-testid': 'container-name' }, nameOf()),
      status || busy
        ? h(
            'span',
            {
              class: busy ? 'state tone-pending' : `state state-${status} tone-${stateTone(status, exitCode)}`,
              'data-testid': 'container-status',
              dataset: { status, pending: busy || '' },
            },
            busy ? pendingText(busy) : term('state', status),
          )
        : null,
      h(
        'div',
        { class: 'actions' },
        actionButton('start', Boolean(busy) || running || !status),
        actionButton('stop', Boolean(busy) || !running),
        actionButton('restart', Boolean(busy) || !status),
        actionButton('delete', Boolean(busy)),
      ),
    );
    if (container?.name) setTitle(container.name);
  }

  function paintDetails() {
    const c = container;
    if (!c || gone) return;
    const rows = [
      ['details.id', h('span', { class: 'mono' }, c.id || id)],
      ['details.image', c.image],
      ['details.cmd', h('span', { class: 'mono' }, commandText(c.cmd) || '—')],
      ['details.env', c.env && c.env.length ? h('span', { class: 'mono' }, c.env.join('\n')) : '—'],
      ['details.created', formatTime(c.created_at, i18n.language)],
    ];
    if (c.state) {
      // The engine says 0001-01-01 for "never started".
      if (c.state.started_at && Date.parse(c.state.started_at) > 0) {
        rows.push(['details.started', formatTime(c.state.started_at, i18n.language)]);
      }
      if (c.state.exit_code != null && (c.status === 'exited' || c.status === 'dead')) {
        rows.push(['details.exitCode', String(c.state.exit_code)]);
      }
      if (c.state.oom_killed) rows.push(['details.oom', t('common.yes')]);
      if (c.state.error) rows.push(['details.stateError', c.state.error]);
    }
    details.replaceChildren(...rows.flatMap(([key, value]) => [h('dt', null, t(key)), h('dd', null, value)]));
  }

  /** The page of a container that is not there (any more): what happened, and where to go; nothing to act on. */
  function showGone() {
    if (gone || disposed) return;
    gone = true;
    disposeTabs();
    setTitle(t('container.goneTitle'));
    main.replaceChildren(
      h(
        'section',
        { class: 'panel narrow', 'data-testid': 'container-gone' },
        h('h1', { tabindex: '-1' }, t('container.goneTitle')),
        h('p', null, t('container.goneText', { name: nameOf() })),
        h('p', { class: 'muted mono' }, id),
        h(
          'div',
          { class: 'actions' },
          h('a', { href: '/ui/containers', class: 'button primary' }, t('notFound.back')),
          h('a', { href: '/ui/jobs', class: 'button secondary' }, t('nav.jobs')),
        ),
      ),
    );
    main.querySelector('h1').focus({ preventScroll: true });
  }

  async function load() {
    try {
      const full = await get(`/containers/${id}`);
      if (disposed) return;
      container = { ...container, ...full };
      message.hidden = true;
      paintHead();
      paintDetails();
      ports.update();
    } catch (e) {
      if (disposed) return;
      if (e instanceof ApiError && e.status === 404 && !e.endpointMissing) {
        showGone();
        return;
      }
      message.hidden = false;
      message.textContent = errorText(e);
    }
  }

  const unsubscribe = feed.subscribe(() => {
    const row = feed.containers.find((r) => r.id === id);
    if (row && (!container || row.status !== container.status)) {
      container = { ...container, ...row };
      if (container.state && row.status !== container.state.status) load(); // new exit code, start time
      paintHead();
      ports.update();
    }
  });
  const unsubscribeEvents = feed.subscribeContainers((event) => {
    if (event.container_id === id && event.action === 'removed' && !deletingHere) showGone();
  });
  const unsubscribePending = onPendingChange(paintHead);

  function showTab(key) {
    tab = key;
    tabs.select(key);
    for (const [name, panel] of panels) panel.el.hidden = name !== key;
    if (panels.has(key)) {
      panels.get(key).show?.();
      return;
    }
    const el = h('div', {
      class: 'tab-body',
      role: 'tabpanel',
      id: `panel-${key}`,
      'aria-labelledby': `tab-${key}`,
      'data-testid': `panel-${key}`,
    });
    const panel = { el, dispose: null, show: null };
    panels.set(key, panel);
    panelBox.append(el);
    LOADERS[key]().then((module) => {
      if (disposed || gone) return;
      const result = module.render(el, { id, container: () => container, name: nameOf });
      if (typeof result === 'function') panel.dispose = result;
      else if (result) Object.assign(panel, result);
    });
  }

  function disposeTabs() {
    for (const panel of panels.values()) panel.dispose?.();
    panels.clear();
  }

  main.append(
    h(
      'section',
      { class: 'panel wide' },
      h('p', { class: 'back' }, h('a', { href: '/ui/containers' }, `← ${t('nav.containers')}`)),
      head,
      message,
      // On a phone the details fold away, so the tabs (what people come for) are within reach.
      h(
        'details',
        { class: 'details-box', open: !window.matchMedia('(max-width: 640px)').matches },
        h('summary', null, t('details.title')),
        details,
      ),
    ),
    ports.el,
    h('section', { class: 'panel wide' }, tabs.el, panelBox),
  );
  paintHead();
  paintDetails();
  load();
  showTab(tab);

  return {
    /** Another tab of the same container: show it, keep the rest. */
    update(next) {
      if (next.id !== id || gone) return false;
      showTab(next.tab || 'logs');
      return true;
    },
    dispose() {
      disposed = true;
      unsubscribe();
      unsubscribeEvents();
      unsubscribePending();
      ports.dispose();
      disposeTabs();
    },
  };
}
