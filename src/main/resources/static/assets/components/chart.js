// A time-series line chart in SVG, drawn in the element's own pixels (so its text is never stretched): a y axis with
// round ticks and units, a time axis of the last minutes, and gaps where no sample came. The pure parts (ticks,
// paths) are exported for the unit tests.

import { h } from '../core/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const MARGIN = { top: 10, right: 12, bottom: 24, left: 64 };

/** Round ticks from 0 to at least max: {top, ticks}. */
export function niceTicks(max, count = 4) {
  const target = max > 0 ? max : 1;
  const raw = target / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const top = Number((Math.ceil(target / step - 1e-9) * step).toPrecision(12));
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { top, ticks };
}

/** Round ticks for bytes: steps of 1, 2 or 5 times a power of 1024 times a power of ten. */
export function byteTicks(max, count = 4) {
  const target = max > 0 ? max : 1024;
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(target) / Math.log(1024)));
  const { top, ticks } = niceTicks(target / unit, count);
  return { top: top * unit, ticks: ticks.map((v) => v * unit) };
}

/** Time ticks (ms) every stepMs on whole steps between start and end. */
export function timeTicks(start, end, stepMs) {
  const out = [];
  for (let v = Math.ceil(start / stepMs) * stepMs; v <= end; v += stepMs) out.push(v);
  return out;
}

/** An SVG path through [time, value] points; a gap longer than gapMs starts a new segment. */
export function linePath(points, x, y, gapMs) {
  let d = '';
  let previous = null;
  for (const [time, value] of points) {
    const command = previous == null || time - previous > gapMs ? 'M' : 'L';
    d += `${command}${x(time).toFixed(1)},${y(value).toFixed(1)}`;
    previous = time;
  }
  return d;
}

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

/**
 * A chart in a figure. draw({points, windowMs, now}) redraws it; yTicks(max) gives {top, ticks}, yLabel(v) words a
 * tick, timeLabel(ms) a time.
 */
export function timeChart({ title, testid, yTicks, yLabel, timeLabel, description }) {
  const area = svg('svg', { class: 'chart', role: 'img', 'aria-label': description || title });
  const value = h('span', { class: 'chart-value', 'data-testid': testid });
  const el = h('figure', { class: 'chart-box' }, h('figcaption', null, h('span', null, title), ' ', value), area);
  let last = null;

  function draw(data = last) {
    last = data;
    if (!data) return;
    const width = Math.max(200, Math.round(area.clientWidth || area.getBoundingClientRect().width || 300));
    const height = Math.max(120, Math.round(area.clientHeight || 160));
    area.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const { points, windowMs, now } = data;
    const start = now - windowMs;
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = height - MARGIN.top - MARGIN.bottom;
    const max = Math.max(0, ...points.filter(([time]) => time >= start).map(([, v]) => v));
    const { top, ticks } = yTicks(max);
    const x = (time) => MARGIN.left + ((time - start) / windowMs) * innerW;
    const y = (v) => MARGIN.top + innerH - (Math.min(v, top) / top) * innerH;
    const parts = [];
    for (const tick of ticks) {
      const ty = y(tick);
      parts.push(svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: ty, y2: ty, class: 'chart-grid' }));
      parts.push(
        svg('text', { x: MARGIN.left - 6, y: ty + 4, class: 'chart-tick', 'text-anchor': 'end' }, yLabel(tick)),
      );
    }
    const stepMs = windowMs > 4 * 60_000 ? 60_000 : 30_000;
    for (const tick of timeTicks(start, now, stepMs)) {
      const tx = x(tick);
      parts.push(
        svg('line', {
          x1: tx,
          x2: tx,
          y1: MARGIN.top + innerH,
          y2: MARGIN.top + innerH + 4,
          class: 'chart-axis',
        }),
      );
      parts.push(svg('text', { x: tx, y: height - 6, class: 'chart-tick', 'text-anchor': 'middle' }, timeLabel(tick)));
    }
    parts.push(
      svg('line', {
        x1: MARGIN.left,
        x2: MARGIN.left,
        y1: MARGIN.top,
        y2: MARGIN.top + innerH,
        class: 'chart-axis',
      }),
      svg('line', {
        x1: MARGIN.left,
        x2: width - MARGIN.right,
        y1: MARGIN.top + innerH,
        y2: MARGIN.top + innerH,
        class: 'chart-axis',
      }),
      svg('path', {
        d: linePath(
          points.filter(([time]) => time >= start),
          x,
          y,
          3000,
        ),
        class: 'chart-line',
        fill: 'none',
      }),
    );
    area.replaceChildren(...parts);
    area.dataset.top = String(top);
  }

  return { el, value, draw };
}
