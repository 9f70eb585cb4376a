import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshCoordinator, type RotateResult } from '../src/refresh.js';

/** SessionCluster's rotation rules, in miniature: single-use refresh tokens, a reuse grace for the last one, theft. */
class ModelServer {
  generation = 0;
  revoked = false;
  reuse = 0;
  rotations = 0;
  private rotatedAt = -Infinity;
  constructor(private readonly graceMs: number, private readonly now: () => number) {}

  async refresh(token: string): Promise<RotateResult<Pair>> {
    await tick();
    if (this.revoked) {
      return { kind: 'ended', reason: 'revoked', code: 'session_revoked' };
    }
    const presented = Number(token.slice(1));
    if (presented === this.generation) {
      this.generation++;
      this.rotations++;
      this.rotatedAt = this.now();
      return { kind: 'ok', state: pair(this.generation) };
    }
    if (presented === this.generation - 1 && this.now() - this.rotatedAt <= this.graceMs) {
      return { kind: 'ok', state: pair(this.generation) }; // the same new pair, idempotently
    }
    this.revoked = true;
    this.reuse++;
    return { kind: 'ended', reason: 'revoked', code: 'refresh_token_reused' };
  }
}

interface Pair {
  refresh: string;
  generation: number;
}
const pair = (g: number): Pair => ({ refresh: `R${g}`, generation: g });
const tick = () => new Promise<void>((r) => setTimeout(r, Math.random() * 3));

/** A cross-tab exclusive lock (what navigator.locks gives), as a promise chain. */
function makeLock() {
  let tail: Promise<void> = Promise.resolve();
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const previous = tail;
    let release = () => {};
    tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

function makeTabs(server: ModelServer, count: number) {
  const lock = makeLock();
  const tabs = Array.from({ length: count }, () => ({ state: pair(0) as Pair, coordinator: null as unknown as RefreshCoordinator<Pair> }));
  for (const tab of tabs) {
    tab.coordinator = new RefreshCoordinator<Pair>({
      withLock: lock,
      // The shared state: the newest pair any tab holds (bearer mode asks its peers; cookie mode reads the jar).
      read: async () => tabs.reduce((best, t) => (t.state.generation > best.generation ? t.state : best), tab.state),
      version: (s) => s?.refresh ?? null,
      rotate: (s) => server.refresh(s!.refresh),
      publish: (s) => tabs.forEach((t) => (t.state = s)),
      wait: () => Promise.resolve(),
    });
  }
  return tabs;
}

test('three tabs refreshing at once, one of them lagging far behind: one rotation per round, no reuse', async () => {
  let now = 0;
  const server = new ModelServer(10_000, () => now);
  const tabs = makeTabs(server, 3);
  for (let round = 0; round < 30; round++) {
    now += 15_000; // every round is past the grace: a spent token would be theft
    const lagging = tabs[2]!.state.refresh; // tab 3 holds on to what it had (a throttled background tab)
    const calls = tabs.map((tab, i) => {
      const used = i === 2 && round % 3 !== 0 ? lagging : tab.state.refresh;
      return tab.coordinator.refresh(used);
    });
    // Several calls inside one tab at once share its single attempt.
    calls.push(tabs[0]!.coordinator.refresh(tabs[0]!.state.refresh));
    const outcomes = await Promise.all(calls);
    for (const o of outcomes) {
      assert.ok(o.kind === 'rotated' || o.kind === 'adopted', `round ${round}: ${o.kind}`);
    }
  }
  assert.equal(server.reuse, 0);
  assert.equal(server.revoked, false);
  assert.equal(server.rotations, 30);
  const rotated = tabs.reduce((n, t) => n + t.coordinator.stats.rotated, 0);
  assert.equal(rotated, 30);
});

test('the same schedule without the lock and the re-read (each tab with its own pair) is caught as theft', async () => {
  let now = 0;
  const server = new ModelServer(10_000, () => now);
  const own = [pair(0), pair(0), pair(0)];
  let ended: string | null = null;
  for (let round = 0; round < 30 && ended === null; round++) {
    now += 15_000;
    const results = await Promise.all(own.map((p, i) => (i === 2 && round % 3 !== 0 ? null : server.refresh(p.refresh))));
    results.forEach((r, i) => {
      if (r?.kind === 'ok') {
        own[i] = r.state;
      } else if (r?.kind === 'ended') {
        ended = r.code;
      }
    });
  }
  assert.equal(ended, 'refresh_token_reused');
  assert.equal(server.revoked, true);
});

test('transient failures are retried with backoff and never end the session; the reconnecting flag goes up and down', async () => {
  let failures = 3;
  const flags: boolean[] = [];
  const waits: number[] = [];
  const c = new RefreshCoordinator<Pair>({
    withLock: (fn) => fn(),
    read: async () => pair(0),
    version: (s) => s?.refresh ?? null,
    rotate: async () => (failures-- > 0 ? { kind: 'transient', retryAfterMs: failures === 1 ? 2_000 : null } : { kind: 'ok', state: pair(1) }),
    publish: () => {},
    onReconnecting: (on) => flags.push(on),
    backoff: { baseMs: 100, maxMs: 1000, random: () => 0.5 },
    wait: async (ms) => void waits.push(ms),
  });
  const outcome = await c.refresh('R0');
  assert.equal(outcome.kind, 'rotated');
  assert.deepEqual(flags, [true, false]);
  assert.equal(waits.length, 3);
  assert.ok(waits[1]! >= 2_000, 'Retry-After is honoured');
});

test('an outage longer than the budget gives "unavailable" (not signed out) and leaves the reconnecting flag up', async () => {
  let now = 0;
  const flags: boolean[] = [];
  const c = new RefreshCoordinator<Pair>({
    withLock: (fn) => fn(),
    read: async () => pair(0),
    version: (s) => s?.refresh ?? null,
    rotate: async () => ({ kind: 'transient', retryAfterMs: null }),
    publish: () => assert.fail('nothing to publish'),
    onReconnecting: (on) => flags.push(on),
    backoff: { baseMs: 1000, maxMs: 8000, random: () => 0 },
    giveUpAfterMs: 10_000,
    now: () => now,
    wait: async (ms) => void (now += ms),
  });
  assert.equal((await c.refresh('R0')).kind, 'unavailable');
  assert.deepEqual(flags, [true]);
});

test('a session code ends it at once, without retrying', async () => {
  let calls = 0;
  const c = new RefreshCoordinator<Pair>({
    withLock: (fn) => fn(),
    read: async () => pair(0),
    version: (s) => s?.refresh ?? null,
    rotate: async () => (calls++, { kind: 'ended', reason: 'revoked', code: 'session_revoked' }),
    publish: () => {},
    wait: async () => {},
  });
  assert.deepEqual(await c.refresh('R0'), { kind: 'ended', reason: 'revoked', code: 'session_revoked' });
  assert.equal(calls, 1);
});
