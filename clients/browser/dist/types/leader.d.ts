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
/**
 * The refresh lock without the Web Locks API: the leader tab keeps this queue and grants the lock to one tab at a
 * time over the BroadcastChannel (a tab asks, waits for its grant, runs, releases). A holder that closes or goes
 * silent is dropped so the lock is never stuck. Pure bookkeeping; the client does the messaging.
 */
export declare class LockQueue {
    private readonly _waiting;
    private _holder;
    /** A tab asks for the lock; returns the grant to send now, if the lock was free. */
    request(tab: string, q: string): {
        tab: string;
        q: string;
    } | null;
    /** The holder is done; returns the next grant, if anyone waits. */
    release(q: string): {
        tab: string;
        q: string;
    } | null;
    /** A tab closed or went silent: its asks are void, and if it held the lock, the next waiter gets it. */
    drop(tab: string): {
        tab: string;
        q: string;
    } | null;
    get holder(): string | null;
    private next;
}
