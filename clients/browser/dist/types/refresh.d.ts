import { type BackoffOptions } from './backoff.js';
import type { EndReason } from './errors.js';
/**
 * Refresh coordination across tabs: the supertokens pattern. A call that met a stale access token asks for a
 * refresh, saying which credential version it used. The request takes a cross-tab lock, then re-reads the shared
 * state: if another tab rotated the pair meanwhile (the version moved on), it adopts that pair and never presents
 * the spent refresh token; only if the version is still the one the call used does it rotate, and it publishes the
 * new pair before the lock is released. Within one tab, concurrent requests for the same version share one attempt.
 * Transient failures (network, 429, 5xx) are retried with backoff and jitter, and never end the session.
 */
export interface RefreshDeps<S> {
    /** Runs `fn` holding the cross-tab refresh lock. */
    withLock<T>(fn: () => Promise<T>): Promise<T>;
    /** The shared state as it is now (cookie mode: the cookie jar; bearer mode: the newest pair any tab holds). */
    read(): Promise<S | null>;
    /** The version of a state (null: no state). */
    version(state: S | null): string | null;
    /** Rotates the pair with the server. */
    rotate(state: S | null): Promise<RotateResult<S>>;
    /** Makes a freshly rotated state the shared one (all tabs). Called while the lock is held. */
    publish(state: S): void;
    /** Told when refreshing starts failing transiently (true) and when it recovers (false); an unavailable outcome leaves it true. */
    onReconnecting?(reconnecting: boolean): void;
    backoff?: BackoffOptions;
    /** How long a refresh keeps retrying transient failures before giving the caller a transient answer. */
    giveUpAfterMs?: number;
    now?: () => number;
    wait?: (ms: number) => Promise<void>;
}
export type RotateResult<S> = {
    kind: 'ok';
    state: S;
} | {
    kind: 'ended';
    reason: EndReason;
    code: string;
} | {
    kind: 'transient';
    retryAfterMs: number | null;
};
export type RefreshOutcome<S> = 
/** This tab rotated the pair. */
{
    kind: 'rotated';
    state: S;
}
/** Another tab had already rotated it: this tab adopted that pair. */
 | {
    kind: 'adopted';
    state: S;
} | {
    kind: 'ended';
    reason: EndReason;
    code: string;
}
/** Still failing transiently after the retry budget: the session is NOT over; the caller may try later. */
 | {
    kind: 'unavailable';
};
export declare class RefreshCoordinator<S> {
    private readonly _deps;
    private readonly _inFlight;
    /** How many times this tab rotated and adopted (for diagnostics and tests). */
    readonly stats: {
        rotated: number;
        adopted: number;
        transientFailures: number;
    };
    constructor(_deps: RefreshDeps<S>);
    /** Refreshes unless someone already moved past `usedVersion`. */
    refresh(usedVersion: string | null): Promise<RefreshOutcome<S>>;
    private run;
}
