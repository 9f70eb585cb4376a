/**
 * Which answers end a session and which never do. The rule users rely on: a network error, a 429 or a 5xx
 * never signs anyone out; only the session codes of a 401 end the session locally.
 */

/** 401 codes that mean the session itself is over (on any call). */
export const SESSION_ENDED_CODES: ReadonlySet<string> = new Set([
  'session_expired',
  'session_revoked',
  'refresh_token_reused',
]);

/** 401 codes on an ordinary call that mean "this access token is stale": refresh (once, across tabs) and retry. */
export const STALE_ACCESS_CODES: ReadonlySet<string> = new Set(['access_token_expired', 'token_invalid']);

/** How the session ended, as the SDK reports it. */
export type EndReason = 'expired' | 'revoked' | 'signedOut';

export type CallVerdict =
  | { kind: 'ok' }
  | { kind: 'refresh' }
  | { kind: 'csrf' }
  | { kind: 'ended'; reason: EndReason; code: string }
  | { kind: 'transient'; retryAfterMs: number | null }
  | { kind: 'fail' };

/** Classifies the answer to an ordinary authenticated call (the app's own call, or a /v1/me call). */
export function classifyCall(status: number | 'network', code: string | null, retryAfter: string | null = null): CallVerdict {
  if (status === 'network') {
    return { kind: 'transient', retryAfterMs: null };
  }
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    return { kind: 'transient', retryAfterMs: parseRetryAfter(retryAfter) };
  }
  if (status === 401 && code !== null) {
    if (SESSION_ENDED_CODES.has(code)) {
      return { kind: 'ended', reason: endReasonOf(code), code };
    }
    if (STALE_ACCESS_CODES.has(code)) {
      return { kind: 'refresh' };
    }
  }
  if (status === 403 && code === 'csrf_invalid') {
    return { kind: 'csrf' };
  }
  return status >= 200 && status < 400 ? { kind: 'ok' } : { kind: 'fail' };
}

/**
 * Classifies the answer to a refresh. Here `token_invalid` ends the session too: the refresh credential itself is
 * unknown (signed out elsewhere, cookies cleared). Network, 429 and 5xx stay transient.
 */
export function classifyRefresh(status: number | 'network', code: string | null, retryAfter: string | null = null): CallVerdict {
  if (status === 'network') {
    return { kind: 'transient', retryAfterMs: null };
  }
  if (status === 429 || status >= 500) {
    return { kind: 'transient', retryAfterMs: parseRetryAfter(retryAfter) };
  }
  if (status === 401) {
    if (code !== null && SESSION_ENDED_CODES.has(code)) {
      return { kind: 'ended', reason: endReasonOf(code), code };
    }
    return { kind: 'ended', reason: 'signedOut', code: code ?? 'token_invalid' };
  }
  if (status === 403 && code === 'csrf_invalid') {
    return { kind: 'csrf' };
  }
  return status >= 200 && status < 300 ? { kind: 'ok' } : { kind: 'fail' };
}

export function endReasonOf(code: string): EndReason {
  switch (code) {
    case 'session_expired':
      return 'expired';
    case 'session_revoked':
    case 'refresh_token_reused':
      return 'revoked';
    default:
      return 'signedOut';
  }
}

/** Retry-After as delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
