/**
 * Which answers end a session and which never do. The rule users rely on: a network error, a 429 or a 5xx
 * never signs anyone out; only the session codes of a 401 end the session locally.
 */
/** 401 codes that mean the session itself is over (on any call). */
export declare const SESSION_ENDED_CODES: ReadonlySet<string>;
/** 401 codes on an ordinary call that mean "this access token is stale": refresh (once, across tabs) and retry. */
export declare const STALE_ACCESS_CODES: ReadonlySet<string>;
/** How the session ended, as the SDK reports it. */
export type EndReason = 'expired' | 'revoked' | 'signedOut';
export type CallVerdict = {
    kind: 'ok';
} | {
    kind: 'refresh';
} | {
    kind: 'csrf';
} | {
    kind: 'ended';
    reason: EndReason;
    code: string;
} | {
    kind: 'transient';
    retryAfterMs: number | null;
} | {
    kind: 'fail';
};
/** Classifies the answer to an ordinary authenticated call (the app's own call, or a /v1/me call). */
export declare function classifyCall(status: number | 'network', code: string | null, retryAfter?: string | null): CallVerdict;
/**
 * Classifies the answer to a refresh. Here `token_invalid` ends the session too: the refresh credential itself is
 * unknown (signed out elsewhere, cookies cleared). Network, 429 and 5xx stay transient.
 */
export declare function classifyRefresh(status: number | 'network', code: string | null, retryAfter?: string | null): CallVerdict;
export declare function endReasonOf(code: string): EndReason;
/** Retry-After as delta seconds or an HTTP date; null when absent or unreadable. */
export declare function parseRetryAfter(value: string | null, now?: number): number | null;
