// A modal question (the native <dialog>, so focus is trapped and Escape cancels); focus starts on Cancel.

import { h, uid } from '../core/dom.js';

/**
 * Resolves true when the user confirms. items: what the action touches, listed by name (every one of them: a
 * destructive question names what goes).
 */
export function confirmDialog({ title, message, items = [], confirm, cancel, danger = true }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const textId = uid('dialog-text');
    const dialog = h(
      'dialog',
      {
        class: 'dialog',
        'data-testid': 'confirm-dialog',
        'aria-labelledby': titleId,
        'aria-describedby': textId,
      },
      h('h2', { id: titleId }, title),
      h('p', { id: textId }, message),
      items.length
        ? h(
            'ul',
            {
              class: 'dialog-items mono',
              'data-testid': 'confirm-items',
              tabindex: items.length > 8 ? '0' : null,
            },
            items.map((item) => h('li', null, item)),
          )
        : null,
      h(
        'div',
        { class: 'dialog-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-testid': 'confirm-cancel',
            onclick: () => dialog.close('cancel'),
          },
          cancel,
        ),
        h(
          'button',
          {
            type: 'button',
            class: danger ? 'danger' : 'primary',
            'data-testid': 'confirm-ok',
            onclick: () => dialog.close('ok'),
          },
          confirm,
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
