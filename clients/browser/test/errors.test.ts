import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCall, classifyRefresh, parseRetryAfter } from '../src/errors.js';

test('network errors, 429 and 5xx are transient on calls and on refresh: they never end a session', () => {
  for (const status of ['network', 429, 502, 503, 504] as const) {
    assert.equal(classifyCall(status, null).kind, 'transient', `call ${status}`);
    assert.equal(classifyRefresh(status, null).kind, 'transient', `refresh ${status}`);
  }
  assert.equal(classifyRefresh(500, 'internal_error').kind, 'transient');
  assert.equal(classifyCall(503, 'storage_unavailable', '7').kind, 'transient');
  assert.deepEqual(classifyCall(429, 'rate_limited', '3'), { kind: 'transient', retryAfterMs: 3000 });
});

test('only the session codes of a 401 end the session on an ordinary call', () => {
  assert.deepEqual(classifyCall(401, 'session_expired'), { kind: 'ended', reason: 'expired', code: 'session_expired' });
  assert.deepEqual(classifyCall(401, 'session_revoked'), { kind: 'ended', reason: 'revoked', code: 'session_revoked' });
  assert.deepEqual(classifyCall(401, 'refresh_token_reused'), { kind: 'ended', reason: 'revoked', code: 'refresh_token_reused' });
  // A stale access token (expired, or rotated by another tab) means refresh, not sign-out.
  assert.equal(classifyCall(401, 'access_token_expired').kind, 'refresh');
  assert.equal(classifyCall(401, 'token_invalid').kind, 'refresh');
  // A 401 without a SessionCluster code (the app's own) changes nothing.
  assert.equal(classifyCall(401, null).kind, 'fail');
  assert.equal(classifyCall(401, 'something_else').kind, 'fail');
  assert.equal(classifyCall(403, 'step_up_required').kind, 'fail');
  assert.equal(classifyCall(403, 'csrf_invalid').kind, 'csrf');
  assert.equal(classifyCall(404, 'not_found').kind, 'fail');
  assert.equal(classifyCall(200, null).kind, 'ok');
  assert.equal(classifyCall(204, null).kind, 'ok');
});

test('a refresh refused with 401 ends the session, whatever the code; other 4xx do not', () => {
  assert.equal(classifyRefresh(401, 'token_invalid').kind, 'ended');
  assert.equal(classifyRefresh(401, null).kind, 'ended');
  assert.deepEqual(classifyRefresh(401, 'refresh_token_reused'), { kind: 'ended', reason: 'revoked', code: 'refresh_token_reused' });
  assert.deepEqual(classifyRefresh(401, 'session_expired'), { kind: 'ended', reason: 'expired', code: 'session_expired' });
  assert.equal(classifyRefresh(400, 'validation_failed').kind, 'fail');
  assert.equal(classifyRefresh(403, 'csrf_invalid').kind, 'csrf');
  assert.equal(classifyRefresh(200, null).kind, 'ok');
});

test('Retry-After as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('12'), 12_000);
  assert.equal(parseRetryAfter(null), null);
  assert.equal(parseRetryAfter('soon'), null);
  const now = Date.parse('2026-12-02T10:00:00Z');
  assert.equal(parseRetryAfter('Wed, 02 Dec 2026 10:00:05 GMT', now), 5_000);
  assert.equal(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now), 0);
});
