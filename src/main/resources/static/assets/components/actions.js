// Container actions as every view runs them (the table's row and bulk buttons, the detail page): a confirmation that
// names what goes, a pending state while the engine works ("Stopping... up to 10 s"), a toast when done or failed.
// What is in flight is kept here, outside the views, so that a row still says "Stopping..." after navigating away
// and back.

import { del, errorText, patch } from '../core/api.js';
import { feed } from '../core/feed.js';
import { t } from '../core/i18n.js';
import { confirmDialog } from './dialog.js';
import { toast } from './toast.js';

const PARALLEL = 4; // bulk actions: a few at a time, so five deletes take one engine round, not five
const inFlight = new Map(); // container id -> action
const listeners = new Set();

/** The action in flight for a container, or undefined. */
export function pendingAction(id) {
  return inFlight.get(id);
}

/** Calls listener whenever an action starts or ends; returns the unsubscribe. */
export function onPendingChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setPending(ids, action) {
  for (const id of ids) {
    if (action) inFlight.set(id, action);
    else inFlight.delete(id);
  }
  for (const listener of listeners) listener();
}

/** start, stop, restart or delete one container. */
export function runAction(id, action) {
  return action === 'delete' ? del(`/containers/${id}`) : patch(`/containers/${id}/${action}`);
}

/** "Stopping... up to 10 s": what a container shows while an action runs. */
export function pendingText(action) {
  return t(`pending.${action}`);
}

function nameOf(row) {
  return row.name || row.id.slice(0, 12);
}

/**
 * Runs action on rows ([{id, name}]); asks first for a delete, naming every container. Resolves to
 * {done: ids, failed: [{id, error}]}, or null when the user cancelled.
 */
export async function act(rows, action) {
  if (!rows.length) return null;
  if (action === 'delete') {
    const ok = await confirmDialog({
      title: t('confirm.deleteTitle', { count: rows.length }),
      message: t('confirm.deleteText', { count: rows.length }),
      items: rows.map(nameOf),
      confirm: rows.length === 1 ? t('action.delete') : t('confirm.deleteMany', { count: rows.length }),
      cancel: t('action.cancel'),
    });
    if (!ok) return null;
  }
  const ids = rows.map((row) => row.id);
  setPending(ids, action);
  const done = [];
  const failed = [];
  const queue = rows.slice();
  async function worker() {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        await runAction(row.id, action);
        done.push(row);
      } catch (error) {
        failed.push({ row, error });
      } finally {
        setPending([row.id], null);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
  report(action, done, failed);
  await feed.changed();
  return { done: done.map((row) => row.id), failed };
}

function report(action, done, failed) {
  if (done.length === 1 && !failed.length) toast(t(`done.${action}`, { name: nameOf(done[0]) }));
  else if (done.length > 1) toast(t(`done.${action}.many`, { count: done.length }));
  if (failed.length === 1) {
    toast(
      t('failed.one', {
        action: t(`action.${action}`),
        name: nameOf(failed[0].row),
        message: errorText(failed[0].error),
      }),
      'error',
    );
  } else if (failed.length > 1) {
    toast(
      t('failed.many', {
        action: t(`action.${action}`),
        count: failed.length,
        names: failed.map((f) => nameOf(f.row)).join(', '),
        message: errorText(failed[0].error),
      }),
      'error',
    );
  }
}
