// Console: xterm.js on the WebSocket console. The socket is opened with a single-use ticket from
// POST /containers/{id}/console; the bearer token never goes into a URL.

import { errorText, post } from '../api.js';
import { h } from '../dom.js';
import { t } from '../lib/i18n.js';

const XTERM = '/webjars/xterm/4.9.0';
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

export function render(body, { id }) {
  let socket = null;
  let term = null;
  const screen = h('div', { class: 'console', 'data-testid': 'console' });
  const status = h('span', { class: 'muted', 'data-testid': 'console-status' }, t('console.idle'));
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'console-error' });
  const connect = h('button', { type: 'button', class: 'primary', 'data-testid': 'console-connect' },
    t('console.connect'));
  const disconnect = h('button', { type: 'button', class: 'secondary', disabled: true,
    'data-testid': 'console-disconnect' }, t('console.disconnect'));

  function setStatus(key, params) {
    status.textContent = t(key, params);
    screen.dataset.state = key.replace('console.', '');
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
        term = new Terminal({ cols: 100, rows: 24, cursorBlink: true, convertEol: false,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 14 });
        term.open(screen);
        screen.terminal = term; // the e2e test reads what xterm shows through its buffer
        term.onData((data) => {
          if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'input', data }));
        });
      }
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${scheme}//${location.host}/containers/${id}/console?ticket=${encodeURIComponent(grant.ticket)}`);
      socket.addEventListener('open', () => {
        setStatus('console.connected');
        disconnect.disabled = false;
        socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
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
        if (screen.dataset.state !== 'exited') setStatus('console.closed', { reason: e.reason || e.code });
        close();
      });
    } catch (e) {
      connect.disabled = false;
      setStatus('console.idle');
      message.hidden = false;
      message.textContent = errorText(e);
    }
  }

  connect.addEventListener('click', open);
  disconnect.addEventListener('click', close);
  body.append(h('div', { class: 'toolbar' }, connect, disconnect, status), message, screen);
  return () => {
    close();
    term?.dispose();
  };
}
