// Virtualised lists (the containers table, the log viewer): only the rows in view exist in the DOM.

/** The visible slice of a virtualised list: first and last index (exclusive) to render, with overscan. */
export function visibleRange(scrollTop, viewportHeight, rowHeight, count, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
