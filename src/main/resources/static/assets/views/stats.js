// Stats: one sample a second from stats?stream=true, drawn as two time charts (CPU in percent, memory in bytes on
// its own scale; the limit is said in words, since against a 1 GiB limit a few MiB are a flat line). The last five
// minutes are kept in the browser (in memory, and in sessionStorage for a reload), so the charts are full again when
// the tab or the page is opened again; the service keeps no history. The stream goes on across stop and start (a
// stopped container sends zeros), and is opened again if it ends while the container still exists.

import { ApiError, errorText, get, stream } from '../core/api.js';
import { h } from '../core/dom.js';
import { i18n, t, term } from '../core/i18n.js';
import { formatBytes } from '../core/format.js';
import { byteTicks, niceTicks, timeChart } from '../components/chart.js';

const WINDOW_MS = 5 * 60_000;
const KEEP = 330; // five minutes at one a second, and a little more
const STORED_CONTAINERS = 8;
const INDEX_KEY = 'cm.stats.index';
const histories = new Map(); // container id -> [[time ms, cpu %, memory bytes]], across views of the page

function stored(id) {
  if (histories.has(id)) return histories.get(id);
  let points;
  try {
    points = JSON.parse(sessionStorage.getItem(`cm.stats.${id}`) || '[]');
  } catch {
    points = [];
  }
  histories.set(id, points);
  return points;
}

function save(id, points) {
  try {
    const index = JSON.parse(sessionStorage.getItem(INDEX_KEY) || '[]').filter((other) => other !== id);
    index.push(id);
    while (index.length > STORED_CONTAINERS) sessionStorage.removeItem(`cm.stats.${index.shift()}`);
    sessionStorage.setItem(INDEX_KEY, JSON.stringify(index));
    sessionStorage.setItem(`cm.stats.${id}`, JSON.stringify(points));
  } catch {
    /* storage full or off: the history stays in memory only */
  }
}

function percent(v) {
  return `${Number(v.toFixed(v < 10 ? 2 : 0))} %`;
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
}

export function render(body, { id }) {
  const abort = new AbortController();
  const points = stored(id);
  let latest = null;
  let saveTimer = 0;
  const cpu = timeChart({
    title: t('stats.cpu'),
    testid: 'stats-cpu',
    description: t('stats.cpuChart'),
    yTicks: (max) => niceTicks(Math.max(max, 1)),
    yLabel: percent,
    timeLabel: clock,
  });
  const mem = timeChart({
    title: t('stats.memory'),
    testid: 'stats-memory',
    description: t('stats.memoryChart'),
    yTicks: (max) => byteTicks(Math.max(max, 1024 * 1024)),
    yLabel: (v) => formatBytes(v),
    timeLabel: clock,
  });
  cpu.el.dataset.testid = 'chart-cpu';
  mem.el.dataset.testid = 'chart-memory';
  const extra = h('p', { class: 'muted', 'data-testid': 'stats-extra' });
  const history = h('p', { class: 'muted small', 'data-testid': 'stats-history' });
  const message = h('p', { class: 'message', hidden: true, 'data-testid': 'stats-error' });

  function paint() {
    const now = Date.now();
    cpu.draw({ points: points.map(([time, c]) => [time, c]), windowMs: WINDOW_MS, now });
    mem.draw({ points: points.map(([time, , m]) => [time, m]), windowMs: WINDOW_MS, now });
    body.dataset.samples = String(points.length);
    history.textContent = t('stats.history', { count: points.length });
    if (!latest) return;
    cpu.value.textContent = percent(latest.cpu_percent || 0);
    mem.value.textContent = latest.memory_limit_bytes
      ? t('stats.memoryOf', {
          used: formatBytes(latest.memory_bytes || 0),
          limit: formatBytes(latest.memory_limit_bytes),
        })
      : formatBytes(latest.memory_bytes || 0);
    extra.textContent = t('stats.extra', {
      state: term('state', latest.state),
      processes: t('stats.processes', { count: latest.pids ?? 0 }),
      rx: formatBytes(latest.network_rx_bytes || 0),
      tx: formatBytes(latest.network_tx_bytes || 0),
      read: formatBytes(latest.block_read_bytes || 0),
      write: formatBytes(latest.block_write_bytes || 0),
    });
  }

  function add(sample) {
    latest = sample;
    const time = Date.parse(sample.time) || Date.now();
    if (points.length && time <= points[points.length - 1][0]) return;
    points.push([time, sample.cpu_percent || 0, sample.memory_bytes || 0]);
    while (points.length > KEEP || (points.length && points[0][0] < time - WINDOW_MS - 10_000)) points.shift();
    if (!saveTimer) {
      saveTimer = setTimeout(() => {
        saveTimer = 0;
        save(id, points);
      }, 5000);
    }
    paint();
  }

  async function run() {
    let backoff = 1000;
    while (!abort.signal.aborted) {
      try {
        add(await get(`/containers/${id}/stats`, { signal: abort.signal }));
        message.hidden = true;
        await stream(
          `/containers/${id}/stats?stream=true`,
          (event) => {
            if (event.event === 'stats') add(JSON.parse(event.data));
          },
          { signal: abort.signal },
        );
        backoff = 1000;
      } catch (e) {
        if (e.name === 'AbortError') return;
        message.hidden = false;
        message.className = 'message error';
        message.textContent = errorText(e);
        if (e instanceof ApiError && e.status === 404) return; // gone: the page says so
        backoff = Math.min(backoff * 2, 15000);
      }
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }

  const resize = new ResizeObserver(() => {
    cpu.draw();
    mem.draw();
  });
  resize.observe(body);
  const tick = setInterval(paint, 5000); // the time axis moves on even while no sample comes
  const keep = () => save(id, points); // a reload or a closed tab keeps the latest too
  window.addEventListener('pagehide', keep);
  body.append(message, h('div', { class: 'charts' }, cpu.el, mem.el), extra, history);
  paint();
  run();
  return () => {
    abort.abort();
    resize.disconnect();
    clearInterval(tick);
    clearTimeout(saveTimer);
    window.removeEventListener('pagehide', keep);
    keep();
  };
}
