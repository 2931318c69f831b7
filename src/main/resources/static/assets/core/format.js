// Small pure helpers: sizes, times, commands, headers.

export function formatBytes(n) {
  if (n == null || Number.isNaN(Number(n))) return '';
  const value = Number(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  let v = value;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${value} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Whole hours and minutes left until an instant (ISO text), never below zero; null when there is no instant. */
export function timeLeft(iso, now = Date.now()) {
  if (!iso) return null;
  const minutes = Math.max(0, Math.floor((Date.parse(iso) - now) / 60000));
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** Seconds in an ISO-8601 duration as the service writes them (PT2H, PT1.5S, P1D); null when it is not one. */
export function isoSeconds(text) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(text ?? ''));
  if (!m || m.slice(1).every((part) => part === undefined)) return null;
  const [days, hours, minutes, seconds] = m.slice(1).map((part) => Number(part || 0));
  return days * 86400 + hours * 3600 + minutes * 60 + seconds;
}

/** Whole seconds as an ISO-8601 duration in the largest whole unit: 1800 -> PT30M, 7200 -> PT2H. */
export function isoDuration(seconds) {
  if (seconds % 3600 === 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `PT${seconds / 60}M`;
  return `PT${seconds}S`;
}

/** The idle stops the create form offers (seconds): only those shorter than the profile's (0: it has none). */
export function idleChoices(boundSeconds) {
  return [900, 1800, 3600, 7200, 14400, 28800].filter((s) => !boundSeconds || s < boundSeconds);
}

/** A TCP port typed or sent as text: a whole number from 1 to 65535, else null. */
export function parsePort(text) {
  const s = String(text ?? '').trim();
  if (!/^\d{1,5}$/.test(s)) return null;
  const port = Number(s);
  return port >= 1 && port <= 65535 ? port : null;
}

export function formatTime(iso, locale) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' });
}

/**
 * Splits a command line into arguments like a shell would for plain words: whitespace separates, single quotes keep
 * everything, double quotes keep everything but \" and \\, a backslash outside quotes escapes the next character.
 * Throws on an unclosed quote. No expansion of any kind.
 */
export function splitCommand(text) {
  const args = [];
  let current = '';
  let inWord = false;
  let quote = null;
  const s = String(text || '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) current += s[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      current += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw new SyntaxError('unclosed quote');
  if (inWord) args.push(current);
  return args;
}

/** Retry-After: seconds, or an HTTP date; returns whole seconds to wait (at least 1), or null. */
export function retryAfterSeconds(header, now = Date.now()) {
  if (header == null || header === '') return null;
  if (/^\d+$/.test(String(header).trim())) return Math.max(1, Number(header));
  const at = Date.parse(header);
  if (Number.isNaN(at)) return null;
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** The next page's cursor: X-Next-Cursor, else the cursor parameter of Link rel="next"; null when none. */
export function nextCursor(headers) {
  const get = (name) => (typeof headers.get === 'function' ? headers.get(name) : headers[name.toLowerCase()]);
  const cursor = get('X-Next-Cursor');
  if (cursor) return cursor;
  const link = get('Link');
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (m) {
      const q = m[1].indexOf('?');
      if (q >= 0) {
        const value = new URLSearchParams(m[1].slice(q + 1)).get('cursor');
        if (value) return value;
      }
    }
  }
  return null;
}

/** Env rows [{key, value}] to the API's "KEY=VALUE" strings; blank rows are skipped, a key is required. */
export function envStrings(rows) {
  const out = [];
  for (const { key, value } of rows) {
    const k = String(key || '').trim();
    if (!k && !String(value || '')) continue;
    if (!k) throw new SyntaxError('missing key');
    if (k.includes('=')) throw new SyntaxError('key contains =');
    out.push(`${k}=${value ?? ''}`);
  }
  return out;
}

/** A log line's display: its time (when asked) and text. */
export function logLineText(line, withTime) {
  return withTime && line.time ? `${line.time} ${line.line}` : line.line;
}

/**
 * Orders two RFC 3339 times of the same zone with any number of fraction digits (the engine's times drop trailing
 * zeros, so "…:05.1Z" is after "…:05.09Z", which plain string order gets wrong).
 */
export function compareTimes(a, b) {
  return normalTime(a).localeCompare(normalTime(b));
}

function normalTime(value) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(String(value));
  if (!m) return String(value);
  return `${m[1]}.${(m[2] || '').padEnd(9, '0').slice(0, 9)}${m[3]}`;
}
