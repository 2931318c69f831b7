// A container's web apps (the app proxy): its ports, each with an Open button and who may open it (owner, signed-in
// users, anyone where the operator allows it), a field to open another port, and share links (make one with a
// lifetime, copy it, revoke it). An app opens on its own origin, never the dashboard's: the service answers a
// single-use ticket URL there, and the bearer token never leaves this page.

import { ApiError, del, errorText, get, post, put } from '../core/api.js';
import { clear, h, uid } from '../core/dom.js';
import { i18n, t } from '../core/i18n.js';
import { formatTime, parsePort } from '../core/format.js';
import { confirmDialog } from './dialog.js';
import { clearFieldErrors, fieldError } from './forms.js';
import { toast } from './toast.js';

export const ACCESS_LEVELS = ['owner', 'users', 'public'];
const SHARE_LIFETIMES = ['1h', '8h', '24h', '7d'];
const DEFAULT_SHARE_LIFETIME = '24h';

/**
 * Opens port of the container in a new window. The window is opened at once, within the click, so that no popup
 * blocker stops it, cut off from this page (no opener), and pointed at the app once the service answered the ticket
 * URL; it is closed again when the service refuses. Rejects with the service's error.
 */
export async function openApp(containerId, port) {
  const win = window.open('', '_blank');
  if (win) win.opener = null; // the app's page cannot reach back into the dashboard's window
  try {
    const answer = await post(`/containers/${encodeURIComponent(containerId)}/ports/${port}/open`);
    const url = new URL(answer.url, window.location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not a web address: ${url.protocol}`);
    if (win) win.location.replace(url.href);
    else window.open(url.href, '_blank', 'noopener'); // popups blocked after all: a second try, now the URL is known
    return url;
  } catch (e) {
    win?.close();
    throw e;
  }
}

function portInput(id, testid) {
  return h('input', {
    id,
    type: 'number',
    inputmode: 'numeric',
    min: 1,
    max: 65535,
    class: 'narrow-input',
    'data-testid': testid,
  });
}

function submitButton(testid, text) {
  return h('button', { type: 'submit', class: 'secondary', 'data-testid': testid }, text);
}

/**
 * The Ports section of a container's page. container(): the container as the page knows it now (its state decides
 * whether Open is offered). Returns {el, update (repaint after a state change), dispose}.
 */
export function portsSection({ id, name, container }) {
  let disposed = false;
  let ports = []; // [{port, access}]
  let publicAllowed = true;
  let shares = [];
  let paintedRunning = null;
  const message = h('p', { class: 'message error', role: 'alert', hidden: true, 'data-testid': 'ports-error' });
  const hint = h('p', { class: 'muted', 'data-testid': 'ports-hint' });
  const portRows = h('tbody', { 'data-testid': 'ports-body' });
  const shareRows = h('tbody', { 'data-testid': 'shares-body' });
  const linkBox = h('div', { hidden: true, 'data-testid': 'share-link-box' });

  const running = () => ['running', 'paused', 'restarting'].includes(container()?.status);

  function show(e) {
    message.hidden = false;
    message.textContent = errorText(e);
  }

  // --- open a port ---------------------------------------------------------------------------------------------
  async function open(port, button, field = null) {
    message.hidden = true;
    if (field) clearFieldErrors(field.form);
    const label = button.textContent;
    button.disabled = true;
    button.textContent = t('ports.opening');
    try {
      const url = await openApp(id, port);
      if (!ports.some((p) => p.port === port)) {
        // Listed from now on in this page, so that its access can be set (the service lists it once it has one).
        ports = [...ports, { port, access: 'owner', origin: url.origin }].sort((a, b) => a.port - b.port);
        paintPorts();
      }
    } catch (e) {
      if (field && e instanceof ApiError && e.status === 400) fieldError(field, errorText(e)).focus();
      else show(e);
    } finally {
      button.disabled = !running();
      button.textContent = label;
    }
  }

  const otherId = uid('port-other');
  const other = portInput(otherId, 'port-other');
  const otherOpen = submitButton('port-other-open', t('ports.open'));
  const otherForm = h(
    'form',
    { class: 'inline-form', novalidate: true, 'data-testid': 'port-other-form' },
    h('div', null, h('label', { for: otherId }, t('ports.other')), other),
    otherOpen,
  );
  otherForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(otherForm);
    const port = parsePort(other.value);
    if (port == null) {
      fieldError(other, t('ports.invalidPort')).focus();
      return;
    }
    open(port, otherOpen, other);
  });

  // --- access levels -------------------------------------------------------------------------------------------
  async function setAccess(row, select) {
    clearFieldErrors(select.parentElement);
    message.hidden = true;
    const access = select.value;
    select.disabled = true;
    try {
      const saved = await put(`/containers/${encodeURIComponent(id)}/ports/${row.port}`, { access });
      row.access = saved?.access || access;
      toast(t('ports.accessSet', { port: row.port, access: t(`ports.access.${row.access}`) }));
    } catch (e) {
      select.disabled = false;
      select.value = row.access; // unchanged on the service
      let field = select;
      if (e instanceof ApiError && e.status === 403 && access === 'public') {
        publicAllowed = false; // said at the choice from now on
        paintPorts();
        field = portRows.querySelector(`[data-port="${row.port}"] select`) || select;
      }
      fieldError(field, errorText(e)).focus();
    } finally {
      select.disabled = false;
    }
  }

  function accessSelect(row) {
    const select = h(
      'select',
      {
        'aria-label': t('ports.accessOf', { port: row.port }),
        'data-testid': 'port-access',
        onchange: () => setAccess(row, select),
      },
      ACCESS_LEVELS.map((level) =>
        h(
          'option',
          {
            value: level,
            selected: level === row.access,
            disabled: level === 'public' && !publicAllowed && row.access !== 'public',
          },
          level === 'public' && !publicAllowed ? t('ports.access.publicOff') : t(`ports.access.${level}`),
        ),
      ),
    );
    return h('div', { class: 'access-cell' }, select);
  }

  function paintPorts() {
    const up = running();
    paintedRunning = up;
    hint.textContent = up ? t('ports.hint') : t('ports.notRunning');
    otherOpen.disabled = !up;
    clear(portRows);
    if (!ports.length) {
      portRows.append(h('tr', null, h('td', { colspan: 3, class: 'muted' }, t('ports.none'))));
    }
    for (const row of ports) {
      const openButton = h(
        'button',
        {
          type: 'button',
          class: 'small primary',
          disabled: !up,
          'aria-label': t('ports.openPort', { port: row.port }),
          'data-testid': 'port-open',
          onclick: () => open(row.port, openButton),
        },
        t('ports.open'),
      );
      portRows.append(
        h(
          'tr',
          { 'data-testid': 'port-row', dataset: { port: String(row.port), access: row.access } },
          h(
            'td',
            { 'data-label': t('ports.port') },
            h(
              'div',
              { class: 'port-cell' },
              h('span', { class: 'mono' }, String(row.port)),
              row.origin
                ? h('small', { class: 'muted mono app-origin', 'data-testid': 'port-origin' }, row.origin)
                : null,
            ),
          ),
          h('td', { 'data-label': t('ports.access') }, accessSelect(row)),
          h('td', { class: 'actions' }, h('div', { class: 'row-actions' }, openButton)),
        ),
      );
    }
    sharePort.placeholder = ports[0] ? String(ports[0].port) : '8000';
  }

  // --- share links ---------------------------------------------------------------------------------------------
  const sharePortId = uid('share-port');
  const sharePort = portInput(sharePortId, 'share-port');
  const lifetimeId = uid('share-expiry');
  const lifetime = h(
    'select',
    { id: lifetimeId, 'data-testid': 'share-expiry' },
    SHARE_LIFETIMES.map((value) =>
      h('option', { value, selected: value === DEFAULT_SHARE_LIFETIME }, t(`ports.lifetime.${value}`)),
    ),
  );
  const shareSubmit = submitButton('share-create', t('ports.shareCreate'));
  const shareForm = h(
    'form',
    { class: 'inline-form', novalidate: true, 'data-testid': 'share-form' },
    h('div', null, h('label', { for: sharePortId }, t('ports.port')), sharePort),
    h('div', null, h('label', { for: lifetimeId }, t('ports.shareExpiry')), lifetime),
    shareSubmit,
  );
  shareForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(shareForm);
    message.hidden = true;
    const port = parsePort(sharePort.value || sharePort.placeholder);
    if (port == null) {
      fieldError(sharePort, t('ports.invalidPort')).focus();
      return;
    }
    shareSubmit.disabled = true;
    try {
      const made = await post(`/containers/${encodeURIComponent(id)}/shares`, { port, expires_in: lifetime.value });
      showLink({ ...made, port: made.port ?? port });
      toast(t('ports.shareCreated', { port }));
      loadShares();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) fieldError(sharePort, errorText(err)).focus();
      else show(err);
    } finally {
      shareSubmit.disabled = false;
    }
  });

  /** Copies text; without the clipboard's permission, selects it in field for the user's own copy. */
  async function copy(text, field, note) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      field?.select();
      document.execCommand?.('copy');
    }
    note.textContent = t('ports.copied');
  }

  function showLink(share) {
    const fieldId = uid('share-url');
    const field = h('input', {
      id: fieldId,
      class: 'mono',
      readonly: true,
      value: share.url,
      'data-testid': 'share-url',
    });
    const note = h('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'share-copied' });
    clear(linkBox).append(
      h(
        'div',
        { class: 'message ok secret', role: 'status' },
        h('strong', null, t('ports.shareTitle', { port: share.port })),
        h(
          'p',
          { 'data-testid': 'share-until' },
          t('ports.shareUntil', { time: formatTime(share.expires_at, i18n.language) }),
        ),
        h('label', { for: fieldId, class: 'visually-hidden' }, t('ports.shareLink')),
        h(
          'div',
          { class: 'secret-row' },
          field,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-testid': 'share-copy',
              onclick: () => copy(share.url, field, note),
            },
            t('ports.copy'),
          ),
        ),
        note,
        h(
          'button',
          {
            type: 'button',
            class: 'small link',
            'data-testid': 'share-link-done',
            onclick: () => {
              clear(linkBox);
              linkBox.hidden = true;
            },
          },
          t('ports.shareDone'),
        ),
      ),
    );
    linkBox.hidden = false;
    field.focus();
    field.select();
  }

  async function revoke(share) {
    const what = t('ports.shareNamed', {
      port: share.port,
      time: formatTime(share.expires_at, i18n.language),
    });
    const ok = await confirmDialog({
      title: t('ports.revokeTitle'),
      message: t('ports.revokeText'),
      items: [what],
      confirm: t('ports.revoke'),
      cancel: t('action.cancel'),
    });
    if (!ok) return;
    try {
      await del(`/containers/${encodeURIComponent(id)}/shares/${encodeURIComponent(share.id)}`);
      toast(t('ports.revoked', { port: share.port }));
    } catch (e) {
      show(e);
    }
    loadShares();
  }

  function paintShares() {
    clear(shareRows);
    if (!shares.length) shareRows.append(h('tr', null, h('td', { colspan: 4, class: 'muted' }, t('ports.noShares'))));
    for (const share of shares) {
      const expired = share.expires_at && Date.parse(share.expires_at) <= Date.now();
      const note = h('span', { class: 'muted', 'aria-live': 'polite' });
      const what = t('ports.shareNamed', { port: share.port, time: formatTime(share.expires_at, i18n.language) });
      shareRows.append(
        h(
          'tr',
          { 'data-testid': 'share-row', dataset: { id: share.id, port: String(share.port) } },
          h('td', { 'data-label': t('ports.port'), class: 'mono' }, String(share.port)),
          h('td', { 'data-label': t('ports.createdAt') }, formatTime(share.created_at, i18n.language) || '—'),
          h(
            'td',
            { 'data-label': t('ports.expires') },
            expired
              ? h('span', { class: 'error-text' }, t('ports.expired'))
              : formatTime(share.expires_at, i18n.language),
          ),
          h(
            'td',
            { class: 'actions' },
            h(
              'div',
              { class: 'row-actions' },
              share.url
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'small secondary',
                      'data-testid': 'share-row-copy',
                      'aria-label': t('action.named', { action: t('ports.copy'), name: what }),
                      onclick: () => copy(share.url, null, note),
                    },
                    t('ports.copy'),
                  )
                : null,
              h(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  'data-testid': 'share-revoke',
                  'aria-label': t('action.named', { action: t('ports.revoke'), name: what }),
                  onclick: () => revoke(share),
                },
                t('ports.revoke'),
              ),
              note,
            ),
          ),
        ),
      );
    }
  }

  // --- loading -------------------------------------------------------------------------------------------------
  async function load() {
    try {
      const answer = await get(`/containers/${encodeURIComponent(id)}/ports`);
      if (disposed) return;
      const list = Array.isArray(answer) ? answer : answer?.ports || [];
      if (!Array.isArray(answer) && typeof answer?.public_allowed === 'boolean') publicAllowed = answer.public_allowed;
      ports = list
        .map((p) => ({ ...p, port: Number(p.port), access: p.access || 'owner' }))
        .filter((p) => parsePort(p.port) != null)
        .sort((a, b) => a.port - b.port);
      if (list.some((p) => typeof p.public_allowed === 'boolean')) {
        publicAllowed = list.some((p) => p.public_allowed);
      }
      paintPorts();
      if (ports.length && !box.open && !window.matchMedia('(max-width: 640px)').matches) box.open = true;
    } catch (e) {
      if (!disposed) show(e);
    }
  }

  async function loadShares() {
    try {
      const answer = await get(`/containers/${encodeURIComponent(id)}/shares`);
      if (disposed) return;
      shares = (Array.isArray(answer) ? answer : answer?.shares || []).filter((s) => !s.revoked_at);
      paintShares();
    } catch (e) {
      if (!disposed) show(e);
    }
  }

  // Folded until the container has a port to open (or the user unfolds it), so that the tabs below stay in view;
  // always folded at first on a phone.
  const box = h(
    'details',
    { class: 'ports-box', 'data-testid': 'ports-box' },
    h('summary', { 'data-testid': 'ports-summary' }, h('span', { class: 'ports-title' }, t('ports.title'))),
    hint,
    message,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid cards', 'data-testid': 'ports-table' },
        h('caption', { class: 'visually-hidden' }, t('ports.listOf', { name: name() })),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('ports.port')),
            h('th', { scope: 'col' }, t('ports.access')),
            h('th', { scope: 'col' }, t('containers.col.actions')),
          ),
        ),
        portRows,
      ),
    ),
    otherForm,
    h('h2', { class: 'ports-sub' }, t('ports.shares')),
    h('p', { class: 'muted' }, t('ports.sharesIntro')),
    linkBox,
    shareForm,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid cards', 'data-testid': 'shares-table' },
        h('caption', { class: 'visually-hidden' }, t('ports.shares')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['ports.port', 'ports.createdAt', 'ports.expires'].map((key) => h('th', { scope: 'col' }, t(key))),
            h('th', { scope: 'col' }, t('containers.col.actions')),
          ),
        ),
        shareRows,
      ),
    ),
  );
  const el = h('section', { class: 'panel wide ports', 'aria-label': t('ports.title'), 'data-testid': 'ports' }, box);
  paintPorts();
  paintShares();
  load();
  loadShares();

  return {
    el,
    /** The container's state may have changed (started, stopped): Open follows it. */
    update() {
      if (running() !== paintedRunning) paintPorts();
    },
    dispose() {
      disposed = true;
    },
  };
}
