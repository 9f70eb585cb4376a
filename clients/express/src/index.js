// SessionCluster for Express and other Node servers. No runtime dependencies: node's fetch and crypto.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Cookie mode's names, exactly as the SessionCluster API sets them. */
export const COOKIES = Object.freeze({
  access: '__Host-sc-access',
  refresh: '__Secure-sc-refresh',
  csrf: '__Host-sc-csrf',
  csrfHeader: 'x-csrf-token',
  refreshPath: '/v1/me/refresh',
});

const SESSION_CODES = new Set(['token_invalid', 'access_token_expired', 'session_expired', 'session_revoked']);
const TOKEN = /^([a-z0-9][a-z0-9-]{0,62})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const CONFIG = Symbol('sessionCluster.config');

/** A SessionCluster problem (status and the API's stable code). 503 means an outage, never a sign-out. */
export class SessionClusterError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message ?? code);
    this.name = 'SessionClusterError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** The service endpoints an app needs here, over HTTP with the tenant's key. */
export function createClient({ baseUrl, apiKey, timeoutMs = 2000, fetch: fetchImpl = globalThis.fetch } = {}) {
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) throw new TypeError('sessionCluster: baseUrl must be the http(s) address of the SessionCluster API');
  if (!apiKey) throw new TypeError('sessionCluster: apiKey must be the tenant\'s API key');
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';

  async function call(method, path, body, { retry = false } = {}) {
    // Repeat-safe calls (validate, reads, revocations) are tried twice; a create is sent once.
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetchImpl(new URL(path, base), {
          method,
          headers: { 'X-Api-Key': apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (retry && attempt === 0) continue;
        throw new SessionClusterError(503, 'cluster_unavailable', `SessionCluster did not answer ${method} /${path}: ${error?.name ?? error}`);
      }
      if (response.status >= 500 && retry && attempt === 0) continue;
      const text = await response.text();
      const json = text ? safeJson(text) : null;
      if (response.ok) return json;
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      if (response.status >= 500) throw new SessionClusterError(503, 'cluster_unavailable', `SessionCluster answered ${response.status}`, retryAfter);
      throw new SessionClusterError(response.status, json?.code ?? 'unexpected_status', json?.title, retryAfter);
    }
  }

  return {
    validate: (accessToken, client) => call('POST', 'v1/sessions/validate', { accessToken, client }, { retry: true }),
    createSession: (session) => call('POST', 'v1/sessions', session),
    refresh: (refreshToken, client) => call('POST', 'v1/sessions/refresh', { refreshToken, client }),
    getSession: (sessionId) => call('GET', `v1/sessions/${encodeURIComponent(sessionId)}`, undefined, { retry: true }),
    revokeSession: (sessionId) => call('DELETE', `v1/sessions/${encodeURIComponent(sessionId)}`, undefined, { retry: true }),
    revokeUserSessions: (userId) => call('DELETE', `v1/users/${encodeURIComponent(userId)}/sessions`, undefined, { retry: true }),
  };
}

/** Cookie header → { name: value } (first value wins, as browsers send the most specific first). */
export function parseCookies(header) {
  const cookies = {};
  for (const part of String(header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in cookies)) cookies[name] = decodeURIComponentSafe(part.slice(eq + 1).trim());
  }
  return cookies;
}

/** The CSRF token bound to an access token: base64url(HMAC-SHA256(secret, "csrf")), as the cluster derives it. */
export function csrfFor(accessToken) {
  const match = TOKEN.exec(accessToken ?? '');
  return match ? createHmac('sha256', match[3]).update('csrf').digest('base64url') : null;
}

function csrfHolds(headers, cookies, accessToken) {
  const expected = csrfFor(accessToken);
  const header = header1(headers, COOKIES.csrfHeader);
  const cookie = cookies[COOKIES.csrf];
  if (!expected || !header || !cookie) return false;
  const e = Buffer.from(expected);
  const h = Buffer.from(header);
  const c = Buffer.from(cookie);
  return h.length === e.length && c.length === e.length && timingSafeEqual(h, e) && timingSafeEqual(c, e);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Framework-free: the SessionCluster session of a request's headers (Authorization: Bearer, else the access cookie
 * with the CSRF double-submit check on unsafe methods). Resolves { ok: true, session } or { ok: false, status, code }:
 * 401 with the session code, 403 csrf_invalid, 503 cluster_unavailable (an outage is never a 401).
 */
export async function verify(headers, { baseUrl, apiKey, client, method = 'GET', clientIp, userAgent } = {}) {
  const sc = client ?? createClient({ baseUrl, apiKey });
  const authorization = header1(headers, 'authorization');
  let token = null;
  let viaCookie = false;
  if (authorization && /^bearer /i.test(authorization)) {
    token = authorization.slice(7).trim();
  } else {
    const cookies = parseCookies(header1(headers, 'cookie'));
    if (cookies[COOKIES.access]) {
      token = cookies[COOKIES.access];
      viaCookie = true;
      if (!SAFE.has(method.toUpperCase()) && !csrfHolds(headers, cookies, token)) {
        return { ok: false, status: 403, code: 'csrf_invalid', viaCookie };
      }
    }
  }
  if (!token) return { ok: false, status: 401, code: 'token_invalid', viaCookie };
  try {
    const view = await sc.validate(token, { ip: clientIp ?? null, userAgent: userAgent ?? header1(headers, 'user-agent') ?? null });
    return { ok: true, viaCookie, session: toSession(view) };
  } catch (error) {
    if (!(error instanceof SessionClusterError)) throw error;
    if (error.status === 401 && SESSION_CODES.has(error.code)) return { ok: false, status: 401, code: error.code, viaCookie };
    if (error.status === 429) return { ok: false, status: 429, code: 'rate_limited', retryAfter: error.retryAfter, viaCookie };
    if (error.status === 401 || error.status >= 500) {
      // Our own key refused, or the cluster down: the user is not signed out for it.
      return { ok: false, status: 503, code: 'cluster_unavailable', retryAfter: error.retryAfter ?? 1, viaCookie };
    }
    return { ok: false, status: 401, code: 'token_invalid', viaCookie };
  }
}

function toSession(view) {
  return {
    user: view.userId,
    session: view.sessionId,
    device: view.deviceId,
    aal: view.aal,
    stepUpRequired: Boolean(view.stepUpRequired),
    expiresSoon: Boolean(view.expiresSoon),
    view,
  };
}

/**
 * Express middleware: req.sessionCluster is the session ({ user, session, device, aal, … }) or null, and
 * req.sessionClusterFailure says why not. It never ends the request itself: guards do.
 */
export function sessionCluster({ baseUrl, apiKey, timeoutMs, fetch } = {}) {
  const client = createClient({ baseUrl, apiKey, timeoutMs, fetch });
  return async function sessionClusterMiddleware(req, res, next) {
    res.locals[CONFIG] = client;
    try {
      const result = await verify(req.headers, { client, method: req.method, clientIp: req.ip });
      req.sessionCluster = result.ok ? result.session : null;
      req.sessionClusterFailure = result.ok ? null : result;
      next();
    } catch (error) {
      next(error);
    }
  };
}

function problem(res, status, code, title, retryAfter) {
  res.set('Cache-Control', 'no-store');
  if (retryAfter) res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: `urn:sessioncluster:problem:${code}`, title, status, code }));
}

/** A guard: a session, else the failure's answer (401 with its code, 403 csrf_invalid, 503), or a redirect for pages. */
export function requireSession({ loginPath } = {}) {
  return function requireSessionGuard(req, res, next) {
    if (req.sessionCluster) return next();
    const failure = req.sessionClusterFailure ?? { status: 401, code: 'token_invalid' };
    if (failure.status === 401) {
      if (failure.viaCookie && failure.code !== 'access_token_expired') clearCookies(res);
      if (loginPath && req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
        return res.redirect(302, `${loginPath}?returnUrl=${encodeURIComponent(req.originalUrl)}`);
      }
    }
    problem(res, failure.status, failure.code, titleOf(failure.code), failure.retryAfter);
  };
}

/** A guard: a session at AAL2 the tenant still trusts, else 403 step_up_required (or a redirect to stepUpPath). */
export function requireAal2({ loginPath, stepUpPath } = {}) {
  const session = requireSession({ loginPath });
  return function requireAal2Guard(req, res, next) {
    session(req, res, () => {
      const s = req.sessionCluster;
      if (s.aal >= 2 && !s.stepUpRequired) return next();
      if (stepUpPath && req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
        return res.redirect(302, `${stepUpPath}?returnUrl=${encodeURIComponent(req.originalUrl)}`);
      }
      problem(res, 403, 'step_up_required', titleOf('step_up_required'));
    });
  };
}

function cookieOptions(httpOnly, path, expires, sameSite = 'lax') {
  return { secure: true, httpOnly, sameSite, path, ...(expires ? { expires } : {}) };
}

function writeCookies(res, issued) {
  const expires = issued.rememberMe ? new Date(issued.absoluteExpiresAt) : undefined;
  // encode: identity, the tokens are URL-safe already and the API's cookies carry them as they are.
  const plain = (v) => v;
  res.cookie(COOKIES.access, issued.accessToken, { ...cookieOptions(true, '/', expires), encode: plain });
  res.cookie(COOKIES.refresh, issued.refreshToken, { ...cookieOptions(true, COOKIES.refreshPath, expires, 'strict'), encode: plain });
  res.cookie(COOKIES.csrf, issued.csrfToken, { ...cookieOptions(false, '/', expires), encode: plain });
  res.set('Cache-Control', 'no-store');
}

function clearCookies(res) {
  res.clearCookie(COOKIES.access, cookieOptions(true, '/'));
  res.clearCookie(COOKIES.refresh, cookieOptions(true, COOKIES.refreshPath, undefined, 'strict'));
  res.clearCookie(COOKIES.csrf, cookieOptions(false, '/'));
}

function clientOf(res) {
  if (!res.locals?.[CONFIG]) throw new Error('sessionCluster: app.use(sessionCluster({ baseUrl, apiKey })) must run before signIn/signOut');
  return res.locals[CONFIG];
}

/**
 * Opens a session for userId (whom the app just authenticated) with the request's address and user agent, and sets
 * cookie mode's cookies. Resolves the session with its tokens (keep them out of logs). Options: device, rememberMe, aal, data.
 */
export async function signIn(res, userId, { device, rememberMe = false, aal = 1, data } = {}) {
  const req = res.req;
  const issued = await clientOf(res).createSession({
    userId,
    device,
    client: { ip: req?.ip ?? null, userAgent: req?.get?.('user-agent')?.slice(0, 256) ?? null },
    rememberMe,
    aal,
    ...(data === undefined ? {} : { data }),
  });
  writeCookies(res, issued);
  return issued;
}

/**
 * Revokes the request's own session (only one its credential proved: req.sessionCluster) — or with
 * { everywhere: true } all of its user's — and clears the cookies. An outage rejects (SessionClusterError 503) and
 * leaves the cookies, so the user is never told they are out when they are not.
 */
export async function signOut(req, res, { everywhere = false } = {}) {
  const client = clientOf(res);
  const s = req.sessionCluster;
  if (s) {
    if (everywhere) await client.revokeUserSessions(s.user);
    else await client.revokeSession(s.session);
  }
  clearCookies(res);
  req.sessionCluster = null;
}

function titleOf(code) {
  switch (code) {
    case 'csrf_invalid': return 'A call made with the session cookie must send the CSRF token in the X-CSRF-Token header and the __Host-sc-csrf cookie.';
    case 'cluster_unavailable': return 'SessionCluster is unavailable; try again shortly.';
    case 'rate_limited': return 'Too many requests; retry after the time in Retry-After.';
    case 'step_up_required': return 'This needs a session at AAL2; step up (a second factor) first.';
    case 'session_revoked': return 'The session has been revoked.';
    case 'session_expired': return 'The session has expired.';
    case 'access_token_expired': return 'The access token has expired; refresh it.';
    default: return 'A valid session credential is required.';
  }
}

function header1(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

function decodeURIComponentSafe(value) {
  try { return decodeURIComponent(value); } catch { return value; }
}
