/** Retry delays: exponential with jitter, so tabs and devices that failed together don't retry together. */
export interface BackoffOptions {
    /** First delay, in ms. */
    baseMs: number;
    /** Ceiling of the exponential part, in ms. */
    maxMs: number;
    /** A number in [0, 1); Math.random by default (injectable for tests). */
    random?: () => number;
}
export declare const DEFAULT_BACKOFF: BackoffOptions;
/**
 * The delay before retry number `attempt` (0-based): "equal jitter", half of the exponential step fixed and half
 * random, so a delay is never near zero. A server's Retry-After is a floor, with up to one base step of jitter on top.
 */
export declare function backoffDelay(attempt: number, options?: BackoffOptions, retryAfterMs?: number | null): number;
/** Resolves after `ms`, or rejects when the signal aborts. */
export declare function sleep(ms: number, signal?: AbortSignal): Promise<void>;
