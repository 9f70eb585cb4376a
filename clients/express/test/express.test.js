// Against a real SessionCluster API: dotnet test (Apps/ExpressPackageTests) starts one and runs npm test with
// SC_API_URL and SC_API_KEY. Without them only the offline tests run; the rest say why they skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import express from 'express';
import { sessionCluster, requireSession, requireAal2, signIn, signOut, verify, csrfFor, parseCookies, createClient } from '../src/index.js';
// The README imports the same names from '@sessioncluster/express'.

const API = process.env.SC_API_URL;
const KEY = process.env.SC_API_KEY;
const needsApi = API && KEY ? false : 'SC_API_URL and SC_API_KEY are not set (dotnet test runs these against a real API)';

function token() {
  return `acme.${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

test('csrfFor is HMAC-SHA256 of the access token secret over "csrf", base64url', () => {
  const t = token();
  const secret = t.split('.')[2];
  assert.equal(csrfFor(t), createHmac('sha256', secret).update('csrf').digest('base64url'));
  assert.equal(csrfFor('not-a-token'), null);
});

test('parseCookies keeps the first value of a name', () => {
  assert.deepEqual(parseCookies('a=1; b=2; a=3'), { a: '1', b: '2' });
});

test('verify without a credential is 401 token_invalid, without calling the cluster', async () => {
  let calls = 0;
  const client = { validate: async () => { calls++; } };
  assert.deepEqual(await verify({}, { client }), { ok: false, status: 401, code: 'token_invalid', viaCookie: false });
  assert.equal(calls, 0);
});

test('verify refuses an unsafe cookie call without the CSRF token before calling the cluster', async () => {
  let calls = 0;
  const client = { validate: async () => { calls++; } };
  const t = token();
  const result = await verify({ cookie: `__Host-sc-access=${t}` }, { client, method: 'POST' });
  assert.equal(result.code, 'csrf_invalid');
  assert.equal(result.status, 403);
  assert.equal(calls, 0);
});

test('an unreachable cluster is 503 cluster_unavailable, never 401', async () => {
  const result = await verify({ authorization: `Bearer ${token()}` }, { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', timeoutMs: 500 });
  assert.equal(result.status, 503);
  assert.equal(result.code, 'cluster_unavailable');
});

async function startApp() {
  const app = express();
  app.set('trust proxy', false);
  app.use(express.json());
  // The README's three lines:
  app.use(sessionCluster({ baseUrl: API, apiKey: KEY }));
  app.get('/hello', requireSession(), (req, res) => res.send(`Hello ${req.sessionCluster.user}`));
  app.post('/login', async (req, res) => {
    const issued = await signIn(res, req.body.user, { device: { name: 'Express test' } });
    res.json({ sessionId: issued.sessionId });
  });
  app.post('/hello', requireSession(), (req, res) => res.send('changed'));
  app.get('/secure', requireAal2(), (req, res) => res.send('secure'));
  app.get('/page', requireSession({ loginPath: '/login-page' }), (req, res) => res.send('page'));
  app.post('/logout', async (req, res) => { await signOut(req, res); res.status(204).end(); });
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, close: () => new Promise((r) => server.close(r)) };
}

function cookiesOf(response) {
  const jar = {};
  const raw = response.headers.getSetCookie();
  for (const line of raw) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { jar, raw };
}

test('signIn sets cookie mode\'s cookies, the cookie authenticates, CSRF guards unsafe calls, signOut revokes', { skip: needsApi }, async () => {
  const app = await startApp();
  try {
    const user = `express-${randomBytes(6).toString('hex')}`;
    const login = await fetch(`${app.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'ExpressTest/1' }, body: JSON.stringify({ user }) });
    assert.equal(login.status, 200);
    const { jar, raw } = cookiesOf(login);
    assert.match(raw.find((c) => c.startsWith('__Host-sc-access=')), /; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    assert.match(raw.find((c) => c.startsWith('__Secure-sc-refresh=')), /; Path=\/v1\/me\/refresh; HttpOnly; Secure; SameSite=Strict$/);
    assert.match(raw.find((c) => c.startsWith('__Host-sc-csrf=')), /; Path=\/; Secure; SameSite=Lax$/);
    assert.equal(jar['__Host-sc-csrf'], csrfFor(jar['__Host-sc-access']), 'the cluster\'s CSRF token is the one the package derives');
    const cookie = `__Host-sc-access=${jar['__Host-sc-access']}; __Host-sc-csrf=${jar['__Host-sc-csrf']}`;

    const hello = await fetch(`${app.base}/hello`, { headers: { cookie } });
    assert.equal(await hello.text(), `Hello ${user}`);

    const noCsrf = await fetch(`${app.base}/hello`, { method: 'POST', headers: { cookie } });
    assert.equal(noCsrf.status, 403);
    assert.equal((await noCsrf.json()).code, 'csrf_invalid');
    const withCsrf = await fetch(`${app.base}/hello`, { method: 'POST', headers: { cookie, 'x-csrf-token': jar['__Host-sc-csrf'] } });
    assert.equal(await withCsrf.text(), 'changed');

    const secure = await fetch(`${app.base}/secure`, { headers: { cookie } });
    assert.equal(secure.status, 403);
    assert.equal((await secure.json()).code, 'step_up_required');

    // Framework-free verify sees the same session.
    const verified = await verify({ cookie }, { baseUrl: API, apiKey: KEY });
    assert.equal(verified.ok, true);
    assert.equal(verified.session.user, user);
    assert.equal(verified.session.aal, 1);

    const logout = await fetch(`${app.base}/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': jar['__Host-sc-csrf'] } });
    assert.equal(logout.status, 204);
    assert.ok(cookiesOf(logout).raw.some((c) => c.startsWith('__Host-sc-access=;')));
    const after = await fetch(`${app.base}/hello`, { headers: { cookie } });
    assert.equal(after.status, 401);
    assert.equal((await after.json()).code, 'session_revoked');
    const page = await fetch(`${app.base}/page`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/login-page?returnUrl=%2Fpage');
  } finally {
    await app.close();
  }
});

test('a bearer token created with the service key authenticates, an AAL2 session passes requireAal2', { skip: needsApi }, async () => {
  const app = await startApp();
  try {
    const client = createClient({ baseUrl: API, apiKey: KEY });
    const issued = await client.createSession({ userId: `express-${randomBytes(6).toString('hex')}`, aal: 2 });
    const secure = await fetch(`${app.base}/secure`, { headers: { authorization: `Bearer ${issued.accessToken}` } });
    assert.equal(await secure.text(), 'secure');
    const bogus = await fetch(`${app.base}/hello`, { headers: { authorization: `Bearer ${token()}` } });
    assert.equal(bogus.status, 401);
    assert.equal((await bogus.json()).code, 'token_invalid');
  } finally {
    await app.close();
  }
});
