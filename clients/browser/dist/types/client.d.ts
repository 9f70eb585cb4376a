import { type BackoffOptions } from './backoff.js';
import { type EndReason } from './errors.js';
import type { ConnectionState, Device, DeviceLinkStart, ExpiringDetail, MySession, SessionView, TokenPair } from './types.js';
export interface SessionClientOptions {
    /** `cookie` (default): HttpOnly cookies and the CSRF header. `bearer`: tokens in memory (optionally sessionStorage). */
    mode?: 'cookie' | 'bearer';
    /** Where SessionCluster's /v1 lives; default: this origin. Cookie mode needs it on the page's own origin. */
    baseUrl?: string;
    /** Bearer mode: also keep the pair in sessionStorage, so a reload of this tab keeps the session. */
    storage?: 'memory' | 'sessionStorage';
    /** Tabs with the same scope share one session, one refresh lock and one event stream. */
    scope?: string;
    /** Hold the live event stream (in the leader tab); default true. */
    events?: boolean;
    /** The tenant, for the public device-link endpoints a signed-out device uses (tenants must opt in). */
    tenant?: string;
    /** Use the Web Locks API when the browser has it (default). False forces the BroadcastChannel fallback. */
    webLocks?: boolean;
    backoff?: BackoffOptions;
}
/** An error answer from SessionCluster, with its stable code. */
export declare class SessionClusterError extends Error {
    readonly status: number;
    readonly code: string;
    readonly retryAfterMs: number | null;
    constructor(status: number, code: string, message: string, retryAfterMs?: number | null);
}
/**
 * The browser side of a SessionCluster session: one per page (see {@link defaultClient}). Tabs of one scope
 * cooperate over BroadcastChannel: one refresh at a time under a Web Lock, one leader tab holding /v1/me/events and
 * rebroadcasting, and every end of the session (logout, revocation, expiry) reaching every tab.
 *
 * Events (CustomEvent, `detail` as noted): `state` (ConnectionState), `session` (SessionView), `expiring`
 * (ExpiringDetail), `extended` (SessionView), `dismissed` ({expiresAt}), `expired`/`revoked`/`signedOut`
 * (EndedDetail), `securityAlert`, `deviceLinked`, `dataChanged`, `sessionsChanged` and `event` (SessionEvent),
 * `leader` (boolean).
 */
export declare class SessionClient extends EventTarget {
    readonly mode: 'cookie' | 'bearer';
    readonly tabId: string;
    private readonly _base;
    private readonly _scope;
    private readonly _storage;
    private readonly _wantEvents;
    private readonly _backoff;
    readonly tenant: string | undefined;
    private readonly _channel;
    private readonly _book;
    private readonly _refresher;
    private _bearer;
    private _session;
    private _state;
    private _leader;
    private _started;
    private _stream;
    private _ended;
    private _expiring;
    private _fallbackTimer;
    private readonly _answers;
    private readonly _useLocks;
    /** Fallback lock: the queue (kept by the leader) and this tab's pending asks. */
    private readonly _lockQueue;
    private readonly _grants;
    constructor(options?: SessionClientOptions);
    /** The session this page is signed in to (null until started, or when signed out). */
    get session(): SessionView | null;
    get state(): ConnectionState;
    /** Whether this tab holds the event stream for all tabs. */
    get isLeader(): boolean;
    /** The warning in force, if the session is about to end. */
    get expiring(): ExpiringDetail | null;
    /** How often this tab rotated or adopted a pair (diagnostics). */
    get refreshStats(): {
        rotated: number;
        adopted: number;
        transientFailures: number;
    };
    /** Subscribes to an event; returns the unsubscribe function. */
    on<T = unknown>(type: string, listener: (detail: T) => void): () => void;
    /**
     * Joins the other tabs, elects a leader and reads the session. Idempotent. A page that is not signed in ends in
     * state `signedOut` (no error).
     */
    start(): Promise<void>;
    private doStart;
    /** Bearer mode: use a pair the app's back end handed to the page (after sign-in). Shared with every tab. */
    signIn(pair: TokenPair): Promise<SessionView | null>;
    /**
     * Cookie mode: trade the refresh token the app handed to the page for HttpOnly cookies (the pair is rotated,
     * so the tokens script saw stop working).
     */
    startCookieMode(refreshToken: string): Promise<SessionView | null>;
    /**
     * `fetch` for the app's own calls (and SessionCluster's /v1/me): attaches the credential (bearer header, or the
     * cookie plus X-CSRF-Token on unsafe methods), refreshes once across all tabs on a stale access token and retries,
     * and retries transient failures of idempotent calls with backoff. It never signs the user out on a network
     * error, 429 or 5xx; a session code of a 401 ends the session (the response is still returned).
     * Bodies must be re-sendable (string, Blob, FormData, URLSearchParams), as a call may be sent twice.
     */
    fetch(input: string | URL, init?: RequestInit): Promise<Response>;
    /** GET /v1/me. */
    me(): Promise<SessionView>;
    /** The user's active sessions, the current one first. */
    sessions(): Promise<MySession[]>;
    /** The user's devices (GET /v1/me/devices). */
    devices(): Promise<Device[]>;
    /** Signs one of the user's sessions out (this one: use logout()). */
    revokeSession(sessionId: string): Promise<void>;
    /** Signs a device (all its sessions) out. */
    removeDevice(deviceId: string): Promise<void>;
    /** Renews the idle window (never past the absolute cap); closes the warning in every tab. */
    extend(): Promise<SessionView>;
    /** Signs this session out, in every tab. */
    logout(): Promise<void>;
    /** Signs every other session of the user out; returns how many. */
    logoutOthers(): Promise<number>;
    /** Hides the expiry warning in every tab without extending (e.g. the user chose to save work first). */
    dismissWarning(): void;
    /** The signed-in side: approves the code the new device shows. */
    approveDeviceLink(userCode: string): Promise<{
        linkId: string;
        userId: string;
    }>;
    /**
     * The new (signed-out) side: asks for a code to show, then `wait()` long-polls until a signed-in device approves
     * it. In cookie mode the session arrives as cookies (script never sees the tokens); in bearer mode as a pair this
     * client adopts. Needs `tenant`, and the tenant must allow public device links.
     */
    startDeviceLink(device?: {
        name?: string;
        type?: string;
    }, tenant?: string | undefined): Promise<DeviceLinkStart & {
        wait(signal?: AbortSignal): Promise<SessionView>;
    }>;
    private url;
    private json;
    private withCredential;
    /** What identifies the credential a call goes out with: the refresh token (bearer) or the CSRF cookie (cookie). */
    private credentialVersion;
    private rotate;
    private loadSession;
    private post;
    private onTabMessage;
    /**
     * Bearer mode's shared state: the newest pair any live tab holds (asked over the channel) or this tab's own. A new
     * tab always asks (it has not heard the others yet); under the lock, a tab that knows of no other tab does not wait.
     */
    private readSharedBearer;
    private adoptBearer;
    private loadStored;
    private withLock;
    private releaseLock;
    private deliverGrant;
    private electLeader;
    private _electAfter;
    private checkFallbackLeader;
    private becomeLeader;
    private startStream;
    private runStream;
    private pause;
    /** Reads one connection; true when it carried the event that ends this session. */
    private readStream;
    private onServerEvent;
    private onExpiring;
    private onExtended;
    private onDismissed;
    private clearFallback;
    /** The session is over (here and, unless told by another tab, in every tab). */
    private end;
    private setSession;
    private setState;
    private emit;
}
/**
 * The page's client, made on first use: cookie mode on this origin unless the page says otherwise with
 * `<meta name="sessioncluster" content="mode=bearer; tenant=acme; base=https://…">`. The elements use it when no
 * client is assigned to them.
 */
export declare function defaultClient(): SessionClient;
export type { EndReason };
