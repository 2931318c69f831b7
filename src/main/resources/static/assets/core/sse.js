// A Server-Sent Events parser for streams read with fetch() (EventSource cannot send an Authorization header).
// Follows the HTML standard's rules: lines end in CRLF, LF or CR; "field: value" (one leading space dropped);
// lines starting with ":" are comments; a blank line dispatches; data lines are joined with "\n".

export class SseParser {
  constructor() {
    this.buffer = '';
    this.pendingCR = false;
    this.reset();
    this.lastEventId = '';
    this.retry = null;
  }

  reset() {
    this.eventType = '';
    this.data = [];
    this.hasData = false;
    this.idSeen = false;
  }

  /** Feeds decoded text; returns the events completed by it: {event, data, id}. */
  push(text) {
    const events = [];
    let input = text;
    if (this.pendingCR && input.startsWith('\n')) input = input.slice(1);
    this.pendingCR = false;
    this.buffer += input;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true; // a CRLF split across chunks: skip the LF that may come next
        }
      }
      start = i + 1;
      this.line(line, events);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  line(line, events) {
    if (line === '') {
      if (this.hasData) {
        events.push({ event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastEventId });
      }
      this.reset();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
  }
}

/**
 * Reads an SSE response body (a ReadableStream of bytes) and calls onEvent for each event; resolves when the stream
 * ends. The parser is returned through onParser so callers can read lastEventId for a resume.
 */
export async function readSse(body, onEvent, parser = new SseParser()) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) onEvent(event);
    }
    for (const event of parser.push(decoder.decode() + '\n\n')) onEvent(event);
  } finally {
    reader.releaseLock?.();
  }
  return parser;
}
