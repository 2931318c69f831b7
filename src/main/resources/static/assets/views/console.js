// Console: xterm.js on the WebSocket console. The socket is opened with a single-use ticket from
// POST /containers/{id}/console; the bearer token never goes into a URL. The terminal fills its panel: its columns and
// rows follow the panel's size (a phone's 390 px, a resized window), and every change is sent to the shell as a
// resize. The container page keeps this tab alive while other tabs are shown, so switching tabs keeps the shell.

import { errorText, post } from '../core/api.js';
import { h } from '../core/dom.js';
import { t, term as words } from '../core/i18n.js';

const XTERM = '/webjars/xterm/4.9.0';
const FONT_SIZE = 14;
const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
let xtermLoading = null;

/** xterm.js is loaded on first use only (a classic script from the jar), so other pages stay small. */
function loadXterm() {
  if (window.Terminal) return Promise.resolve(window.Terminal);
  if (!xtermLoading) {
    xtermLoading = new Promise((resolve, reject) => {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = `${XTERM}/css/xterm.css`;
      document.head.append(css);
      const script = document.createElement('script');
      script.src = `${XTERM}/lib/xterm.js`;
      script.onload = () => resolve(window.Terminal);
      script.onerror = () => {
        xtermLoading = null;
        reject(new Error('xterm.js could not be loaded'));
      };
      document.head.append(script);
    });
  }
  return xtermLoading;
}

/**
 * The size of one character cell. xterm.js 4 keeps it in its renderer (no public API, and its fit addon is not in
 * the WebJar); before the first draw, a measured line of the same font stands in.
 */
function cellSize(term, screen) {
  const dims = term?._core?._renderService?.dimensions;
  if (dims && dims.actualCellWidth > 0 && dims.actualCellHeight > 0) {
    return { width: dims.actualCellWidth, height: dims.actualCellHeight };
  }
  const probe = h('span', { class: 'console-probe' }, 'W'.repeat(40));
  screen.append(probe);
  const rect = probe.getBoundingClientRect();
  probe.remove();
  return { width: rect.width / 40 || 8.4, height: Math.ceil(rect.height) || 17 };
}

/** Columns and rows that fit a box of width x height pixels (at least 20 x 5). */
export function fitSize(width, height, cell) {
  return {
    cols: Math.max(20, Math.floor(width / cell.width)),
    rows: Math.max(5, Math.floor(height / cell.height)),
  };
}

export function render(body, { id }) {
  let socket = null;
  let term = null;
  let resizeTimer = 0;
  const screen = h('div', { class: 'console', 'data-testid': 'console' });
  const status = h(
    'span',
    { class: 'muted', 'data-testid': 'console-status', 'aria-live': 'polite' },
    t('console.idle'),
  );
  const size = h('span', { class: 'muted', 'data-testid': 'console-size' });
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'console-error' });
  const connect = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'console-connect' },
    t('console.connect'),
  );
  const disconnect = h(
    'button',
    { type: 'button', class: 'secondary', disabled: true, 'data-testid': 'console-disconnect' },
    t('console.disconnect'),
  );

  function setStatus(key, params) {
    status.textContent = t(key, params);
    screen.dataset.state = key.replace('console.', '');
  }

  /** Fits the terminal to its panel and tells the shell, when the size changed. */
  function fit() {
    if (!term) return;
    const box = screen.getBoundingClientRect();
    if (box.width < 50 || box.height < 50) return; // hidden (another tab): keep the size it had
    const style = getComputedStyle(screen);
    const width = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 2;
    const height = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - 2;
    const { cols, rows } = fitSize(width, height, cellSize(term, screen));
    if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    size.textContent = t('console.size', { cols: term.cols, rows: term.rows });
    screen.dataset.cols = String(term.cols);
    screen.dataset.rows = String(term.rows);
    sendSize();
  }

  function sendSize() {
    if (socket && socket.readyState === WebSocket.OPEN && term) {
      socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
    }
  }

  function close() {
    socket?.close();
    socket = null;
    connect.disabled = false;
    disconnect.disabled = true;
  }

  async function open() {
    message.hidden = true;
    connect.disabled = true;
    setStatus('console.connecting');
    try {
      const [Terminal, grant] = await Promise.all([loadXterm(), post(`/containers/${id}/console`, {})]);
      if (!term) {
        term = new Terminal({
          cols: 80,
          rows: 24,
          cursorBlink: true,
          convertEol: false,
          fontFamily: FONT,
          fontSize: FONT_SIZE,
        });
        term.open(screen);
        screen.terminal = term; // the e2e test reads what xterm shows through its buffer
        term.onData((data) => {
          if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'input', data }));
        });
        term.onResize(() => sendSize());
      }
      fit();
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(
        `${scheme}//${location.host}/containers/${id}/console?ticket=${encodeURIComponent(grant.ticket)}`,
      );
      const opened = socket;
      socket.addEventListener('open', () => {
        setStatus('console.connected');
        disconnect.disabled = false;
        fit();
        sendSize();
        term.focus();
      });
      socket.addEventListener('message', (e) => {
        let frame;
        try {
          frame = JSON.parse(e.data);
        } catch {
          return;
        }
        if (frame.type === 'output') term.write(frame.data);
        else if (frame.type === 'exit') {
          term.write(`\r\n[${t('console.exited', { code: frame.code })}]\r\n`);
          setStatus('console.exited', { code: frame.code });
        }
      });
      socket.addEventListener('close', (e) => {
        if (socket !== opened && socket !== null) return;
        if (screen.dataset.state !== 'exited') {
          setStatus('console.closed', {
            reason: e.reason ? words('console.reason', e.reason) : t('console.code', { code: e.code }),
          });
        }
        close();
        connect.textContent = t('console.reconnect');
      });
    } catch (e) {
      connect.disabled = false;
      setStatus('console.idle');
      message.hidden = false;
      message.textContent = errorText(e);
    }
  }

  const observer = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fit, 80);
  });
  observer.observe(screen);
  connect.addEventListener('click', open);
  disconnect.addEventListener('click', close);
  body.append(h('div', { class: 'toolbar' }, connect, disconnect, status, size), message, screen);
  return {
    show: () => setTimeout(fit, 0),
    dispose: () => {
      observer.disconnect();
      clearTimeout(resizeTimer);
      close();
      term?.dispose();
    },
  };
}
