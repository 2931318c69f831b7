// A container action as every view runs it: the table's row buttons, its bulk buttons and the detail page.

import { del, patch } from '../api.js';
import { confirmDialog } from '../dom.js';
import { t } from '../lib/i18n.js';

/** Asks before a delete; `message` names what goes. Resolves to whether the user confirmed. */
export function confirmDelete(message) {
  return confirmDialog({ title: t('containers.deleteTitle'), message, confirm: t('action.delete'),
    cancel: t('action.cancel') });
}

/** start, stop, restart or delete one container. */
export function runAction(id, action) {
  return action === 'delete' ? del(`/containers/${id}`) : patch(`/containers/${id}/${action}`);
}
