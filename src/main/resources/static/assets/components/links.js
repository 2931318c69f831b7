// Links to things the user owns, by the name people know them by.

import { h } from '../core/dom.js';
import { feed } from '../core/feed.js';

/** A link to a container by its name where the list knows it, else by its short id. */
export function containerLink(id, name) {
  const row = feed.containers.find((r) => r.id === id);
  const label = name || row?.name;
  return h(
    'a',
    { href: `/ui/containers/${id}`, class: label ? null : 'mono', title: id, 'data-testid': 'container-link' },
    label || id.slice(0, 12),
  );
}
