/** Retry delays: exponential with jitter, so tabs and devices that failed together don't retry together. */
export interface BackoffOptions {
  /** First delay, in ms. */
  baseMs: number;
  /** Ceiling of the exponential part, in ms. */
  maxMs: number;
  /** A number in [0, 1); Math.random by default (injectable for tests). */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (0-based): "equal jitter", half of the exponential step fixed and half
 * random, so a delay is never near zero. A server's Retry-After is a floor, with up to one base step of jitter on top.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, retryAfterMs: number | null = null): number {
  const random = options.random ?? Math.random;
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = step / 2 + random() * (step / 2);
  if (retryAfterMs !== null && retryAfterMs >= 0) {
    return Math.max(retryAfterMs + random() * options.baseMs, jittered);
  }
  return jittered;
}

/** Resolves after `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
