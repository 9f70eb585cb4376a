import { type SessionClient } from '../client.js';
type Child = Node | string | null | undefined | false;
/** Builds an element without HTML strings, so nothing from the server is ever parsed as markup. */
export declare function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
/** A constructable stylesheet: allowed under a strict CSP (no inline style). */
export declare function sheet(css: string): CSSStyleSheet;
/** Shared look: every colour and size is a custom property the page can set. */
export declare const BASE_CSS = "\n:host {\n  --_fg: var(--sc-color-text, #1b1f24);\n  --_bg: var(--sc-color-surface, #ffffff);\n  --_muted: var(--sc-color-muted, #57606a);\n  --_border: var(--sc-color-border, #d0d7de);\n  --_accent: var(--sc-color-accent, #0b57d0);\n  --_on-accent: var(--sc-color-on-accent, #ffffff);\n  --_danger: var(--sc-color-danger, #b3261e);\n  --_ok: var(--sc-color-success, #1a7f37);\n  --_radius: var(--sc-radius, 8px);\n  --_focus: var(--sc-focus-ring, #0b57d0);\n  display: block;\n  color: var(--_fg);\n  font-family: var(--sc-font, system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif);\n  font-size: var(--sc-font-size, 1rem);\n  line-height: 1.5;\n}\n[hidden] { display: none !important; }\nbutton {\n  font: inherit;\n  border-radius: var(--_radius);\n  border: 1px solid var(--_border);\n  background: var(--_bg);\n  color: var(--_fg);\n  padding: 0.45em 1em;\n  cursor: pointer;\n  min-height: 2.5em;\n}\nbutton.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }\nbutton.danger { color: var(--_danger); border-color: var(--_danger); }\nbutton:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }\ninput {\n  font: inherit;\n  padding: 0.45em 0.6em;\n  border: 1px solid var(--_muted);\n  border-radius: var(--_radius);\n  background: var(--_bg);\n  color: var(--_fg);\n}\n.muted { color: var(--_muted); }\n.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }\n.actions { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }\n";
/** Base of the elements: a shadow root, the shared sheet, and the client (assigned, or the page's default). */
export declare abstract class ScElement extends HTMLElement {
    private _client;
    protected readonly root: ShadowRoot;
    private _unsubscribe;
    constructor(css: string);
    /** The SessionClient this element uses; defaults to `defaultClient()`. */
    get client(): SessionClient;
    set client(value: SessionClient);
    connectedCallback(): void;
    disconnectedCallback(): void;
    protected abstract listen(client: SessionClient): Array<() => void>;
    protected abstract render(): void;
    protected headingLevel(): 'h2' | 'h3' | 'h4';
}
/** "2 minutes ago", with the exact instant for a <time> element. */
export declare function ago(iso: string, now?: number): string;
export declare function timeEl(iso: string): HTMLTimeElement;
/** m:ss */
export declare function clock(seconds: number): string;
/** Words for a screen reader: "1 minute 5 seconds". */
export declare function spoken(seconds: number): string;
export {};
