// The containers table: sortable, filterable, virtualised (only the rows in view exist in the DOM), with live
// updates. The user's filter, sort, selection and scroll live in `state`, outside the DOM and outside the data, so
// an update (an event, a poll, another tab's action) re-runs the same filter and sort on new rows and never resets
// them.

import { errorText } from '../api.js';
import { clear, h } from '../dom.js';
import { i18n, t } from '../lib/i18n.js';
import { formatTime } from '../lib/format.js';
import { commandText, filterRows, sortRows, visibleRange } from '../lib/table.js';
import { live } from '../live.js';
import { confirmDelete, runAction } from './actions.js';

const ROW_HEIGHT = 44;
const COLUMNS = [
  ['name', 'containers.col.name'],
  ['image', 'containers.col.image'],
  ['status', 'containers.col.status'],
  ['created_at', 'containers.col.created'],
  ['cmd', 'containers.col.command'],
];

// Kept across renders (language switch, leaving and coming back): the user's own choices.
const state = { query: '', status: '', sort: 'created_at', direction: 'desc', selected: new Set(), scrollTop: 0 };
const pending = new Map(); // container id -> operation in flight
let marked = false;

export function render(main) {
  let rows = [];
  const viewport = h('div', { class: 'vt-viewport', 'data-testid': 'containers-viewport', tabindex: '0',
    role: 'rowgroup' });
  const spacer = h('div', { class: 'vt-spacer' });
  viewport.append(spacer);
  const pool = [];
  const counter = h('span', { class: 'muted', 'data-testid': 'containers-count' });
  const modeBadge = h('span', { class: 'badge', 'data-testid': 'live-mode' });
  const errorBox = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'containers-error' });
  const bulk = h('div', { class: 'bulk', 'data-testid': 'bulk' });
  const headerCheck = h('input', { type: 'checkbox', 'aria-label': t('containers.selectAll'),
    'data-testid': 'select-all', onchange: (e) => {
      if (e.target.checked) rows.forEach((row) => state.selected.add(row.id));
      else rows.forEach((row) => state.selected.delete(row.id));
      update();
    } });
  const table = h('div', { class: 'vt', role: 'table', 'aria-label': t('containers.title'),
    'data-testid': 'containers-table' });

  const filter = h('input', { type: 'search', placeholder: t('containers.filter'), value: state.query,
    'aria-label': t('containers.filter'), 'data-testid': 'filter',
    oninput: (e) => {
      state.query = e.target.value;
      viewport.scrollTop = 0;
      update();
    } });
  const statusSelect = h('select', { 'aria-label': t('containers.col.status'), 'data-testid': 'status-filter',
    onchange: (e) => {
      state.status = e.target.value;
      update();
    } },
  h('option', { value: '' }, t('containers.allStates')),
  ...['running', 'created', 'exited', 'paused', 'restarting', 'dead'].map((s) =>
    h('option', { value: s, selected: state.status === s }, t(`state.${s}`))));

  const headerCells = COLUMNS.map(([key, label]) => {
    const button = h('button', { type: 'button', class: 'sort', 'data-sort': key, 'data-testid': `sort-${key}`,
      onclick: () => {
        if (state.sort === key) state.direction = state.direction === 'asc' ? 'desc' : 'asc';
        else {
          state.sort = key;
          state.direction = key === 'created_at' ? 'desc' : 'asc';
        }
        update();
      } }, t(label));
    return h('div', { role: 'columnheader', class: `cell c-${key}` }, button);
  });
  const header = h('div', { class: 'vt-row vt-head', role: 'row' },
    h('div', { role: 'columnheader', class: 'cell c-check' }, headerCheck), ...headerCells,
    h('div', { role: 'columnheader', class: 'cell c-actions' }, t('containers.col.actions')));
  table.append(header, viewport);

  async function act(id, action) {
    if (action === 'delete') {
      const row = live.containers.find((r) => r.id === id);
      if (!await confirmDelete(t('containers.deleteText', { name: row ? row.name : id.slice(0, 12) }))) return;
    }
    pending.set(id, action);
    update();
    try {
      await runAction(id, action);
      if (action === 'delete') state.selected.delete(id);
      errorBox.hidden = true;
    } catch (e) {
      errorBox.hidden = false;
      errorBox.dataset.source = 'action';
      errorBox.textContent = t('containers.actionFailed', { action: t(`action.${action}`),
        message: errorText(e) });
    } finally {
      pending.delete(id);
      await live.changed();
    }
  }

  async function bulkAct(action) {
    const ids = [...state.selected].filter((id) => live.containers.some((r) => r.id === id));
    if (!ids.length) return;
    if (action === 'delete') {
      if (!await confirmDelete(t('containers.deleteMany', { count: ids.length }))) return;
    }
    ids.forEach((id) => pending.set(id, action));
    update();
    const failures = [];
    for (const id of ids) {
      try {
        await runAction(id, action);
        if (action === 'delete') state.selected.delete(id);
      } catch (e) {
        failures.push(e.message);
      } finally {
        pending.delete(id);
      }
    }
    errorBox.hidden = failures.length === 0;
    errorBox.textContent = failures.length ? t('containers.bulkFailed', { count: failures.length,
      message: failures[0] }) : '';
    await live.changed();
  }

  viewport.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    if (button) {
      act(button.closest('[data-id]').dataset.id, button.dataset.action);
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
  viewport.addEventListener('scroll', () => {
    state.scrollTop = viewport.scrollTop;
    paint();
  }, { passive: true });

  function makeRow() {
    const el = h('div', { class: 'vt-row', role: 'row' });
    el.check = h('input', { type: 'checkbox', 'data-testid': 'row-select' });
    el.name = h('a', { 'data-testid': 'row-name' });
    el.image = h('div', { role: 'cell', class: 'cell c-image' });
    el.status = h('span', { class: 'state', 'data-testid': 'row-status' });
    el.created = h('div', { role: 'cell', class: 'cell c-created_at' });
    el.cmd = h('div', { role: 'cell', class: 'cell c-cmd mono' });
    el.actions = ['start', 'stop', 'restart', 'delete'].map((action) => h('button', { type: 'button',
      class: action === 'delete' ? 'small danger' : 'small secondary', 'data-action': action,
      'data-testid': `row-${action}` }, t(`action.${action}`)));
    el.append(h('div', { role: 'cell', class: 'cell c-check' }, el.check),
      h('div', { role: 'cell', class: 'cell c-name' }, el.name), el.image,
      h('div', { role: 'cell', class: 'cell c-status' }, el.status), el.created, el.cmd,
      h('div', { role: 'cell', class: 'cell c-actions' }, ...el.actions));
    viewport.append(el);
    return el;
  }

  function fill(el, row, index) {
    el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    if (el.dataset.id !== row.id) {
      el.dataset.id = row.id;
      el.name.href = `/ui/containers/${row.id}`;
    }
    el.dataset.status = row.status;
    el.setAttribute('aria-rowindex', String(index + 2));
    el.name.textContent = row.name || row.id.slice(0, 12);
    el.name.title = row.id;
    el.image.textContent = row.image;
    el.status.textContent = t(`state.${row.status}`, null, row.status);
    el.status.className = `state state-${row.status}`;
    el.created.textContent = formatTime(row.created_at, i18n.language);
    el.cmd.textContent = commandText(row.cmd);
    el.cmd.title = commandText(row.cmd);
    el.check.checked = state.selected.has(row.id);
    el.classList.toggle('selected', state.selected.has(row.id));
    const busy = pending.get(row.id);
    const running = row.status === 'running' || row.status === 'restarting';
    for (const button of el.actions) {
      const action = button.dataset.action;
      button.disabled = Boolean(busy) || (action === 'start' && running) || (action === 'stop' && !running);
      button.classList.toggle('busy', busy === action);
    }
  }

  function paint() {
    const { first, last } = visibleRange(viewport.scrollTop, viewport.clientHeight || 600, ROW_HEIGHT, rows.length);
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

  function update() {
    rows = sortRows(filterRows(live.containers, state.query, state.status), state.sort, state.direction);
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    viewport.style.height = `${Math.max(1, rows.length) * ROW_HEIGHT}px`; // capped by max-height in the CSS
    for (const cell of headerCells) {
      const key = cell.firstChild.dataset.sort;
      cell.setAttribute('aria-sort', key === state.sort ? (state.direction === 'asc' ? 'ascending' : 'descending')
        : 'none');
    }
    const visibleSelected = rows.filter((row) => state.selected.has(row.id)).length;
    headerCheck.checked = rows.length > 0 && visibleSelected === rows.length;
    headerCheck.indeterminate = visibleSelected > 0 && visibleSelected < rows.length;
    for (const id of [...state.selected]) {
      if (live.loaded && !live.containers.some((row) => row.id === id)) state.selected.delete(id);
    }
    counter.textContent = live.loaded ? t('containers.count', { shown: rows.length, total: live.containers.length })
      : t('common.loading');
    clear(bulk);
    if (state.selected.size) {
      bulk.append(h('span', { 'data-testid': 'selected-count' }, t('containers.selected', { count: state.selected.size })),
        ...['start', 'stop', 'delete'].map((action) => h('button', { type: 'button',
          class: action === 'delete' ? 'small danger' : 'small secondary', 'data-testid': `bulk-${action}`,
          onclick: () => bulkAct(action) }, t(`action.${action}`))),
        h('button', { type: 'button', class: 'small link', onclick: () => {
          state.selected.clear();
          update();
        } }, t('containers.clearSelection')));
    }
    modeBadge.textContent = t(`live.${live.mode}`);
    modeBadge.className = `badge live-${live.mode}`;
    if (live.error) {
      errorBox.hidden = false;
      errorBox.dataset.source = 'list';
      errorBox.textContent = live.error.message;
    } else if (errorBox.dataset.source === 'list') {
      errorBox.hidden = true;
      delete errorBox.dataset.source;
    }
    empty.hidden = !(live.loaded && rows.length === 0);
    empty.textContent = live.containers.length ? t('containers.noMatch') : t('containers.none');
    paint();
    table.dataset.ready = String(live.loaded);
    table.dataset.count = String(rows.length);
    if (live.loaded && !marked) {
      marked = true;
      performance.mark('cm-containers-ready');
    }
  }

  const empty = h('p', { class: 'empty muted', hidden: true, 'data-testid': 'containers-empty' });
  main.append(h('section', { class: 'panel wide' },
    h('div', { class: 'title-row' }, h('h1', null, t('containers.title')), modeBadge,
      h('a', { href: '/ui/containers/new', class: 'button primary', 'data-testid': 'new-container' },
        t('containers.new'))),
    h('div', { class: 'toolbar' }, filter, statusSelect, counter, bulk),
    errorBox, table, empty));

  const unsubscribe = live.subscribe(update);
  update();
  viewport.scrollTop = state.scrollTop;
  paint();
  if (!live.loaded) live.refresh();
  return unsubscribe;
}
