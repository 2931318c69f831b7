// The one way the dashboard talks to the service: the public JSON API with the bearer token (in memory, and in
// sessionStorage so that a reload is quick; never in a URL). The browser's session, shared by its tabs, is an
// HttpOnly cookie the page cannot read, sent only to /users/token/*: a new tab (or an expired token) trades it there
// for a bearer token. No other request carries a cookie.

import { nextCursor, retryAfterSeconds } from './format.js';
import { has, t } from './i18n.js';
import { SseParser, readSse } from './sse.js';

const TOKEN_KEY = 'cm.session';
/** The provider a sign-in went through, so that logging out ends its session there too. */
export const SSO_PROVIDER_KEY = 'cm.sso.provider';

export const session = {
  token: null,
  username: null,
  userId: null,
  load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null');
      if (saved && saved.token) Object.assign(this, saved);
    } catch {
      /* a damaged entry is an absent one */
    }
    return this;
  },
  set({ token, username, id }) {
    this.token = token;
    this.username = username;
    this.userId = id;
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token, username, userId: id }));
  },
  clear() {
    this.token = null;
    this.username = null;
    this.userId = null;
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiError extends Error {
  /** code: the API's stable error code, where it sends one; the dashboard words the error by it. */
  constructor(status, message, retryAfter = null, code = null) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
    this.code = code;
  }

  /** The service answers this way for a path it does not have yet (an endpoint of a later stage). */
  get endpointMissing() {
    return (this.status === 404 && this.message === 'not found') || this.status === 405 || this.status === 501;
  }
}

/**
 * What to tell the user of a failed call, in their language: by the error's code where one is known, else by the
 * service's fixed messages, else the service's own words.
 */
export function errorText(e) {
  if (!(e instanceof ApiError)) return String(e?.message ?? e);
  if (e.endpointMissing) return t('common.notAvailable');
  if (e.status === 0 && !e.code) return t('error.network');
  return messageText(e.message, e.code);
}

/** A message from the service (an error's, a job's) in the user's language: by code, by known wording, or as sent. */
export function messageText(message, code) {
  if (code && has(`error.${code}`)) return t(`error.${code}`, { message });
  const known = KNOWN_MESSAGES[message];
  return known ? t(known) : message;
}

// The contract's fixed messages, for a server or a value that sends no code (a job's error, an audit detail).
const KNOWN_MESSAGES = {
  unauthorized: 'error.unauthorized',
  'permission denied': 'error.permission_denied',
  'container not found': 'error.container_not_found',
  'job not found': 'error.job_not_found',
  'conflict container operation': 'error.conflict_container_operation',
  'invalid username or password': 'error.invalid_credentials',
  'username already taken': 'error.username_taken',
  'name taken': 'error.name_taken',
  'registry unreachable': 'error.registry_unreachable',
  'registry not allowed': 'error.registry_not_allowed',
  'image not found': 'error.image_not_found',
  'container engine unavailable': 'error.engine_unavailable',
  'image pull timed out': 'error.pull_timed_out',
  'container not running': 'error.container_not_running',
  'insufficient storage': 'error.insufficient_storage',
  'network error': 'error.network',
};

let unauthorizedHandler = () => {};

/** Called when an authenticated call answers 401: the token expired or the user is gone. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function errorOf(response) {
  let message = `${response.status} ${response.statusText}`.trim();
  let code = null;
  try {
    const text = await response.text();
    const body = JSON.parse(text);
    if (body && typeof body.error === 'string') message = body.error;
    if (body && typeof body.code === 'string') code = body.code;
  } catch {
    /* not our JSON: keep the status line */
  }
  return new ApiError(response.status, message, retryAfterSeconds(response.headers.get('Retry-After')), code);
}

/**
 * fetch() with the token; resolves to the parsed JSON body (or null when empty), or the Response with raw: true.
 * Rejects with ApiError. anonymous: no token, and a 401 is the caller's business (the login form's wrong password).
 */
export async function request(method, path, options = {}) {
  try {
    return await send(method, path, options);
  } catch (e) {
    // An expired token: the browser's session may still be good for a new one; then the call is made again.
    if (!(e instanceof ApiError) || e.status !== 401 || options.anonymous || options.retried) throw e;
    if (!(await refreshSession())) {
      unauthorizedHandler(e);
      throw e;
    }
    return send(method, path, { ...options, retried: true });
  }
}

let refreshing = null;

/** Trades the browser's session cookie for a bearer token; true when the session is good. Concurrent calls share. */
export function refreshSession() {
  if (!refreshing) {
    refreshing = send('POST', '/users/token/refresh', { anonymous: true, credentials: 'same-origin' })
      .then((body) => {
        session.set(body);
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/** Ends the browser's session (every tab's) and forgets the token. */
export async function endSession() {
  try {
    await send('POST', '/users/token/logout', { anonymous: true, credentials: 'same-origin' });
  } catch {
    /* the cookie goes with its expiry anyway */
  }
  session.clear();
}

async function send(method, path, { body, headers, raw = false, signal, anonymous = false, credentials } = {}) {
  const h = new Headers(headers || {});
  if (!anonymous && session.token) h.set('Authorization', `Bearer ${session.token}`);
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) {
    h.set('Content-Type', 'application/json');
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: h,
      body: payload,
      signal,
      cache: 'no-store',
      credentials: credentials || 'omit', // the session cookie goes only where a call asks for it
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, e.message || 'network error');
  }
  if (!response.ok) throw await errorOf(response);
  if (raw) return response;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body, options) => request('POST', path, { ...options, body });
export const patch = (path, options) => request('PATCH', path, options);
export const put = (path, body, options) => request('PUT', path, { ...options, body });
export const del = (path, options) => request('DELETE', path, options);

/** One page of a list: {items, cursor}; cursor is the next page's (X-Next-Cursor / Link), or null. */
export async function page(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value != null && value !== '') query.set(key, value);
  const qs = query.toString();
  const response = await request('GET', qs ? `${path}?${qs}` : path, { raw: true });
  const text = await response.text();
  return { items: text ? JSON.parse(text) : [], cursor: nextCursor(response.headers) };
}

/** Every item of a list, following cursors (a server without paging answers everything in one page). */
export async function listAll(path, limit = 500) {
  const items = [];
  let cursor = null;
  for (let pages = 0; pages < 1000; pages++) {
    const result = await page(path, { limit, cursor });
    items.push(...result.items);
    if (!result.cursor || result.cursor === cursor) break;
    cursor = result.cursor;
  }
  return items;
}

/**
 * Reads an SSE endpoint with fetch (EventSource cannot send the token). Resolves when the stream ends; rejects with
 * ApiError when it cannot be opened. Abort it with signal.
 */
export async function stream(path, onEvent, { signal, lastEventId, onOpen } = {}) {
  // JSON as a second choice, so that an error (404, 429 ...) still comes with the API's {"error"} body.
  const headers = { Accept: 'text/event-stream, application/json;q=0.5' };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const response = await request('GET', path, { raw: true, signal, headers });
  onOpen?.(response);
  const parser = new SseParser();
  if (lastEventId) parser.lastEventId = lastEventId;
  await readSse(response.body, onEvent, parser);
  return parser;
}

/** Uploads one file with XMLHttpRequest, whose upload events give progress (fetch has none for request bodies). */
export function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/files');
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText || 'null');
      } catch {
        /* keep null */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
        return;
      }
      const error = new ApiError(
        xhr.status,
        (body && body.error) || `${xhr.status} ${xhr.statusText}`,
        retryAfterSeconds(xhr.getResponseHeader('Retry-After')),
        body && typeof body.code === 'string' ? body.code : null,
      );
      if (xhr.status === 401) unauthorizedHandler(error);
      reject(error);
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network error')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'upload cancelled')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Downloads a file with the token, then hands it to the browser as a blob URL. */
export async function download(name) {
  const response = await request('GET', `/files/${encodeURIComponent(name)}`, { raw: true });
  saveBlob(await response.blob(), name);
}

/** Hands bytes the page holds to the browser as a download named name. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
