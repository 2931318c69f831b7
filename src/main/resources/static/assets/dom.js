// A tiny DOM builder: text goes in as text (never parsed as HTML), handlers are attached with addEventListener,
// and no element gets a style attribute, so the page runs under a Content-Security-Policy without 'unsafe-inline'.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
      else if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key in el && typeof value !== 'string') el[key] = value;
      else if (key === 'value' || key === 'checked') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A modal question; resolves true when the user confirms. */
export function confirmDialog({ title, message, confirm, cancel, danger = true }) {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'dialog', 'data-testid': 'confirm-dialog' },
      h('h2', null, title),
      h('p', null, message),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'confirm-cancel', onclick: () => dialog.close('cancel') }, cancel),
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', 'data-testid': 'confirm-ok', onclick: () => dialog.close('ok') }, confirm),
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
