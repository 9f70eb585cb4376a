/**
 * An incremental Server-Sent Events parser (WHATWG HTML, "event stream interpretation"), for the bearer-mode stream,
 * which is read with fetch because EventSource cannot send an Authorization header.
 */
export interface SseMessage {
  event: string;
  data: string;
  id: string;
}

export class SseParser {
  private _buffer = '';
  private _data: string[] = [];
  private _event = '';
  private _hasData = false;
  private _started = false;
  private _pendingCr = false;
  /** The last event id seen (for Last-Event-ID on reconnect). */
  lastEventId = '';
  /** The server's reconnection time, when it sent one. */
  retryMs: number | null = null;

  /** Feeds a chunk of decoded text; returns the messages it completed. */
  feed(chunk: string): SseMessage[] {
    let text = chunk;
    if (!this._started && text.length > 0) {
      this._started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    // A CR at the end of the last chunk already ended a line; a LF right after it is the same line break.
    if (this._pendingCr && text.startsWith('\n')) {
      text = text.slice(1);
    }
    this._pendingCr = false;
    this._buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this._buffer);
      if (match === null) {
        break;
      }
      // A lone CR at the very end may be the first half of CRLF: take the line, remember to skip a following LF.
      if (match[0] === '\r' && match.index === this._buffer.length - 1) {
        this._pendingCr = true;
      }
      const line = this._buffer.slice(0, match.index);
      this._buffer = this._buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message !== null) {
        out.push(message);
      }
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return null; // comment
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this._event = value;
        break;
      case 'data':
        this._data.push(value);
        this._hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastEventId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.retryMs = Number(value);
        }
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const hasData = this._hasData;
    const message: SseMessage = { event: this._event === '' ? 'message' : this._event, data: this._data.join('\n'), id: this.lastEventId };
    this._data = [];
    this._event = '';
    this._hasData = false;
    return hasData ? message : null;
  }
}
