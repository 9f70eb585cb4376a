import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../src/backoff.js';

const opts = (r: number) => ({ baseMs: 500, maxMs: 30_000, random: () => r });

test('delays grow exponentially, half fixed and half jitter, up to the ceiling', () => {
  assert.equal(backoffDelay(0, opts(0)), 250);
  assert.equal(backoffDelay(0, opts(0.999999)) < 500, true);
  assert.equal(backoffDelay(1, opts(0)), 500);
  assert.equal(backoffDelay(3, opts(0)), 2000);
  assert.equal(backoffDelay(20, opts(0)), 15_000);
  assert.ok(backoffDelay(20, opts(0.999999)) <= 30_000);
  assert.ok(backoffDelay(1e9, opts(0.5)) <= 30_000);
});

test('jitter spreads tabs that failed at the same moment', () => {
  const delays = new Set<number>();
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 50; i++) {
    delays.add(Math.round(backoffDelay(4, { baseMs: 500, maxMs: 30_000, random })));
  }
  assert.ok(delays.size > 40, `only ${delays.size} distinct delays`);
  for (const d of delays) {
    assert.ok(d >= 4000 && d <= 8000, `delay ${d}`);
  }
});

test("the server's Retry-After is a floor", () => {
  assert.ok(backoffDelay(0, opts(0), 5_000) >= 5_000);
  assert.ok(backoffDelay(0, opts(0.99), 5_000) < 5_500);
  // A long exponential step still wins over a short Retry-After.
  assert.equal(backoffDelay(10, opts(0), 1_000), 15_000);
});
