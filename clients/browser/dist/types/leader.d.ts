/**
 * Leader election bookkeeping for browsers without the Web Locks API (the BroadcastChannel fallback). Every tab
 * announces itself at an interval; a tab not heard from within `staleMs`, or one that said goodbye, is gone. The
 * leader is the live tab with the smallest id, and ids start with the tab's start time, so the oldest tab leads and
 * every tab, seeing the same announcements, agrees. With Web Locks the browser does this itself: the leader is the
 * tab granted a lock it never releases, and the lock passes on when that tab closes.
 */
export declare class LeaderBook {
    readonly selfId: string;
    private readonly _staleMs;
    private readonly _now;
    private readonly _seen;
    constructor(selfId: string, _staleMs: number, _now?: () => number);
    /** Another tab announced itself (or sent anything). */
    heard(tabId: string): void;
    /** Another tab closed (pagehide). */
    gone(tabId: string): void;
    /** The tabs alive now, this one included, in id order. */
    live(): string[];
    leader(): string;
    isLeader(): boolean;
    /** Other live tabs, for "is anyone there to ask?". */
    peers(): number;
}
/** A tab id: start time (fixed width, so ids sort by age) and randomness. */
export declare function newTabId(now?: number, random?: () => number): string;
