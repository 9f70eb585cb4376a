import { type SessionClient } from '../client.js';
import { ScElement } from './dom.js';
/**
 * `<sc-link-device>`: both halves of device linking. Signed in: a form to approve the code a new device shows.
 * Signed out (and the tenant allows public device links): "Show a code", then it waits until a signed-in device
 * approves, and this page is signed in. Attributes: `tenant` (else the client's), `heading-level`, `device-name`.
 */
export declare class ScLinkDevice extends ScElement {
    private readonly _body;
    private readonly _result;
    private _waiting;
    private _code;
    private _tick;
    private _mode;
    constructor();
    protected listen(client: SessionClient): Array<() => void>;
    protected render(): void;
    private approve;
    private startLink;
    private stopWaiting;
    disconnectedCallback(): void;
    private result;
}
