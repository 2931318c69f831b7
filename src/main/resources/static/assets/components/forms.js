// Form errors at the field they are about: the message under the field, the field marked invalid for screen readers
// (aria-invalid, aria-describedby), and the first invalid field focused.

import { h, uid } from '../core/dom.js';

/** Marks input invalid with text shown under it (or under `after`, when given). */
export function fieldError(input, text, after = input) {
  const id = input.dataset.errorId || uid('error');
  input.dataset.errorId = id;
  let note = document.getElementById(id);
  if (!note) {
    note = h('small', { id, class: 'field-error', 'data-testid': 'field-error' });
    after.after(note);
  }
  note.textContent = text;
  input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!described.includes(id)) input.setAttribute('aria-describedby', [...described, id].join(' '));
  return input;
}

/** Removes every field error inside root. */
export function clearFieldErrors(root) {
  for (const input of root.querySelectorAll('[aria-invalid=true]')) {
    input.removeAttribute('aria-invalid');
    const id = input.dataset.errorId;
    const described = (input.getAttribute('aria-describedby') || '').split(' ').filter((d) => d && d !== id);
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
  }
  for (const note of root.querySelectorAll('.field-error')) note.remove();
}

/**
 * Which of the named fields a server error is about: by its code (e.g. "invalid_username"), else by the message's
 * first word ("username must be ..."), else null (the error is shown for the whole form).
 */
export function fieldOf(error, names) {
  const code = String(error?.code || '');
  const message = String(error?.message || '').toLowerCase();
  return (
    names.find((name) => code === name || code.endsWith(`_${name}`) || code.startsWith(`${name}_`)) ||
    names.find(
      (name) =>
        message.startsWith(`${name} `) || message.startsWith(`${name}:`) || message.startsWith(`invalid ${name}`),
    ) ||
    null
  );
}
