// The containers table: sortable, filterable, virtualised (only the rows in view exist in the DOM), with live
// updates. The user's filter, sort, selection and scroll live in `state`, outside the DOM and outside the data, so
// an update (an event, a poll, another tab's action) re-runs the same filter and sort on new rows and never resets
// them. The selection only ever holds rows the user can see: a filter that hides a row unselects it, so a bulk
// action can never reach a container that is not on the screen. On a phone the rows are cards.

import { h } from '../core/dom.js';
import { feed } from '../core/feed.js';
import { i18n, t, term } from '../core/i18n.js';
import { errorText } from '../core/api.js';
import { formatTime, timeLeft } from '../core/format.js';
import { commandText, filterRows, isRunning, keepOrder, sortRows, stateTone } from '../core/containers.js';
import { act, onPendingChange, pendingAction, pendingText } from '../components/actions.js';
import { visibleRange } from '../components/virtual.js';

const ROW_HEIGHT = 44;
const CARD_HEIGHT = 116;
const PHONE = '(max-width: 640px)';
const COLUMNS = [
  ['name', 'containers.col.name'],
  ['image', 'containers.col.image'],
  ['status', 'containers.col.status'],
  ['created_at', 'containers.col.created'],
  ['cmd', 'containers.col.command'],
];
const ROW_ACTIONS = ['start', 'stop', 'restart', 'delete'];
const BULK_ACTIONS = ['start', 'stop', 'restart', 'delete'];

// Kept across renders (language switch, leaving and coming back): the user's own choices.
const state = { query: '', status: '', sort: 'created_at', direction: 'desc', selected: new Set(), scrollTop: 0 };
let marked = false;

export function render(main) {
  let rows = [];
  let shownIds = [];
  let pointerInside = false;
  const phone = window.matchMedia(PHONE);
  const rowHeight = () => (phone.matches ? CARD_HEIGHT : ROW_HEIGHT);
  const viewport = h('div', {
    class: 'vt-viewport',
    'data-testid': 'containers-viewport',
    role: 'rowgroup',
  });
  const spacer = h('div', { class: 'vt-spacer', 'aria-hidden': 'true' });
  viewport.append(spacer);
  const pool = [];
  const counter = h('span', { class: 'muted', 'data-testid': 'containers-count', 'aria-live': 'polite' });
  const modeBadge = h('span', { class: 'badge', 'data-testid': 'live-mode' });
  const errorBox = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'containers-error' });
  const bulk = h('div', { class: 'bulk', 'data-testid': 'bulk', role: 'group', 'aria-label': t('containers.bulk') });
  const headerCheck = h('input', {
    type: 'checkbox',
    'aria-label': t('containers.selectAll'),
    'data-testid': 'select-all',
    onchange: (e) => {
      if (e.target.checked) rows.forEach((row) => state.selected.add(row.id));
      else rows.forEach((row) => state.selected.delete(row.id));
      update();
    },
  });
  const table = h('div', {
    class: 'vt',
    role: 'table',
    'aria-label': t('containers.title'),
    'data-testid': 'containers-table',
  });

  const filter = h('input', {
    type: 'search',
    placeholder: t('containers.filter'),
    value: state.query,
    'aria-label': t('containers.filter'),
    'data-testid': 'filter',
    oninput: (e) => {
      state.query = e.target.value;
      viewport.scrollTop = 0;
      update({ resort: true });
    },
  });
  const statusSelect = h(
    'select',
    {
      'aria-label': t('containers.col.status'),
      'data-testid': 'status-filter',
      onchange: (e) => {
        state.status = e.target.value;
        update({ resort: true });
      },
    },
    h('option', { value: '' }, t('containers.allStates')),
    ...['running', 'created', 'exited', 'paused', 'restarting', 'dead'].map((s) =>
      h('option', { value: s, selected: state.status === s }, term('state', s)),
    ),
  );

  const headerCells = COLUMNS.map(([key, label]) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'sort',
        'data-sort': key,
        'data-testid': `sort-${key}`,
        onclick: () => {
          if (state.sort === key) state.direction = state.direction === 'asc' ? 'desc' : 'asc';
          else {
            state.sort = key;
            state.direction = key === 'created_at' ? 'desc' : 'asc';
          }
          update({ resort: true });
        },
      },
      t(label),
    );
    return h('div', { role: 'columnheader', class: `cell c-${key}` }, button);
  });
  const header = h(
    'div',
    { class: 'vt-row vt-head', role: 'row' },
    h('div', { role: 'columnheader', class: 'cell c-check' }, headerCheck),
    ...headerCells,
    h('div', { role: 'columnheader', class: 'cell c-actions' }, t('containers.col.actions')),
  );
  table.append(h('div', { role: 'rowgroup', class: 'vt-headgroup' }, header), viewport);

  function rowsFor(ids) {
    return ids.map((id) => feed.containers.find((r) => r.id === id)).filter(Boolean);
  }

  async function run(targets, action) {
    errorBox.hidden = true;
    const result = await act(targets, action);
    if (result && action === 'delete') result.done.forEach((id) => state.selected.delete(id));
    update();
  }

  viewport.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    if (button) {
      run(rowsFor([button.closest('[data-id]').dataset.id]), button.dataset.action);
      return;
    }
    const check = e.target.closest('input[type=checkbox]');
    if (check) {
      const id = check.closest('[data-id]').dataset.id;
      if (check.checked) state.selected.add(id);
      else state.selected.delete(id);
      update();
    }
  });
  viewport.addEventListener(
    'scroll',
    () => {
      state.scrollTop = viewport.scrollTop;
      paint();
    },
    { passive: true },
  );
  // While the pointer is over the rows they keep their places; a live change re-sorts once the pointer leaves.
  viewport.addEventListener('pointerenter', () => {
    pointerInside = true;
  });
  viewport.addEventListener('pointerleave', () => {
    pointerInside = false;
    update({ resort: true });
  });

  function makeRow() {
    const el = h('div', { class: 'vt-row', role: 'row' });
    el.check = h('input', { type: 'checkbox', 'data-testid': 'row-select' });
    el.name = h('a', { 'data-testid': 'row-name', class: 'row-name' });
    el.image = h('div', { role: 'cell', class: 'cell c-image' });
    el.status = h('span', { class: 'state', 'data-testid': 'row-status' });
    el.lifecycle = h('span', { class: 'lifecycle muted', 'data-testid': 'row-lifecycle' });
    el.created = h('div', { role: 'cell', class: 'cell c-created_at' });
    el.cmd = h('div', { role: 'cell', class: 'cell c-cmd mono' });
    el.actions = ROW_ACTIONS.map((action) =>
      h(
        'button',
        {
          type: 'button',
          class: action === 'delete' ? 'small danger' : 'small secondary',
          'data-action': action,
          'data-testid': `row-${action}`,
        },
        t(`action.${action}`),
      ),
    );
    el.append(
      h('div', { role: 'cell', class: 'cell c-check' }, el.check),
      h('div', { role: 'cell', class: 'cell c-name' }, el.name),
      el.image,
      h('div', { role: 'cell', class: 'cell c-status' }, el.status, el.lifecycle),
      el.created,
      el.cmd,
      h('div', { role: 'cell', class: 'cell c-actions' }, ...el.actions),
    );
    viewport.append(el);
    return el;
  }

  function fill(el, row, index) {
    el.style.transform = `translateY(${index * rowHeight()}px)`;
    const name = row.name || row.id.slice(0, 12);
    if (el.dataset.id !== row.id) {
      el.dataset.id = row.id;
      el.name.href = `/ui/containers/${row.id}`;
    }
    el.dataset.status = row.status;
    el.setAttribute('aria-rowindex', String(index + 2));
    el.name.textContent = name;
    el.name.title = row.id;
    el.check.setAttribute('aria-label', t('containers.selectOne', { name }));
    el.image.textContent = row.image;
    const busy = pendingAction(row.id);
    el.status.textContent = busy ? pendingText(busy) : term('state', row.status);
    el.status.className = busy
      ? 'state tone-pending'
      : `state state-${row.status} tone-${stateTone(row.status, row.exit_code)}`;
    el.status.title = row.exit_code != null ? t('details.exitCodeShort', { code: row.exit_code }) : '';
    el.lifecycle.textContent = lifecycleText(row);
    if (busy) el.dataset.pending = busy;
    else delete el.dataset.pending;
    el.created.textContent = formatTime(row.created_at, i18n.language);
    el.cmd.textContent = commandText(row.cmd);
    el.cmd.title = commandText(row.cmd);
    el.check.checked = state.selected.has(row.id);
    el.classList.toggle('selected', state.selected.has(row.id));
    const running = isRunning(row.status);
    for (const button of el.actions) {
      const action = button.dataset.action;
      button.setAttribute('aria-label', t('action.named', { action: t(`action.${action}`), name }));
      button.disabled = Boolean(busy) || (action === 'start' && running) || (action === 'stop' && !running);
      button.classList.toggle('busy', busy === action);
    }
  }

  function paint() {
    const height = rowHeight();
    const { first, last } = visibleRange(viewport.scrollTop, viewport.clientHeight || 600, height, rows.length);
    const needed = last - first;
    while (pool.length < needed) pool.push(makeRow());
    for (let i = 0; i < pool.length; i++) {
      const el = pool[i];
      if (i < needed) {
        el.hidden = false;
        fill(el, rows[first + i], first + i);
      } else {
        el.hidden = true;
        delete el.dataset.id;
      }
    }
  }

  function paintBulk(selectedRows) {
    bulk.replaceChildren();
    if (!selectedRows.length) return;
    bulk.append(
      h('span', { 'data-testid': 'selected-count' }, t('containers.selected', { count: selectedRows.length })),
      ...BULK_ACTIONS.map((action) =>
        h(
          'button',
          {
            type: 'button',
            class: action === 'delete' ? 'small danger' : 'small secondary',
            'data-testid': `bulk-${action}`,
            onclick: () => run(rowsFor([...state.selected]), action),
          },
          t(`action.${action}`),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'small link',
          'data-testid': 'clear-selection',
          onclick: () => {
            state.selected.clear();
            update();
          },
        },
        t('containers.clearSelection'),
      ),
    );
  }

  function update({ resort = false } = {}) {
    const fresh = sortRows(filterRows(feed.containers, state.query, state.status), state.sort, state.direction);
    rows = pointerInside && !resort ? keepOrder(fresh, shownIds) : fresh;
    shownIds = rows.map((row) => row.id);
    const height = rowHeight();
    spacer.style.height = `${rows.length * height}px`;
    viewport.style.height = `${rows.length * height}px`; // capped by max-height in the CSS
    viewport.hidden = rows.length === 0;
    for (const cell of headerCells) {
      const key = cell.firstChild.dataset.sort;
      cell.setAttribute(
        'aria-sort',
        key === state.sort ? (state.direction === 'asc' ? 'ascending' : 'descending') : 'none',
      );
    }
    // The selection is what is selected and visible: a row the filter hides (or that is gone) leaves it.
    const visible = new Set(shownIds);
    if (feed.loaded) for (const id of [...state.selected]) if (!visible.has(id)) state.selected.delete(id);
    const selectedRows = rows.filter((row) => state.selected.has(row.id));
    headerCheck.checked = rows.length > 0 && selectedRows.length === rows.length;
    headerCheck.indeterminate = selectedRows.length > 0 && selectedRows.length < rows.length;
    const total = feed.containers.length;
    counter.textContent = !feed.loaded
      ? t('common.loading')
      : rows.length === total
        ? t('containers.countAll', { count: total })
        : t('containers.count', { shown: rows.length, count: total });
    paintBulk(selectedRows);
    modeBadge.textContent = t(`live.${feed.mode}`);
    modeBadge.className = `badge live-${feed.mode}`;
    if (feed.error) {
      errorBox.hidden = false;
      errorBox.dataset.source = 'list';
      errorBox.textContent = errorText(feed.error);
    } else if (errorBox.dataset.source === 'list') {
      errorBox.hidden = true;
      delete errorBox.dataset.source;
    }
    empty.hidden = !(feed.loaded && rows.length === 0);
    empty.replaceChildren(
      ...(total
        ? [t('containers.noMatch')]
        : [
            t('containers.none'),
            ' ',
            h('a', { href: '/ui/containers/new', 'data-testid': 'empty-create' }, t('containers.createOne')),
          ]),
    );
    paint();
    table.dataset.ready = String(feed.loaded);
    table.dataset.count = String(rows.length);
    if (feed.loaded && !marked) {
      marked = true;
      performance.mark('cm-containers-ready');
    }
  }

  const notices = h('div', { class: 'notices', 'data-testid': 'lifecycle-notices', 'aria-live': 'polite' });

  /** The policy's warnings, each with a button that keeps its container running. */
  function paintNotices() {
    notices.replaceChildren(
      ...[...feed.warnings.values()].map((warning) => {
        const row = feed.containers.find((r) => r.id === warning.container_id);
        const name = row ? row.name || row.id.slice(0, 12) : warning.container_id.slice(0, 12);
        const keep = h(
          'button',
          { type: 'button', class: 'small', 'data-testid': 'keep-running' },
          t('lifecycle.keepRunning'),
        );
        keep.setAttribute('aria-label', t('action.named', { action: t('lifecycle.keepRunning'), name }));
        keep.addEventListener('click', async () => {
          keep.disabled = true;
          try {
            await feed.keepalive(warning.container_id);
          } catch (e) {
            keep.disabled = false;
            errorBox.hidden = false;
            errorBox.textContent = errorText(e);
          }
        });
        return h(
          'p',
          { class: 'message info notice', 'data-testid': 'lifecycle-notice', 'data-id': warning.container_id },
          t('lifecycle.warning', {
            name,
            time: durationText(timeLeft(warning.stops_at)),
            reason: t(`lifecycle.reason.${warning.reason}`),
          }),
          ' ',
          keep,
        );
      }),
    );
  }

  const empty = h('p', { class: 'empty muted', hidden: true, 'data-testid': 'containers-empty' });
  main.append(
    h(
      'section',
      { class: 'panel wide' },
      h(
        'div',
        { class: 'title-row' },
        h('h1', null, t('containers.title')),
        modeBadge,
        h(
          'a',
          { href: '/ui/containers/new', class: 'button primary', 'data-testid': 'new-container' },
          t('containers.new'),
        ),
      ),
      h('div', { class: 'toolbar' }, filter, statusSelect, counter),
      bulk,
      errorBox,
      notices,
      table,
      empty,
    ),
  );

  const unsubscribe = feed.subscribe(() => {
    update();
    paintNotices();
  });
  // The countdowns move on by themselves: a repaint a minute is all they need (they count whole minutes).
  const ticking = setInterval(() => {
    paint();
    paintNotices();
  }, 30000);
  paintNotices();
  const unsubscribePending = onPendingChange(() => update());
  const onLayout = () => {
    pool.forEach((el) => el.remove());
    pool.length = 0;
    update({ resort: true });
  };
  phone.addEventListener('change', onLayout);
  update({ resort: true });
  viewport.scrollTop = state.scrollTop;
  paint();
  if (!feed.loaded) feed.refresh();
  return () => {
    unsubscribe();
    unsubscribePending();
    clearInterval(ticking);
    phone.removeEventListener('change', onLayout);
  };
}

/** "1 h 12 min", "9 min", "under a minute", in the user's language. */
function durationText(left) {
  if (!left) return '';
  if (left.h > 0) return t('lifecycle.hours', { h: left.h, m: left.m });
  if (left.m > 0) return t('lifecycle.minutes', { m: left.m });
  return t('lifecycle.underAMinute');
}

/** A running container's countdown ("stops in 1 h 12 min, idle"); a stopped one's reason ("stopped: idle"). */
function lifecycleText(row) {
  if (isRunning(row.status) && row.stops_at) {
    return t('lifecycle.stopsIn', {
      time: durationText(timeLeft(row.stops_at)),
      reason: t(`lifecycle.reason.${row.stop_reason}`),
    });
  }
  if (!isRunning(row.status) && row.stop_reason) {
    return t('lifecycle.stoppedBy', { reason: t(`lifecycle.reason.${row.stop_reason}`) });
  }
  return '';
}
