import { defaultClient, type SessionClient } from '../client.js';

type Child = Node | string | null | undefined | false;

/** Builds an element without HTML strings, so nothing from the server is ever parsed as markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) {
      el.setAttribute(name, '');
    } else if (typeof value === 'string') {
      el.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      el.append(child);
    }
  }
  return el;
}

/** A constructable stylesheet: allowed under a strict CSP (no inline style). */
export function sheet(css: string): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/** Shared look: every colour and size is a custom property the page can set. */
export const BASE_CSS = `
:host {
  --_fg: var(--sc-color-text, #1b1f24);
  --_bg: var(--sc-color-surface, #ffffff);
  --_muted: var(--sc-color-muted, #57606a);
  --_border: var(--sc-color-border, #d0d7de);
  --_accent: var(--sc-color-accent, #0b57d0);
  --_on-accent: var(--sc-color-on-accent, #ffffff);
  --_danger: var(--sc-color-danger, #b3261e);
  --_ok: var(--sc-color-success, #1a7f37);
  --_radius: var(--sc-radius, 8px);
  --_focus: var(--sc-focus-ring, #0b57d0);
  display: block;
  color: var(--_fg);
  font-family: var(--sc-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--sc-font-size, 1rem);
  line-height: 1.5;
}
[hidden] { display: none !important; }
button {
  font: inherit;
  border-radius: var(--_radius);
  border: 1px solid var(--_border);
  background: var(--_bg);
  color: var(--_fg);
  padding: 0.45em 1em;
  cursor: pointer;
  min-height: 2.5em;
}
button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
button.danger { color: var(--_danger); border-color: var(--_danger); }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
input {
  font: inherit;
  padding: 0.45em 0.6em;
  border: 1px solid var(--_muted);
  border-radius: var(--_radius);
  background: var(--_bg);
  color: var(--_fg);
}
.muted { color: var(--_muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
`;

/** Base of the elements: a shadow root, the shared sheet, and the client (assigned, or the page's default). */
export abstract class ScElement extends HTMLElement {
  private _client: SessionClient | null = null;
  protected readonly root: ShadowRoot;
  private _unsubscribe: Array<() => void> = [];

  constructor(css: string) {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = [sheet(BASE_CSS), sheet(css)];
  }

  /** The SessionClient this element uses; defaults to `defaultClient()`. */
  get client(): SessionClient {
    this._client ??= defaultClient();
    return this._client;
  }

  set client(value: SessionClient) {
    this._client = value;
    if (this.isConnected) {
      this.disconnectedCallback();
      this.connectedCallback();
    }
  }

  connectedCallback(): void {
    const client = this.client;
    this._unsubscribe = this.listen(client);
    this.render();
    void client.start().then(() => this.render());
  }

  disconnectedCallback(): void {
    for (const off of this._unsubscribe) {
      off();
    }
    this._unsubscribe = [];
  }

  protected abstract listen(client: SessionClient): Array<() => void>;

  protected abstract render(): void;

  protected headingLevel(): 'h2' | 'h3' | 'h4' {
    const level = this.getAttribute('heading-level');
    return level === '3' ? 'h3' : level === '4' ? 'h4' : 'h2';
  }
}

const relative = typeof Intl !== 'undefined' && 'RelativeTimeFormat' in Intl ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

/** "2 minutes ago", with the exact instant for a <time> element. */
export function ago(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) {
    return '';
  }
  const seconds = Math.round((at - now) / 1000);
  const abs = Math.abs(seconds);
  if (relative === null) {
    return new Date(at).toLocaleString();
  }
  if (abs < 45) {
    return relative.format(0, 'second') === 'now' ? 'just now' : relative.format(seconds, 'second');
  }
  if (abs < 2700) {
    return relative.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 64800) {
    return relative.format(Math.round(seconds / 3600), 'hour');
  }
  return relative.format(Math.round(seconds / 86400), 'day');
}

export function timeEl(iso: string): HTMLTimeElement {
  const t = h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso));
  return t;
}

/** m:ss */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Words for a screen reader: "1 minute 5 seconds". */
export function spoken(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  const parts: string[] = [];
  if (m > 0) {
    parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  }
  if (r > 0 || m === 0) {
    parts.push(`${r} second${r === 1 ? '' : 's'}`);
  }
  return parts.join(' ');
}
