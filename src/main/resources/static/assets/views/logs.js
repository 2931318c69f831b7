// Logs: tail, follow, timestamps, search with highlighted matches, download. Lines go into a capped ring buffer and
// only the lines in view are in the DOM, so 100k lines neither stall the page nor grow memory without bound.
// Following survives the container: when it stops the viewer waits, and when it starts again (a start, a restart,
// from here or elsewhere: the live feed says so) the stream resumes after the last line it showed.

import { ApiError, errorText, get, request, saveBlob, stream } from '../core/api.js';
import { h, highlight } from '../core/dom.js';
import { feed } from '../core/feed.js';
import { t } from '../core/i18n.js';
import { RingBuffer } from '../core/ringbuffer.js';
import { isRunning } from '../core/containers.js';
import { compareTimes, logLineText } from '../core/format.js';
import { visibleRange } from '../components/virtual.js';

const MAX_LINES = 100_000;
const LINE_HEIGHT = 18;
const END_REASONS = { 'container stopped': 'logs.reason.stopped', 'engine unavailable': 'logs.reason.engine' };

const prefs = { tail: 500, timestamps: false, follow: true };

export function render(body, { id, container, name }) {
  const ring = new RingBuffer(MAX_LINES);
  let seq = 0; // every line gets a number, so a search result survives the ring dropping old lines
  let matches = null; // lines matching the search, or null when there is no search
  let query = '';
  let abort = null;
  let frame = 0;
  let stick = true;
  let phase = 'idle'; // connecting, following, waiting (for the container to run), ended
  let lastTime = null; // the time of the last line shown: a resumed stream starts there
  let lastStatus = container()?.status || null;
  let retries = 0;
  let disposed = false;

  const viewport = h('div', {
    class: 'log-viewport mono',
    'data-testid': 'log-viewport',
    tabindex: '0',
    role: 'log',
    'aria-label': t('container.tab.logs'),
  });
  const spacer = h('div', { class: 'vt-spacer' });
  const empty = h('p', { class: 'log-empty', hidden: true, 'data-testid': 'log-empty' });
  viewport.append(spacer, empty);
  const pool = [];
  const status = h('span', { class: 'muted', 'data-testid': 'log-status' });
  const phaseNote = h('span', { class: 'badge', 'data-testid': 'log-phase', 'aria-live': 'polite' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'log-error' });
  const tail = h('input', {
    type: 'number',
    min: 0,
    max: 10000,
    value: String(prefs.tail),
    class: 'narrow-input',
    'data-testid': 'log-tail',
  });
  const timestamps = h('input', { type: 'checkbox', checked: prefs.timestamps, 'data-testid': 'log-timestamps' });
  const follow = h('input', { type: 'checkbox', checked: prefs.follow, 'data-testid': 'log-follow' });
  const search = h('input', {
    type: 'search',
    placeholder: t('logs.search'),
    'aria-label': t('logs.search'),
    'data-testid': 'log-search',
  });

  function setPhase(next) {
    phase = next;
    schedule();
    viewport.dataset.phase = next;
    phaseNote.textContent = t(`logs.phase.${next}`);
    phaseNote.className = `badge phase-${next}`;
  }

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
      if (el.line !== line || el.query !== query || el.withTime !== prefs.timestamps) {
        el.line = line;
        el.query = query;
        el.withTime = prefs.timestamps;
        el.replaceChildren(...highlight(logLineText(line, prefs.timestamps), line.stream === 'system' ? '' : query));
        el.className =
          line.stream === 'stderr' ? 'log-line stderr' : line.stream === 'system' ? 'log-line system' : 'log-line';
      }
    }
    const dropped = ring.dropped ? ` ${t('logs.dropped', { count: ring.dropped })}` : '';
    status.textContent =
      (matches
        ? t('logs.matches', { count: matches.length, total: ring.length })
        : t('logs.lines', { count: ring.length })) + dropped;
    viewport.dataset.lines = String(ring.length);
    empty.hidden = ring.length > 0 || phase === 'connecting';
    empty.textContent = phase === 'waiting' ? t('logs.emptyWaiting') : t('logs.empty');
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(paint);
  }

  function add(line) {
    line.seq = seq++;
    ring.push(line);
    if (matches && line.stream !== 'system') {
      if (line.line.toLowerCase().includes(query)) matches.push(line);
      const oldest = ring.get(0).seq;
      if (matches.length && matches[0].seq < oldest) matches = matches.filter((l) => l.seq >= oldest);
    }
    schedule();
  }

  function system(text) {
    add({ stream: 'system', line: `— ${text} —` });
  }

  /** A line from the engine; on a resumed stream the lines at the resume time that were already shown are skipped. */
  function received(line, resumedAt) {
    if (resumedAt && line.time && compareTimes(line.time, resumedAt) <= 0) return;
    if (line.time) lastTime = line.time;
    add(line);
  }

  function applySearch() {
    query = search.value.trim().toLowerCase();
    matches = query
      ? ring.toArray().filter((line) => line.stream !== 'system' && line.line.toLowerCase().includes(query))
      : null;
    schedule();
  }

  function params(extra) {
    // Times always come from the engine (a resumed stream starts at the last one); the checkbox only shows them.
    const q = new URLSearchParams({ timestamps: 'true', ...extra });
    return q.toString();
  }

  async function backlog(signal) {
    const response = await request('GET', `/containers/${id}/logs?${params({ tail: prefs.tail })}`, {
      raw: true,
      signal,
      headers: { Accept: 'application/x-ndjson, application/json;q=0.5' },
    });
    const text = await response.text();
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      try {
        received(JSON.parse(raw));
      } catch {
        add({ stream: 'stdout', line: raw });
      }
    }
  }

  /** Follows from the last line shown (or the tail, the first time) until the stream ends. */
  async function followOnce(signal) {
    const resumedAt = lastTime;
    const query = resumedAt
      ? params({ since: resumedAt, tail: 10000, follow: true })
      : params({ tail: prefs.tail, follow: true });
    let endReason = null;
    const opened = Date.now();
    setPhase('connecting');
    await stream(
      `/containers/${id}/logs?${query}`,
      (event) => {
        if (event.event === 'log') received(JSON.parse(event.data), resumedAt);
        else if (event.event === 'end') endReason = JSON.parse(event.data || '{}').reason || '';
      },
      { signal, onOpen: () => setPhase('following') },
    );
    return { endReason, lasted: Date.now() - opened };
  }

  /** Whether the container runs now, asked of the service (the feed may not have said so yet). */
  async function runningNow(signal) {
    try {
      const c = await get(`/containers/${id}`, { signal });
      lastStatus = c.status;
      return isRunning(c.status);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return false;
      throw e;
    }
  }

  async function connect() {
    if (disposed) return;
    abort?.abort();
    abort = new AbortController();
    const signal = abort.signal;
    message.hidden = true;
    try {
      if (!prefs.follow) {
        setPhase('connecting');
        await backlog(signal);
        setPhase('ended');
        return;
      }
      if (!lastTime && !seq && !isRunning(container()?.status || lastStatus) && !(await runningNow(signal))) {
        // Not running (a new container, a stopped one): what it printed, then wait for it to start.
        await backlog(signal);
        setPhase('waiting');
        if (isRunning(lastStatus)) resume('started'); // it started while the backlog came
        return;
      }
      const { endReason, lasted } = await followOnce(signal);
      if (signal.aborted) return;
      if (endReason === 'engine unavailable') {
        system(t('logs.ended', { reason: t(END_REASONS[endReason]) }));
        setPhase('ended');
        return;
      }
      system(t(END_REASONS[endReason] || 'logs.reason.stopped'));
      setPhase('waiting');
      // A restart may already be over by now: ask, and follow again if it runs (not in a tight loop).
      if (await runningNow(signal)) {
        retries = lasted < 2000 ? retries + 1 : 0;
        if (retries > 3) return; // it keeps dying at once: wait for the feed's next start instead
        setTimeout(() => resume('started'), retries * 500);
      }
    } catch (e) {
      if (e.name === 'AbortError' || disposed) return;
      message.hidden = false;
      message.textContent = errorText(e);
      setPhase('ended');
    }
    schedule();
  }

  /** The container runs again: follow from where the log stopped. */
  function resume(why) {
    if (disposed || phase !== 'waiting' || !prefs.follow) return;
    if (why) system(t(`logs.resumed.${why}`));
    connect();
  }

  function reload() {
    abort?.abort();
    ring.clear();
    seq = 0;
    lastTime = null;
    retries = 0;
    prefs.tail = Math.max(0, Math.min(10000, Number(tail.value) || 0));
    prefs.timestamps = timestamps.checked;
    prefs.follow = follow.checked;
    applySearch();
    connect();
  }

  function downloadLines() {
    const text = ring
      .toArray()
      .map((line) => logLineText(line, true))
      .join('\n');
    saveBlob(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }), `${name()}.log`);
  }

  const unsubscribeEvents = feed.subscribeContainers((event) => {
    if (event.container_id !== id) return;
    lastStatus = event.status || lastStatus;
    if (event.action === 'started' || event.action === 'restarted') resume(event.action);
  });
  // Without the feed's events (a server without /events), the polled list says when it runs again.
  const unsubscribe = feed.subscribe(() => {
    const row = feed.containers.find((r) => r.id === id);
    if (!row) return;
    const was = lastStatus;
    lastStatus = row.status;
    if (isRunning(row.status) && !isRunning(was)) resume('started');
  });

  viewport.addEventListener(
    'scroll',
    () => {
      stick = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - LINE_HEIGHT;
      schedule();
    },
    { passive: true },
  );
  let searchTimer = 0;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applySearch, 120);
  });
  timestamps.addEventListener('change', () => {
    prefs.timestamps = timestamps.checked;
    schedule();
  });
  follow.addEventListener('change', reload);
  tail.addEventListener('change', reload);

  body.append(
    h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'inline' }, t('logs.tail'), tail),
      h('label', { class: 'inline' }, timestamps, t('logs.timestamps')),
      h('label', { class: 'inline' }, follow, t('logs.follow')),
      h(
        'button',
        { type: 'button', class: 'small secondary', onclick: reload, 'data-testid': 'log-reload' },
        t('logs.reload'),
      ),
      h(
        'button',
        { type: 'button', class: 'small secondary', onclick: downloadLines, 'data-testid': 'log-download' },
        t('logs.download'),
      ),
      search,
      phaseNote,
      status,
    ),
    message,
    viewport,
  );
  setPhase('connecting');
  connect();
  return () => {
    disposed = true;
    abort?.abort();
    unsubscribe();
    unsubscribeEvents();
    cancelAnimationFrame(frame);
    clearTimeout(searchTimer);
  };
}
