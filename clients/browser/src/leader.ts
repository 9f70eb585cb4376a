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
