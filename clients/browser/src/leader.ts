/**
 * Leader election bookkeeping for browsers without the Web Locks API (the BroadcastChannel fallback). Every tab
 * announces itself at an interval; a tab not heard from within `staleMs`, or one that said goodbye, is gone. The
 * leader is the live tab with the smallest id, and ids start with the tab's start time, so the oldest tab leads and
 * every tab, seeing the same announcements, agrees. With Web Locks the browser does this itself: the leader is the
 * tab granted a lock it never releases, and the lock passes on when that tab closes.
 */
export class LeaderBook {
  private readonly _seen = new Map<string, number>();

  constructor(
    readonly selfId: string,
    private readonly _staleMs: number,
    private readonly _now: () => number = Date.now,
  ) {}

  /** Another tab announced itself (or sent anything). */
  heard(tabId: string): void {
    if (tabId !== this.selfId) {
      this._seen.set(tabId, this._now());
    }
  }

  /** Another tab closed (pagehide). */
  gone(tabId: string): void {
    this._seen.delete(tabId);
  }

  /** The tabs alive now, this one included, in id order. */
  live(): string[] {
    const now = this._now();
    for (const [id, at] of this._seen) {
      if (now - at > this._staleMs) {
        this._seen.delete(id);
      }
    }
    return [this.selfId, ...this._seen.keys()].sort(compareIds);
  }

  leader(): string {
    return this.live()[0] ?? this.selfId;
  }

  isLeader(): boolean {
    return this.leader() === this.selfId;
  }

  /** Other live tabs, for "is anyone there to ask?". */
  peers(): number {
    return this.live().length - 1;
  }
}

/** A tab id: start time (fixed width, so ids sort by age) and randomness. */
export function newTabId(now: number = Date.now(), random: () => number = Math.random): string {
  const stamp = Math.floor(now).toString(36).padStart(10, '0');
  const tail = Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0');
  return `${stamp}-${tail}`;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The refresh lock without the Web Locks API: the leader tab keeps this queue and grants the lock to one tab at a
 * time over the BroadcastChannel (a tab asks, waits for its grant, runs, releases). A holder that closes or goes
 * silent is dropped so the lock is never stuck. Pure bookkeeping; the client does the messaging.
 */
export class LockQueue {
  private readonly _waiting: Array<{ tab: string; q: string }> = [];
  private _holder: { tab: string; q: string } | null = null;

  /** A tab asks for the lock; returns the grant to send now, if the lock was free. */
  request(tab: string, q: string): { tab: string; q: string } | null {
    if (this._holder?.q === q || this._waiting.some((w) => w.q === q)) {
      return null; // a repeated ask
    }
    this._waiting.push({ tab, q });
    return this.next();
  }

  /** The holder is done; returns the next grant, if anyone waits. */
  release(q: string): { tab: string; q: string } | null {
    if (this._holder?.q !== q) {
      const i = this._waiting.findIndex((w) => w.q === q);
      if (i >= 0) {
        this._waiting.splice(i, 1); // gave up waiting
      }
      return null;
    }
    this._holder = null;
    return this.next();
  }

  /** A tab closed or went silent: its asks are void, and if it held the lock, the next waiter gets it. */
  drop(tab: string): { tab: string; q: string } | null {
    for (let i = this._waiting.length - 1; i >= 0; i--) {
      if (this._waiting[i]!.tab === tab) {
        this._waiting.splice(i, 1);
      }
    }
    if (this._holder?.tab === tab) {
      this._holder = null;
      return this.next();
    }
    return null;
  }

  get holder(): string | null {
    return this._holder?.tab ?? null;
  }

  private next(): { tab: string; q: string } | null {
    if (this._holder !== null) {
      return null;
    }
    const head = this._waiting.shift();
    if (head === undefined) {
      return null;
    }
    this._holder = head;
    return head;
  }
}
