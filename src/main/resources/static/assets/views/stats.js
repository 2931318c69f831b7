// Stats: one sample a second from stats?stream=true, drawn as two small SVG line charts (CPU, memory).

import { errorText, get, stream } from '../api.js';
import { h } from '../dom.js';
import { t } from '../lib/i18n.js';
import { chartPoints } from '../lib/chart.js';
import { formatBytes } from '../lib/format.js';

const SVG = 'http://www.w3.org/2000/svg';
const KEEP = 60;
const W = 300;
const H = 80;

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function chart(label, testid) {
  const line = svg('polyline', { class: 'chart-line', fill: 'none', points: '' });
  const area = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'chart', role: 'img',
    'aria-label': label });
  area.append(svg('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, class: 'chart-axis' }), line);
  const value = h('span', { class: 'chart-value', 'data-testid': testid });
  return { el: h('figure', { class: 'chart-box' }, h('figcaption', null, label, ' ', value), area), line, value };
}

export function render(body, { id }) {
  const abort = new AbortController();
  const samples = [];
  const cpu = chart(t('stats.cpu'), 'stats-cpu');
  const mem = chart(t('stats.memory'), 'stats-memory');
  const extra = h('p', { class: 'muted', 'data-testid': 'stats-extra' });
  const message = h('p', { class: 'message', hidden: true, 'data-testid': 'stats-error' });

  function paint() {
    const last = samples[samples.length - 1];
    if (!last) return;
    cpu.line.setAttribute('points', chartPoints(samples.map((s) => s.cpu_percent || 0), W, H,
      Math.max(100, ...samples.map((s) => s.cpu_percent || 0))));
    mem.line.setAttribute('points', chartPoints(samples.map((s) => s.memory_bytes || 0), W, H,
      last.memory_limit_bytes || 0));
    cpu.value.textContent = `${(last.cpu_percent || 0).toFixed(1)} %`;
    mem.value.textContent = `${formatBytes(last.memory_bytes || 0)} / ${formatBytes(last.memory_limit_bytes || 0)}`;
    extra.textContent = t('stats.extra', { state: last.state, pids: last.pids ?? 0,
      rx: formatBytes(last.network_rx_bytes || 0), tx: formatBytes(last.network_tx_bytes || 0),
      read: formatBytes(last.block_read_bytes || 0), write: formatBytes(last.block_write_bytes || 0) });
    body.dataset.samples = String(samples.length);
  }

  function add(sample) {
    samples.push(sample);
    if (samples.length > KEEP) samples.shift();
    paint();
  }

  async function run() {
    try {
      add(await get(`/containers/${id}/stats`, { signal: abort.signal }));
      await stream(`/containers/${id}/stats?stream=true`, (event) => {
        if (event.event === 'stats') add(JSON.parse(event.data));
      }, { signal: abort.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      message.hidden = false;
      message.className = 'message error';
      message.textContent = errorText(e);
    }
  }

  body.append(message, h('div', { class: 'charts' }, cpu.el, mem.el), extra);
  run();
  return () => abort.abort();
}
