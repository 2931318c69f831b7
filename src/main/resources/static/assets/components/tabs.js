// A tab list as the ARIA pattern has it: one tab in the Tab order, the arrow keys (and Home, End) move between tabs
// and select them.

import { h } from '../core/dom.js';

/**
 * tabs: [{key, label, href?}]; onSelect(key) is called on a click or an arrow key. Returns {el, select(key)}.
 * With href the tabs are links (a new tab or a bookmark works); the click is still the caller's to route.
 */
export function tabList({ tabs, selected, onSelect, label, idOf }) {
  const buttons = tabs.map(({ key, label: text, href }) =>
    h(
      href ? 'a' : 'button',
      {
        role: 'tab',
        type: href ? null : 'button',
        href,
        id: idOf ? `tab-${idOf(key)}` : null,
        'aria-controls': idOf ? `panel-${idOf(key)}` : null,
        dataset: { key },
        'data-testid': `tab-${key}`,
      },
      text,
    ),
  );
  const el = h('div', { role: 'tablist', class: 'tabs', 'aria-label': label }, buttons);

  function select(key) {
    for (const button of buttons) {
      const on = button.dataset.key === key;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      button.classList.toggle('active', on);
    }
  }

  el.addEventListener('click', (e) => {
    const tab = e.target.closest('[role=tab]');
    if (!tab || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    onSelect(tab.dataset.key);
  });
  el.addEventListener('keydown', (e) => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = buttons[(moves[e.key] + buttons.length) % buttons.length];
    next.focus();
    onSelect(next.dataset.key);
  });
  select(selected);
  return { el, select };
}
