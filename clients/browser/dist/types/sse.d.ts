/**
 * An incremental Server-Sent Events parser (WHATWG HTML, "event stream interpretation"), for the bearer-mode stream,
 * which is read with fetch because EventSource cannot send an Authorization header.
 */
export interface SseMessage {
    event: string;
    data: string;
    id: string;
}
export declare class SseParser {
    private _buffer;
    private _data;
    private _event;
    private _hasData;
    private _started;
    private _pendingCr;
    /** The last event id seen (for Last-Event-ID on reconnect). */
    lastEventId: string;
    /** The server's reconnection time, when it sent one. */
    retryMs: number | null;
    /** Feeds a chunk of decoded text; returns the messages it completed. */
    feed(chunk: string): SseMessage[];
    private line;
    private dispatch;
}
