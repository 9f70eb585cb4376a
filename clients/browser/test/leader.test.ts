import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderBook, newTabId } from '../src/leader.js';

test('the oldest live tab leads, and every tab agrees', () => {
  let now = 1_000_000;
  const clock = () => now;
  const ids = [newTabId(1000), newTabId(2000), newTabId(3000)];
  const books = ids.map((id) => new LeaderBook(id, 3000, clock));
  for (const book of books) {
    for (const id of ids) {
      book.heard(id);
    }
  }
  assert.deepEqual(books.map((b) => b.leader()), [ids[0], ids[0], ids[0]]);
  assert.deepEqual(books.map((b) => b.isLeader()), [true, false, false]);
  assert.equal(books[1]!.peers(), 2);

  // The leader closes (goodbye): the next oldest takes over, in every remaining tab's view.
  books[1]!.gone(ids[0]!);
  books[2]!.gone(ids[0]!);
  assert.equal(books[1]!.leader(), ids[1]);
  assert.equal(books[2]!.leader(), ids[1]);
  assert.ok(books[1]!.isLeader());
  void now;
});

test('a tab not heard from within the stale time is gone (a crashed tab says no goodbye)', () => {
  let now = 0;
  const self = newTabId(5000);
  const old = newTabId(1000);
  const book = new LeaderBook(self, 3000, () => now);
  book.heard(old);
  assert.equal(book.leader(), old);
  now = 2500;
  assert.equal(book.leader(), old);
  now = 3100;
  assert.equal(book.leader(), self);
  assert.equal(book.peers(), 0);
  // It comes back (a slow tab): it leads again, being older.
  book.heard(old);
  assert.equal(book.leader(), old);
});

test('tab ids sort by start time', () => {
  const a = newTabId(1_700_000_000_000, () => 0.99);
  const b = newTabId(1_700_000_000_001, () => 0);
  assert.ok(a < b);
  assert.match(a, /^[0-9a-z]{10}-[0-9a-z]{8}$/);
});

test('the fallback lock is granted to one tab at a time, in order of asking', async () => {
  const { LockQueue } = await import('../src/leader.js');
  const lock = new LockQueue();
  assert.deepEqual(lock.request('a', 'q1'), { tab: 'a', q: 'q1' });
  assert.equal(lock.request('b', 'q2'), null);
  assert.equal(lock.request('c', 'q3'), null);
  assert.equal(lock.request('b', 'q2'), null, 'asking twice changes nothing');
  assert.equal(lock.holder, 'a');
  assert.deepEqual(lock.release('q1'), { tab: 'b', q: 'q2' });
  assert.equal(lock.release('q1'), null, 'a stale release changes nothing');
  assert.deepEqual(lock.release('q2'), { tab: 'c', q: 'q3' });
  assert.equal(lock.release('q3'), null);
  assert.equal(lock.holder, null);
});

test('a holder that closes passes the lock on; a closed waiter is forgotten', async () => {
  const { LockQueue } = await import('../src/leader.js');
  const lock = new LockQueue();
  lock.request('a', 'q1');
  lock.request('b', 'q2');
  lock.request('c', 'q3');
  assert.equal(lock.drop('b'), null, 'b only waited');
  assert.deepEqual(lock.drop('a'), { tab: 'c', q: 'q3' });
  assert.equal(lock.holder, 'c');
  // A waiter that gave up (timed out) releases its ask.
  lock.request('d', 'q4');
  assert.equal(lock.release('q4'), null);
  assert.equal(lock.release('q3'), null, 'nobody waits any more');
});
