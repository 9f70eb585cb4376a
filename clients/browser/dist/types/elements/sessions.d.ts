import { type SessionClient } from '../client.js';
import { ScElement } from './dom.js';
/**
 * `<sc-sessions>`: where the user is signed in (like Keycloak's "Device activity" or Google's "Your devices"): each
 * session's browser and OS (from its user agent), IP address, when it started and was last active, the current one
 * on top and marked; sign out one (confirmed) or all others; the user's devices, removable. Updates live as events
 * arrive. Attributes: `heading-level` (2). Parts: `session`, `device`, `button`.
 */
export declare class ScSessions extends ScElement {
    private _sessions;
    private _devices;
    private _confirming;
    private _loaded;
    private _error;
    private _reload;
    private readonly _status;
    private readonly _body;
    constructor();
    protected listen(client: SessionClient): Array<() => void>;
    /** Reloads the lists (a /v1/me call: activity). */
    load(): Promise<void>;
    private onChange;
    private scheduleReload;
    protected render(): void;
    private sessionItem;
    private deviceItem;
    private allOthersActions;
    private button;
    private confirm;
    private revoke;
    private removeDevice;
    private logoutOthers;
    private say;
}
