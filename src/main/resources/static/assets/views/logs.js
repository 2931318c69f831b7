// Logs: tail, follow (SSE read with fetch), timestamps, search. Lines go into a capped ring buffer and only the
// lines in view are in the DOM, so 100k lines neither stall the page nor grow memory without bound.

import { errorText, request, stream } from '../api.js';
import { h } from '../dom.js';
import { t } from '../lib/i18n.js';
import { logLineText } from '../lib/format.js';
import { RingBuffer } from '../lib/ringbuffer.js';
import { visibleRange } from '../lib/table.js';

const MAX_LINES = 100_000;
const LINE_HEIGHT = 18;

const prefs = { tail: 500, timestamps: false, follow: true };

export function render(body, { id }) {
  const ring = new RingBuffer(MAX_LINES);
  let seq = 0; // every line gets a number, so a search result survives the ring dropping old lines
  let matches = null; // lines matching the search, or null when there is no search
  let query = '';
  let abort = null;
  let frame = 0;
  let stick = true;

  const viewport = h('div', { class: 'log-viewport mono', 'data-testid': 'log-viewport', tabindex: '0' });
  const spacer = h('div', { class: 'vt-spacer' });
  viewport.append(spacer);
  const pool = [];
  const status = h('span', { class: 'muted', 'data-testid': 'log-status' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'log-error' });
  const tail = h('input', { type: 'number', min: 0, max: 10000, value: String(prefs.tail), class: 'narrow-input',
    'aria-label': t('logs.tail'), 'data-testid': 'log-tail' });
  const timestamps = h('input', { type: 'checkbox', checked: prefs.timestamps, 'data-testid': 'log-timestamps' });
  const follow = h('input', { type: 'checkbox', checked: prefs.follow, 'data-testid': 'log-follow' });
  const search = h('input', { type: 'search', placeholder: t('logs.search'), 'aria-label': t('logs.search'),
    'data-testid': 'log-search' });

  function shown() {
    return matches ? matches.length : ring.length;
  }

  function lineAt(i) {
    return matches ? matches[i] : ring.get(i);
  }

  function paint() {
    frame = 0;
    const count = shown();
    spacer.style.height = `${count * LINE_HEIGHT}px`;
    if (stick) viewport.scrollTop = viewport.scrollHeight;
    const { first, last } = visibleRange(viewport.scrollTop, viewport.clientHeight || 400, LINE_HEIGHT, count, 20);
    while (pool.length < last - first) {
      const el = h('div', { class: 'log-line', 'data-testid': 'log-line' });
      viewport.append(el);
      pool.push(el);
    }
    for (let i = 0; i < pool.length; i++) {
      const el = pool[i];
      const line = i < last - first ? lineAt(first + i) : null;
      if (!line) {
        el.hidden = true;
        continue;
      }
      el.hidden = false;
      el.style.transform = `translateY(${(first + i) * LINE_HEIGHT}px)`;
      el.textContent = logLineText(line, prefs.timestamps);
      el.className = line.stream === 'stderr' ? 'log-line stderr' : line.stream === 'system' ? 'log-line system'
        : 'log-line';
    }
    const dropped = ring.dropped ? ` ${t('logs.dropped', { count: ring.dropped })}` : '';
    status.textContent = (matches ? t('logs.matches', { count: matches.length, total: ring.length })
      : t('logs.lines', { count: ring.length })) + dropped;
    viewport.dataset.lines = String(ring.length);
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(paint);
  }

  function add(line) {
    line.seq = seq++;
    ring.push(line);
    if (matches) {
      if (line.line.toLowerCase().includes(query)) matches.push(line);
      const oldest = ring.get(0).seq;
      if (matches.length && matches[0].seq < oldest) matches = matches.filter((l) => l.seq >= oldest);
    }
    schedule();
  }

  function applySearch() {
    query = search.value.trim().toLowerCase();
    matches = query ? ring.toArray().filter((line) => line.line.toLowerCase().includes(query)) : null;
    schedule();
  }

  async function load() {
    abort?.abort();
    abort = new AbortController();
    const signal = abort.signal;
    ring.clear();
    matches = null;
    applySearch();
    message.hidden = true;
    prefs.tail = Math.max(0, Math.min(10000, Number(tail.value) || 0));
    prefs.timestamps = timestamps.checked;
    prefs.follow = follow.checked;
    const qs = `tail=${prefs.tail}&timestamps=${prefs.timestamps}`;
    try {
      if (prefs.follow) {
        await stream(`/containers/${id}/logs?${qs}&follow=true`, (event) => {
          if (event.event === 'log') add(JSON.parse(event.data));
          else if (event.event === 'end') {
            const reason = JSON.parse(event.data || '{}').reason || '';
            add({ stream: 'system', line: `— ${t('logs.ended', { reason })} —` });
          }
        }, { signal });
      } else {
        const response = await request('GET', `/containers/${id}/logs?${qs}`, { raw: true, signal,
          headers: { Accept: 'application/x-ndjson, application/json;q=0.5' } });
        const text = await response.text();
        for (const raw of text.split('\n')) {
          if (!raw) continue;
          try {
            add(JSON.parse(raw));
          } catch {
            add({ stream: 'stdout', line: raw });
          }
        }
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      message.hidden = false;
      message.textContent = errorText(e);
    }
    schedule();
  }

  viewport.addEventListener('scroll', () => {
    stick = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - LINE_HEIGHT;
    schedule();
  }, { passive: true });
  let searchTimer = 0;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applySearch, 120);
  });
  timestamps.addEventListener('change', load);
  follow.addEventListener('change', load);
  tail.addEventListener('change', load);

  body.append(h('div', { class: 'toolbar' },
    h('label', { class: 'inline' }, t('logs.tail'), tail),
    h('label', { class: 'inline' }, timestamps, t('logs.timestamps')),
    h('label', { class: 'inline' }, follow, t('logs.follow')),
    h('button', { type: 'button', class: 'small secondary', onclick: load, 'data-testid': 'log-reload' },
      t('logs.reload')),
    search, status),
  message, viewport);
  load();
  return () => {
    abort?.abort();
    cancelAnimationFrame(frame);
    clearTimeout(searchTimer);
  };
}
