import { backoffDelay, sleep, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { classifyCall, classifyRefresh, endReasonOf, type EndReason } from './errors.js';
import { LeaderBook, LockQueue, newTabId } from './leader.js';
import { RefreshCoordinator, type RotateResult } from './refresh.js';
import { SseParser } from './sse.js';
import type {
  ConnectionState, Device, DeviceLinkStart, EndedDetail, ExpiringDetail, MySession, Problem, SessionEvent,
  SessionView, SessionWithTokens, TokenPair,
} from './types.js';

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
export class SessionClusterError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryAfterMs: number | null = null) {
    super(message);
    this.name = 'SessionClusterError';
  }
}

interface BearerState extends TokenPair {
  generation: number;
}

type TabMessage =
  | { t: 'hello'; from: string }
  | { t: 'bye'; from: string }
  | { t: 'state?'; from: string; q: string }
  | { t: 'state'; from: string; q?: string; state: BearerState | null }
  | { t: 'event'; from: string; event: SessionEvent }
  | { t: 'ended'; from: string; detail: EndedDetail; sessionId: string | null }
  | { t: 'signedIn'; from: string }
  | { t: 'extended'; from: string; session: SessionView }
  | { t: 'dismiss'; from: string; expiresAt: string }
  | { t: 'conn'; from: string; state: ConnectionState }
  | { t: 'lock?'; from: string; q: string }
  | { t: 'lock!'; from: string; to: string; q: string }
  | { t: 'unlock'; from: string; q: string };

const CSRF_COOKIE = '__Host-sc-csrf';
const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/i;
const HELLO_EVERY_MS = 1_000;
const STREAM_SILENCE_MS = 45_000;
const PEER_ANSWER_MS = 250;
const LOCK_WAIT_MS = 5_000;

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
export class SessionClient extends EventTarget {
  readonly mode: 'cookie' | 'bearer';
  readonly tabId = newTabId();
  private readonly _base: string;
  private readonly _scope: string;
  private readonly _storage: 'memory' | 'sessionStorage';
  private readonly _wantEvents: boolean;
  private readonly _backoff: BackoffOptions;
  readonly tenant: string | undefined;
  private readonly _channel: BroadcastChannel | null;
  private readonly _book = new LeaderBook(this.tabId, HELLO_EVERY_MS * 3);
  private readonly _refresher: RefreshCoordinator<BearerState | string>;
  private _bearer: BearerState | null = null;
  private _session: SessionView | null = null;
  private _state: ConnectionState = 'starting';
  private _leader = false;
  private _started: Promise<void> | null = null;
  private _stream: AbortController | null = null;
  private _ended = false;
  private _expiring: ExpiringDetail | null = null;
  private _fallbackTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly _answers = new Map<string, (state: BearerState | null) => void>();
  private readonly _useLocks: boolean;
  /** Fallback lock: the queue (kept by the leader) and this tab's pending asks. */
  private readonly _lockQueue = new LockQueue();
  private readonly _grants = new Map<string, () => void>();

  constructor(options: SessionClientOptions = {}) {
    super();
    this.mode = options.mode ?? 'cookie';
    this._base = (options.baseUrl ?? '').replace(/\/$/, '');
    this._scope = options.scope ?? 'sessioncluster';
    this._storage = options.storage ?? 'memory';
    this._wantEvents = options.events ?? true;
    this._backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.tenant = options.tenant;
    this._useLocks = (options.webLocks ?? true) && hasLocks();
    this._channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`${this._scope}:tabs`) : null;
    this._channel?.addEventListener('message', (e: MessageEvent<TabMessage>) => this.onTabMessage(e.data));
    this._refresher = new RefreshCoordinator<BearerState | string>({
      withLock: (fn) => this.withLock(`${this._scope}:refresh`, fn),
      read: () => (this.mode === 'cookie' ? Promise.resolve(readCookie(CSRF_COOKIE)) : this.readSharedBearer(false)),
      version: (s) => (s === null ? null : typeof s === 'string' ? s : s.refreshToken),
      rotate: (s) => this.rotate(s),
      publish: (s) => {
        if (typeof s !== 'string') {
          this.adoptBearer(s);
          this.post({ t: 'state', from: this.tabId, state: s });
        }
      },
      onReconnecting: (on) => this.setState(on ? 'reconnecting' : this._ended ? 'signedOut' : 'online'),
      backoff: this._backoff,
    });
  }

  /** The session this page is signed in to (null until started, or when signed out). */
  get session(): SessionView | null {
    return this._session;
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Whether this tab holds the event stream for all tabs. */
  get isLeader(): boolean {
    return this._leader;
  }

  /** The warning in force, if the session is about to end. */
  get expiring(): ExpiringDetail | null {
    return this._expiring;
  }

  /** How often this tab rotated or adopted a pair (diagnostics). */
  get refreshStats(): { rotated: number; adopted: number; transientFailures: number } {
    return { ...this._refresher.stats };
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<T = unknown>(type: string, listener: (detail: T) => void): () => void {
    const handler = (e: Event): void => listener((e as CustomEvent<T>).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  /**
   * Joins the other tabs, elects a leader and reads the session. Idempotent. A page that is not signed in ends in
   * state `signedOut` (no error).
   */
  start(): Promise<void> {
    this._started ??= this.doStart();
    return this._started;
  }

  private async doStart(): Promise<void> {
    this.post({ t: 'hello', from: this.tabId });
    const hello = setInterval(() => {
      this.post({ t: 'hello', from: this.tabId });
      if (!this._useLocks) {
        this.checkFallbackLeader();
      }
    }, HELLO_EVERY_MS);
    globalThis.addEventListener?.('pagehide', () => {
      clearInterval(hello);
      this.post({ t: 'bye', from: this.tabId });
    });
    if (this.mode === 'bearer') {
      const shared = await this.readSharedBearer(true);
      const stored = shared ?? this.loadStored();
      if (stored !== null) {
        this.adoptBearer(stored);
      }
    }
    await this.loadSession();
    this.electLeader();
  }

  /** Bearer mode: use a pair the app's back end handed to the page (after sign-in). Shared with every tab. */
  async signIn(pair: TokenPair): Promise<SessionView | null> {
    await this.start();
    const state: BearerState = { ...pair, generation: (this._bearer?.generation ?? 0) + 1 };
    this._ended = false;
    this.adoptBearer(state);
    this.post({ t: 'state', from: this.tabId, state });
    this.post({ t: 'signedIn', from: this.tabId });
    await this.loadSession();
    return this._session;
  }

  /**
   * Cookie mode: trade the refresh token the app handed to the page for HttpOnly cookies (the pair is rotated,
   * so the tokens script saw stop working).
   */
  async startCookieMode(refreshToken: string): Promise<SessionView | null> {
    await this.start();
    const res = await fetch(this.url('/v1/me/cookie'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      throw await toError(res);
    }
    this._ended = false;
    this.post({ t: 'signedIn', from: this.tabId });
    await this.loadSession();
    return this._session;
  }

  // ---- the app's calls --------------------------------------------------------------------------------------

  /**
   * `fetch` for the app's own calls (and SessionCluster's /v1/me): attaches the credential (bearer header, or the
   * cookie plus X-CSRF-Token on unsafe methods), refreshes once across all tabs on a stale access token and retries,
   * and retries transient failures of idempotent calls with backoff. It never signs the user out on a network
   * error, 429 or 5xx; a session code of a 401 ends the session (the response is still returned).
   * Bodies must be re-sendable (string, Blob, FormData, URLSearchParams), as a call may be sent twice.
   */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const method = (init.method ?? 'GET').toUpperCase();
    const idempotent = !UNSAFE.test(method) || method === 'PUT' || method === 'DELETE';
    // A refresh per stale credential, a few at most: a pair adopted from another tab can itself be rotated a moment
    // later (a slow call), which is progress and worth one more try; the same credential twice is not.
    let refreshes = 0;
    let refreshedFor: string | null | undefined;
    let csrfRetried = false;
    for (let transient = 0; ; ) {
      const used = this.credentialVersion();
      let res: Response;
      try {
        res = await fetch(input, this.withCredential(init, method));
      } catch (error) {
        if (isAbort(error) || !idempotent || transient >= 3) {
          throw error;
        }
        this.setState('reconnecting');
        await sleep(backoffDelay(transient++, this._backoff), init.signal ?? undefined);
        continue;
      }
      const code = await problemCode(res);
      const verdict = classifyCall(res.status, code, res.headers.get('Retry-After'));
      switch (verdict.kind) {
        case 'ok':
          if (this._state === 'reconnecting' && !this._ended) {
            this.setState('online');
          }
          return res;
        case 'refresh': {
          if (refreshes >= 3 || used === refreshedFor || this._ended) {
            return res;
          }
          refreshes++;
          refreshedFor = used;
          const outcome = await this._refresher.refresh(used);
          if (outcome.kind === 'ended') {
            this.end({ reason: outcome.reason, code: outcome.code });
            return res;
          }
          if (outcome.kind === 'unavailable') {
            return res;
          }
          continue;
        }
        case 'csrf':
          if (csrfRetried) {
            return res;
          }
          csrfRetried = true;
          continue;
        case 'ended':
          this.end({ reason: verdict.reason, code: verdict.code });
          return res;
        case 'transient':
          if (!idempotent || transient >= 3) {
            return res;
          }
          this.setState('reconnecting');
          await sleep(backoffDelay(transient++, this._backoff, verdict.retryAfterMs), init.signal ?? undefined);
          continue;
        default:
          return res;
      }
    }
  }

  // ---- the user's session -----------------------------------------------------------------------------------

  /** GET /v1/me. */
  async me(): Promise<SessionView> {
    const session = await this.json<SessionView>('GET', '/v1/me');
    this.setSession(session);
    return session;
  }

  /** The user's active sessions, the current one first. */
  async sessions(): Promise<MySession[]> {
    const list = await this.json<{ sessions: MySession[] }>('GET', '/v1/me/sessions');
    return [...list.sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  /** The user's devices (GET /v1/me/devices). */
  async devices(): Promise<Device[]> {
    const list = await this.json<{ devices: Device[] }>('GET', '/v1/me/devices');
    return list.devices;
  }

  /** Signs one of the user's sessions out (this one: use logout()). */
  async revokeSession(sessionId: string): Promise<void> {
    await this.json('DELETE', `/v1/me/sessions/${encodeURIComponent(sessionId)}`);
  }

  /** Signs a device (all its sessions) out. */
  async removeDevice(deviceId: string): Promise<void> {
    await this.json('DELETE', `/v1/me/devices/${encodeURIComponent(deviceId)}`);
  }

  /** Renews the idle window (never past the absolute cap); closes the warning in every tab. */
  async extend(): Promise<SessionView> {
    const session = await this.json<SessionView>('POST', '/v1/me/extend');
    this.setSession(session);
    this.onExtended(session);
    this.post({ t: 'extended', from: this.tabId, session });
    return session;
  }

  /** Signs this session out, in every tab. */
  async logout(): Promise<void> {
    try {
      await this.json('POST', '/v1/me/logout');
    } finally {
      this.end({ reason: 'signedOut', code: 'logout' });
    }
  }

  /** Signs every other session of the user out; returns how many. */
  async logoutOthers(): Promise<number> {
    const result = await this.json<{ revoked: number }>('POST', '/v1/me/logout-others');
    return result.revoked;
  }

  /** Hides the expiry warning in every tab without extending (e.g. the user chose to save work first). */
  dismissWarning(): void {
    const expiresAt = this._expiring?.expiresAt;
    if (expiresAt !== undefined) {
      this.onDismissed(expiresAt);
      this.post({ t: 'dismiss', from: this.tabId, expiresAt });
    }
  }

  // ---- device linking ---------------------------------------------------------------------------------------

  /** The signed-in side: approves the code the new device shows. */
  async approveDeviceLink(userCode: string): Promise<{ linkId: string; userId: string }> {
    return this.json('POST', '/v1/me/device-links/approve', { userCode });
  }

  /**
   * The new (signed-out) side: asks for a code to show, then `wait()` long-polls until a signed-in device approves
   * it. In cookie mode the session arrives as cookies (script never sees the tokens); in bearer mode as a pair this
   * client adopts. Needs `tenant`, and the tenant must allow public device links.
   */
  async startDeviceLink(
    device: { name?: string; type?: string } = {},
    tenant: string | undefined = this.tenant,
  ): Promise<DeviceLinkStart & { wait(signal?: AbortSignal): Promise<SessionView> }> {
    if (tenant === undefined || tenant === '') {
      throw new SessionClusterError(0, 'validation_failed', 'startDeviceLink needs the tenant option.');
    }
    const path = `/v1/public/${encodeURIComponent(tenant)}/device-links`;
    const res = await fetch(this.url(path), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ device: { name: device.name ?? null, type: device.type ?? null }, cookie: this.mode === 'cookie' }),
    });
    if (!res.ok) {
      throw await toError(res);
    }
    const started = (await res.json()) as DeviceLinkStart & { linkId: string };
    const wait = async (signal?: AbortSignal): Promise<SessionView> => {
      for (let failures = 0; ; ) {
        let poll: Response;
        try {
          poll = await fetch(this.url(`${path}/poll`), {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ linkId: started.linkId, waitSeconds: 25, cookie: this.mode === 'cookie' }),
            signal: signal ?? null,
          });
        } catch (error) {
          if (isAbort(error)) {
            throw error;
          }
          await sleep(backoffDelay(failures++, this._backoff), signal);
          continue;
        }
        if (poll.status === 429 || poll.status >= 500) {
          await sleep(backoffDelay(failures++, this._backoff, retryAfterOf(poll)), signal);
          continue;
        }
        if (!poll.ok) {
          throw await toError(poll);
        }
        failures = 0;
        const body = (await poll.json()) as { status: string; session?: SessionView | SessionWithTokens | null };
        if (body.status === 'pending') {
          continue;
        }
        if (body.status !== 'approved' || body.session == null) {
          throw new SessionClusterError(410, 'link_expired', `The link is ${body.status}; start again.`);
        }
        this._ended = false;
        if (this.mode === 'bearer' && 'refreshToken' in body.session) {
          await this.signIn({ accessToken: body.session.accessToken, refreshToken: body.session.refreshToken });
        } else {
          this.post({ t: 'signedIn', from: this.tabId });
          await this.loadSession();
        }
        return this._session ?? body.session;
      }
    };
    return { userCode: started.userCode, expiresAt: started.expiresAt, wait };
  }

  // ---- internals: HTTP ----------------------------------------------------------------------------------------

  private url(path: string): string {
    return this._base + path;
  }

  private async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    const res = await this.fetch(this.url(path), init);
    if (!res.ok) {
      throw await toError(res);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  private withCredential(init: RequestInit, method: string): RequestInit {
    const headers = new Headers(init.headers);
    if (this.mode === 'bearer') {
      if (this._bearer !== null) {
        headers.set('Authorization', `Bearer ${this._bearer.accessToken}`);
      }
      return { ...init, headers };
    }
    const csrf = readCookie(CSRF_COOKIE);
    if (UNSAFE.test(method) && csrf !== null) {
      headers.set('X-CSRF-Token', csrf);
    }
    return { ...init, headers, credentials: init.credentials ?? 'same-origin' };
  }

  /** What identifies the credential a call goes out with: the refresh token (bearer) or the CSRF cookie (cookie). */
  private credentialVersion(): string | null {
    return this.mode === 'bearer' ? (this._bearer?.refreshToken ?? null) : readCookie(CSRF_COOKIE);
  }

  private async rotate(state: BearerState | string | null): Promise<RotateResult<BearerState | string>> {
    let res: Response;
    try {
      if (this.mode === 'cookie') {
        if (state === null) {
          return { kind: 'ended', reason: 'signedOut', code: 'token_invalid' }; // no cookies: nothing to refresh
        }
        res = await fetch(this.url('/v1/me/refresh'), {
          method: 'POST',
          credentials: 'same-origin',
          headers: typeof state === 'string' ? { 'X-CSRF-Token': state } : {},
        });
      } else {
        const bearer = state as BearerState | null;
        if (bearer === null) {
          return { kind: 'ended', reason: 'signedOut', code: 'token_invalid' };
        }
        res = await fetch(this.url('/v1/me/refresh-token'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken: bearer.refreshToken }),
        });
      }
    } catch {
      return { kind: 'transient', retryAfterMs: null };
    }
    const verdict = classifyRefresh(res.status, await problemCode(res), res.headers.get('Retry-After'));
    switch (verdict.kind) {
      case 'ok': {
        if (this.mode === 'cookie') {
          return { kind: 'ok', state: readCookie(CSRF_COOKIE) ?? '' };
        }
        const pair = (await res.json()) as SessionWithTokens;
        const generation = Math.max(this._bearer?.generation ?? 0, (state as BearerState).generation) + 1;
        return { kind: 'ok', state: { accessToken: pair.accessToken, refreshToken: pair.refreshToken, generation } };
      }
      case 'ended':
        return { kind: 'ended', reason: verdict.reason, code: verdict.code };
      case 'transient':
        return { kind: 'transient', retryAfterMs: verdict.retryAfterMs };
      default:
        // 400/403 and the like: not a reason to sign out, nor to hammer the server; treat as a passing outage.
        return { kind: 'transient', retryAfterMs: 5_000 };
    }
  }

  private async loadSession(): Promise<void> {
    if (this.mode === 'bearer' && this._bearer === null) {
      this._ended = true;
      this.setState('signedOut');
      return;
    }
    try {
      const session = await this.me();
      this._ended = false;
      this.setState('online');
      // Opened while the warning is up (only the absolute cap can be: loading the page was activity).
      if (session.expiresSoon && this._expiring === null) {
        const secondsLeft = Math.max(0, Math.round((Date.parse(session.idleExpiresAt) - Date.now()) / 1000));
        this.onExpiring({
          id: '', type: 'session.expiring', at: new Date().toISOString(), sessionId: session.sessionId, deviceId: session.deviceId,
          detail: { expiresAt: session.idleExpiresAt, secondsLeft: String(secondsLeft) },
        });
      }
      if (this._leader) {
        this.startStream();
      }
    } catch (error) {
      if (!(error instanceof SessionClusterError) || error.status !== 401) {
        this.setState('reconnecting'); // an outage at page load: the page stays signed in as far as anyone knows
        setTimeout(() => void this.loadSession(), backoffDelay(2, this._backoff));
        return;
      }
      this._ended = true;
      this.setState('signedOut');
    }
  }

  // ---- internals: tabs ----------------------------------------------------------------------------------------

  private post(message: TabMessage): void {
    this._channel?.postMessage(message);
  }

  private onTabMessage(m: TabMessage): void {
    this._book.heard(m.from);
    switch (m.t) {
      case 'bye':
        this._book.gone(m.from);
        if (!this._useLocks) {
          this.deliverGrant(this._lockQueue.drop(m.from));
          this.checkFallbackLeader();
        }
        break;
      case 'lock?':
        if (!this._useLocks && this._book.isLeader()) {
          this.deliverGrant(this._lockQueue.request(m.from, m.q));
        }
        break;
      case 'lock!':
        if (m.to === this.tabId) {
          const granted = this._grants.get(m.q);
          if (granted !== undefined) {
            granted();
          } else {
            this.post({ t: 'unlock', from: this.tabId, q: m.q }); // we stopped waiting: hand it straight back
          }
        }
        break;
      case 'unlock':
        if (!this._useLocks && this._book.isLeader()) {
          this.deliverGrant(this._lockQueue.release(m.q));
        }
        break;
      case 'state?':
        if (this.mode === 'bearer') {
          this.post({ t: 'state', from: this.tabId, q: m.q, state: this._bearer });
        }
        break;
      case 'state':
        if (m.q !== undefined) {
          this._answers.get(m.q)?.(m.state);
        }
        if (m.state !== null && m.state.generation > (this._bearer?.generation ?? 0)) {
          this.adoptBearer(m.state);
        }
        break;
      case 'event':
        this.onServerEvent(m.event);
        break;
      case 'ended':
        // Only the end of the session this tab holds (a tab that never had one says nothing: see end()).
        if (this._session !== null && m.sessionId === this._session.sessionId) {
          this.end(m.detail, false);
        }
        break;
      case 'signedIn':
        this._ended = false;
        void this.loadSession();
        break;
      case 'extended':
        this.setSession(m.session);
        this.onExtended(m.session);
        break;
      case 'dismiss':
        this.onDismissed(m.expiresAt);
        break;
      case 'conn':
        if (!this._leader && !this._ended) {
          this.setState(m.state);
        }
        break;
      default:
        break;
    }
  }

  /**
   * Bearer mode's shared state: the newest pair any live tab holds (asked over the channel) or this tab's own. A new
   * tab always asks (it has not heard the others yet); under the lock, a tab that knows of no other tab does not wait.
   */
  private async readSharedBearer(evenIfAlone: boolean): Promise<BearerState | null> {
    let best = this._bearer;
    if (this._channel === null || (!evenIfAlone && this._book.peers() === 0)) {
      return best;
    }
    const q = newTabId();
    const peers = Math.max(1, this._book.peers());
    await new Promise<void>((resolve) => {
      let answered = 0;
      const timer = setTimeout(done, PEER_ANSWER_MS);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this._answers.set(q, (state) => {
        if (state !== null && state.generation > (best?.generation ?? 0)) {
          best = state;
        }
        if (++answered >= peers) {
          done();
        }
      });
      this.post({ t: 'state?', from: this.tabId, q });
    });
    this._answers.delete(q);
    return best;
  }

  private adoptBearer(state: BearerState): void {
    this._bearer = state;
    if (this._storage === 'sessionStorage') {
      try {
        sessionStorage.setItem(`${this._scope}:pair`, JSON.stringify(state));
      } catch {
        // storage full or denied: memory only
      }
    }
  }

  private loadStored(): BearerState | null {
    if (this._storage !== 'sessionStorage') {
      return null;
    }
    try {
      const text = sessionStorage.getItem(`${this._scope}:pair`);
      return text === null ? null : (JSON.parse(text) as BearerState);
    } catch {
      return null;
    }
  }

  private async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this._useLocks) {
      return navigator.locks.request(name, { mode: 'exclusive' }, fn) as Promise<T>;
    }
    // No Web Locks: the leader tab grants the lock over the BroadcastChannel, one tab at a time. If no grant comes
    // (the leader just closed), ask again; after a few tries run anyway, since the re-read under the lock and the
    // server's reuse grace (the same pair for a just-rotated token) still keep a rare overlap safe.
    for (let attempt = 0; ; attempt++) {
      const q = newTabId();
      const leader = this._book.leader();
      const granted = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this._grants.delete(q);
          resolve(false);
        }, LOCK_WAIT_MS);
        this._grants.set(q, () => {
          clearTimeout(timer);
          this._grants.delete(q);
          resolve(true);
        });
        if (leader === this.tabId) {
          this.deliverGrant(this._lockQueue.request(this.tabId, q));
        } else {
          this.post({ t: 'lock?', from: this.tabId, q });
        }
      });
      if (!granted && attempt < 2) {
        this.releaseLock(q, leader);
        continue;
      }
      try {
        return await fn();
      } finally {
        if (granted) {
          this.releaseLock(q, leader);
        }
      }
    }
  }

  private releaseLock(q: string, leader: string): void {
    if (leader === this.tabId) {
      this.deliverGrant(this._lockQueue.release(q));
    } else {
      this.post({ t: 'unlock', from: this.tabId, q });
    }
  }

  private deliverGrant(grant: { tab: string; q: string } | null): void {
    if (grant === null) {
      return;
    }
    if (grant.tab === this.tabId) {
      const granted = this._grants.get(grant.q);
      if (granted !== undefined) {
        granted();
      } else {
        this.deliverGrant(this._lockQueue.release(grant.q));
      }
    } else {
      this.post({ t: 'lock!', from: this.tabId, to: grant.tab, q: grant.q });
    }
  }

  private electLeader(): void {
    if (!this._wantEvents) {
      return;
    }
    if (this._useLocks) {
      // Granted to one tab at a time and released by the browser when that tab goes: leadership moves by itself.
      void navigator.locks.request(`${this._scope}:leader`, { mode: 'exclusive' }, () => {
        this.becomeLeader(true);
        return new Promise<void>(() => {});
      });
    } else {
      // Give every tab a moment to hear the others first, so a new tab does not lead for a second.
      this._electAfter = Date.now() + HELLO_EVERY_MS * 1.5;
      setTimeout(() => this.checkFallbackLeader(), HELLO_EVERY_MS * 1.5 + 10);
    }
  }

  private _electAfter = Infinity;

  private checkFallbackLeader(): void {
    if (this._wantEvents && this._started !== null && Date.now() >= this._electAfter) {
      this.becomeLeader(this._book.isLeader());
    }
  }

  private becomeLeader(leader: boolean): void {
    if (leader === this._leader) {
      return;
    }
    this._leader = leader;
    this.emit('leader', leader);
    if (leader) {
      if (this._session !== null && !this._ended) {
        this.startStream();
      } else if (!this._ended) {
        void this.loadSession();
      }
    } else {
      this._stream?.abort();
      this._stream = null;
    }
  }

  // ---- internals: the event stream (leader only) ------------------------------------------------------------

  private startStream(): void {
    if (this._stream !== null || !this._leader || this._ended) {
      return;
    }
    const controller = new AbortController();
    this._stream = controller;
    void this.runStream(controller).finally(() => {
      if (this._stream === controller) {
        this._stream = null;
      }
    });
  }

  private async runStream(controller: AbortController): Promise<void> {
    const parser = new SseParser();
    let failures = 0;
    let refreshedFor: string | null = null;
    while (!controller.signal.aborted && !this._ended) {
      const used = this.credentialVersion();
      const headers = new Headers({ Accept: 'text/event-stream' });
      if (this.mode === 'bearer' && this._bearer !== null) {
        headers.set('Authorization', `Bearer ${this._bearer.accessToken}`);
      }
      if (parser.lastEventId !== '') {
        headers.set('Last-Event-ID', parser.lastEventId);
      }
      let res: Response | null = null;
      try {
        res = await fetch(this.url('/v1/me/events'), { headers, credentials: 'same-origin', signal: controller.signal, cache: 'no-store' });
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
        void error;
      }
      if (res !== null && res.ok && res.body !== null) {
        failures = 0;
        refreshedFor = null;
        this.setState('online');
        const finalSeen = await this.readStream(res.body, parser, controller);
        if (finalSeen || controller.signal.aborted || this._ended) {
          return;
        }
      } else if (res !== null) {
        const verdict = classifyCall(res.status, await problemCode(res), res.headers.get('Retry-After'));
        if (verdict.kind === 'ended') {
          this.end({ reason: verdict.reason, code: verdict.code });
          return;
        }
        if (verdict.kind === 'refresh' && refreshedFor !== used) {
          refreshedFor = used;
          const outcome = await this._refresher.refresh(used);
          if (outcome.kind === 'ended') {
            this.end({ reason: outcome.reason, code: outcome.code });
            return;
          }
          if (outcome.kind !== 'unavailable') {
            continue;
          }
        }
        if (verdict.kind === 'transient') {
          await this.pause(backoffDelay(failures++, this._backoff, verdict.retryAfterMs), controller);
          continue;
        }
      }
      this.setState('reconnecting');
      await this.pause(backoffDelay(failures++, this._backoff, parser.retryMs), controller);
    }
  }

  private async pause(ms: number, controller: AbortController): Promise<void> {
    this.setState('reconnecting');
    try {
      await sleep(ms, controller.signal);
    } catch {
      // aborted
    }
  }

  /** Reads one connection; true when it carried the event that ends this session. */
  private async readStream(body: ReadableStream<Uint8Array>, parser: SseParser, controller: AbortController): Promise<boolean> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let silence = setTimeout(() => void reader.cancel(), STREAM_SILENCE_MS);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          return false;
        }
        clearTimeout(silence);
        silence = setTimeout(() => void reader.cancel(), STREAM_SILENCE_MS);
        for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
          if (message.event === 'heartbeat') {
            continue;
          }
          let event: SessionEvent;
          try {
            event = JSON.parse(message.data) as SessionEvent;
          } catch {
            continue;
          }
          this.post({ t: 'event', from: this.tabId, event });
          this.onServerEvent(event);
          if (this._ended) {
            return true;
          }
        }
      }
    } catch {
      return controller.signal.aborted;
    } finally {
      clearTimeout(silence);
    }
  }

  // ---- internals: what events mean --------------------------------------------------------------------------

  private onServerEvent(event: SessionEvent): void {
    this.emit('event', event);
    const mine = this._session !== null && event.sessionId === this._session.sessionId;
    switch (event.type) {
      case 'session.expiring':
        if (mine) {
          this.onExpiring(event);
        }
        break;
      case 'session.extended':
        if (mine && this._session !== null) {
          this.onExtended(this._session);
        }
        break;
      case 'session.expired':
        if (mine) {
          this.end({ reason: 'expired', code: 'session_expired' }, false);
        } else {
          this.emit('sessionsChanged', event);
        }
        break;
      case 'session.revoked':
        if (mine) {
          const reason = event.detail['reason'] ?? 'session_revoked';
          this.end({ reason: reason === 'logout' ? 'signedOut' : endReasonOf('session_revoked'), code: reason }, false);
        } else {
          this.emit('sessionsChanged', event);
        }
        break;
      case 'session.created':
      case 'device.removed':
        this.emit('sessionsChanged', event);
        break;
      case 'device.linked':
        this.emit('deviceLinked', event);
        this.emit('sessionsChanged', event);
        break;
      case 'security.alert':
        this.emit('securityAlert', event);
        break;
      case 'session.data_changed':
        this.emit('dataChanged', event);
        break;
      default:
        break;
    }
  }

  private onExpiring(event: SessionEvent): void {
    const secondsLeft = Number(event.detail['secondsLeft'] ?? '0');
    const expiresAt = event.detail['expiresAt'] ?? '';
    const absolute = this._session === null ? NaN : Date.parse(this._session.absoluteExpiresAt);
    const capped = !Number.isNaN(absolute) && Date.parse(expiresAt) >= absolute - 1_000;
    const detail: ExpiringDetail = { secondsLeft, expiresAt, deadline: Date.now() + secondsLeft * 1_000, capped };
    if (this._expiring?.expiresAt === expiresAt) {
      return; // the same warning, rebroadcast
    }
    this._expiring = detail;
    this.emit('expiring', detail);
    // If the stream is down when the time comes, ask once (a dead session answers 401 session_expired).
    this.clearFallback();
    this._fallbackTimer = setTimeout(() => {
      if (!this._ended && this._expiring === detail) {
        void this.me().catch(() => undefined);
      }
    }, secondsLeft * 1_000 + 3_000);
  }

  private onExtended(session: SessionView): void {
    this.clearFallback();
    if (this._expiring !== null) {
      this._expiring = null;
    }
    this.emit('extended', session);
  }

  private onDismissed(expiresAt: string): void {
    this.emit('dismissed', { expiresAt });
  }

  private clearFallback(): void {
    if (this._fallbackTimer !== null) {
      clearTimeout(this._fallbackTimer);
      this._fallbackTimer = null;
    }
  }

  /** The session is over (here and, unless told by another tab, in every tab). */
  private end(detail: EndedDetail, broadcast = true): void {
    if (this._ended && this._state === 'signedOut') {
      return;
    }
    const sessionId = this._session?.sessionId ?? null;
    this._session = null;
    this._ended = true;
    this._expiring = null;
    this.clearFallback();
    this._stream?.abort();
    this._stream = null;
    if (this.mode === 'bearer') {
      this._bearer = null;
      if (this._storage === 'sessionStorage') {
        try {
          sessionStorage.removeItem(`${this._scope}:pair`);
        } catch {
          // nothing stored
        }
      }
    }
    this.setState('signedOut');
    if (broadcast && sessionId !== null) {
      this.post({ t: 'ended', from: this.tabId, detail, sessionId });
    }
    this.emit(detail.reason, detail);
  }

  private setSession(session: SessionView): void {
    this._session = session;
    this.emit('session', session);
  }

  private setState(state: ConnectionState): void {
    if (state === this._state) {
      return;
    }
    this._state = state;
    this.emit('state', state);
    if (this._leader && state !== 'signedOut') {
      this.post({ t: 'conn', from: this.tabId, state });
    }
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

let shared: SessionClient | null = null;

/**
 * The page's client, made on first use: cookie mode on this origin unless the page says otherwise with
 * `<meta name="sessioncluster" content="mode=bearer; tenant=acme; base=https://…">`. The elements use it when no
 * client is assigned to them.
 */
export function defaultClient(): SessionClient {
  if (shared === null) {
    const options: SessionClientOptions = {};
    const meta = globalThis.document?.querySelector<HTMLMetaElement>('meta[name="sessioncluster"]')?.content ?? '';
    for (const part of meta.split(';')) {
      const [key, value] = part.split('=').map((s) => s.trim());
      if (key === 'mode' && (value === 'cookie' || value === 'bearer')) {
        options.mode = value;
      } else if (key === 'tenant' && value) {
        options.tenant = value;
      } else if (key === 'base' && value) {
        options.baseUrl = value;
      } else if (key === 'storage' && value === 'sessionStorage') {
        options.storage = value;
      }
    }
    if (options.tenant === undefined) {
      const fromUrl = globalThis.location === undefined ? null : new URLSearchParams(globalThis.location.search).get('tenant');
      if (fromUrl) {
        options.tenant = fromUrl;
      }
    }
    shared = new SessionClient(options);
  }
  return shared;
}

function hasLocks(): boolean {
  return typeof navigator !== 'undefined' && navigator.locks !== undefined && typeof navigator.locks.request === 'function';
}

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') {
    return null;
  }
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return null;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function retryAfterOf(res: Response): number | null {
  const value = res.headers.get('Retry-After');
  return value !== null && /^\d+$/.test(value) ? Number(value) * 1000 : null;
}

/** The problem's stable code, read from a clone so the caller still gets the whole body. */
async function problemCode(res: Response): Promise<string | null> {
  if (res.status < 400 || !(res.headers.get('Content-Type') ?? '').includes('json')) {
    return null;
  }
  try {
    const body = (await res.clone().json()) as Partial<Problem>;
    return typeof body.code === 'string' ? body.code : null;
  } catch {
    return null;
  }
}

async function toError(res: Response): Promise<SessionClusterError> {
  let problem: Partial<Problem> = {};
  try {
    problem = (await res.json()) as Partial<Problem>;
  } catch {
    // not a problem document
  }
  return new SessionClusterError(res.status, problem.code ?? `http_${res.status}`, problem.title ?? res.statusText, retryAfterOf(res));
}

export type { EndReason };
