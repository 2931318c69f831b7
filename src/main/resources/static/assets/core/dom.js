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

let nextId = 0;

/** An id unique in the page, for label/aria-describedby pairs. */
export function uid(prefix = 'cm') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Text with every case-insensitive occurrence of query wrapped in <mark> (as DOM nodes, never as HTML). */
export function highlight(text, query) {
  if (!query) return [text];
  const out = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(query, from); at >= 0; at = lower.indexOf(query, from)) {
    if (at > from) out.push(text.slice(from, at));
    out.push(h('mark', null, text.slice(at, at + query.length)));
    from = at + query.length;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}
