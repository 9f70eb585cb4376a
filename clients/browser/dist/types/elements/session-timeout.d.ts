import type { SessionClient } from '../client.js';
import { ScElement } from './dom.js';
/**
 * `<sc-session-timeout>`: the expiry warning. Opens (modal `alertdialog`) when the session is about to end, counts
 * down (`role="timer"`, announced at intervals), "Stay signed in" extends, "Sign out now" logs out. When the absolute
 * lifetime is the reason, it says so and offers to save work instead (event `sc-save-work`). Closing it in one tab
 * closes it in every tab; when the session ends it says why.
 *
 * Parts: `dialog`, `title`, `message`, `timer`, `primary`, `secondary`.
 */
export declare class ScSessionTimeout extends ScElement {
    private readonly _dialog;
    private readonly _title;
    private readonly _message;
    private readonly _announce;
    private readonly _actions;
    private _tick;
    private _warning;
    private _returnFocus;
    private _lastAnnounced;
    constructor();
    /** Whether the dialog is showing. */
    get open(): boolean;
    protected listen(client: SessionClient): Array<() => void>;
    protected render(): void;
    private warn;
    private ended;
    private wireActions;
    private stay;
    private dismiss;
    private close;
    private stopTick;
    private left;
    private update;
    private announce;
    private titleEl;
    /** Tab and Shift+Tab cycle inside the dialog. */
    private trapFocus;
}
