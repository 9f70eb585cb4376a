import { SessionClusterError, type SessionClient } from '../client.js';
import type { ConnectionState, Device, MySession, SessionEvent } from '../types.js';
import { describeUserAgent } from '../ua.js';
import { ScElement, h, timeEl } from './dom.js';

const STYLE = `
section + section { margin-top: 2rem; }
h2, h3, h4 { margin: 0 0 0.75rem; font-size: 1.2rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
li {
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
  padding: 0.9rem 1rem;
  display: grid;
  gap: 0.4rem;
}
li.current { border-color: var(--_accent); border-width: 2px; }
.name { font-weight: 600; }
.badge {
  display: inline-block;
  margin-inline-start: 0.5em;
  padding: 0 0.5em;
  border-radius: 999px;
  font-size: 0.8rem;
  font-weight: 600;
  background: var(--_accent);
  color: var(--_on-accent);
  vertical-align: 0.1em;
}
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; font-size: 0.925rem; }
dt { color: var(--_muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.confirm { font-weight: 600; }
.status { min-height: 1.5em; margin: 0.5rem 0 0; }
ul + .actions { margin-top: 0.9rem; }
.state { font-size: 0.9rem; color: var(--_muted); margin: 0 0 0.75rem; }
.state[data-state="reconnecting"] { color: var(--_danger); }
`;

/**
 * `<sc-sessions>`: where the user is signed in (like Keycloak's "Device activity" or Google's "Your devices"): each
 * session's browser and OS (from its user agent), IP address, when it started and was last active, the current one
 * on top and marked; sign out one (confirmed) or all others; the user's devices, removable. Updates live as events
 * arrive. Attributes: `heading-level` (2). Parts: `session`, `device`, `button`.
 */
export class ScSessions extends ScElement {
  private _sessions: MySession[] = [];
  private _devices: Device[] = [];
  private _confirming: string | null = null;
  private _loaded = false;
  private _error: string | null = null;
  private _reload: ReturnType<typeof setTimeout> | null = null;
  private readonly _status: HTMLParagraphElement;
  private readonly _body: HTMLDivElement;

  constructor() {
    super(STYLE);
    this._status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this._body = h('div');
    this.root.append(this._body, this._status);
  }

  protected listen(client: SessionClient): Array<() => void> {
    return [
      client.on<ConnectionState>('state', (state) => {
        if (state === 'online' && !this._loaded) {
          void this.load();
        }
        this.render();
      }),
      client.on<SessionEvent>('sessionsChanged', (e) => this.onChange(e)),
      client.on('signedOut', () => this.render()),
      client.on('revoked', () => this.render()),
      client.on('expired', () => this.render()),
    ];
  }

  /** Reloads the lists (a /v1/me call: activity). */
  async load(): Promise<void> {
    try {
      const [sessions, devices] = await Promise.all([this.client.sessions(), this.client.devices()]);
      this._sessions = sessions;
      // This device first, then the most recently used.
      const mine = sessions.find((s) => s.current)?.deviceId;
      this._devices = [...devices].sort((a, b) => Number(b.deviceId === mine) - Number(a.deviceId === mine) || b.lastSeenAt.localeCompare(a.lastSeenAt));
      this._loaded = true;
      this._error = null;
    } catch (error) {
      this._error = error instanceof SessionClusterError && error.status === 401 ? null : 'Could not load your sessions; retrying.';
      if (this._error !== null) {
        this.scheduleReload(5_000);
      }
    }
    this.render();
  }

  private onChange(event: SessionEvent): void {
    // A session that ended is taken off the list without asking the server (a fetch would count as activity).
    if ((event.type === 'session.revoked' || event.type === 'session.expired') && event.sessionId !== null) {
      const gone = this._sessions.find((s) => s.sessionId === event.sessionId);
      this._sessions = this._sessions.filter((s) => s.sessionId !== event.sessionId);
      this.render();
      if (gone !== undefined) {
        this.say(`${describeUserAgent(gone.client.userAgent).label} was signed out.`);
      }
      return;
    }
    this.scheduleReload(300);
  }

  private scheduleReload(ms: number): void {
    if (this._reload !== null) {
      clearTimeout(this._reload);
    }
    this._reload = setTimeout(() => {
      this._reload = null;
      void this.load();
    }, ms);
  }

  protected render(): void {
    const client = this.client;
    const heading = this.headingLevel();
    if (client.state === 'signedOut') {
      this._loaded = false;
      this._body.replaceChildren(h('section', { 'aria-labelledby': 'sc-sessions-h' },
        h(heading, { id: 'sc-sessions-h' }, 'Where you’re signed in'),
        h('p', { class: 'muted' }, 'You are not signed in.')));
      return;
    }
    if (!this._loaded) {
      this._body.replaceChildren(h('section', { 'aria-labelledby': 'sc-sessions-h', 'aria-busy': 'true' },
        h(heading, { id: 'sc-sessions-h' }, 'Where you’re signed in'),
        h('p', { class: 'muted' }, this._error ?? 'Loading…')));
      if (client.state === 'online' && this._error === null) {
        void this.load();
      }
      return;
    }
    const others = this._sessions.filter((s) => !s.current);
    const stateText = client.state === 'reconnecting' ? 'Reconnecting… (you are still signed in)' : 'Live: changes show up here as they happen.';
    const sessions = h('section', { 'aria-labelledby': 'sc-sessions-h' },
      h(heading, { id: 'sc-sessions-h' }, 'Where you’re signed in'),
      h('p', { class: 'state', 'data-state': client.state }, stateText),
      h('ul', { role: 'list', 'aria-label': 'Sessions' }, ...this._sessions.map((s) => this.sessionItem(s))),
      others.length > 0 ? h('div', { class: 'actions' }, ...this.allOthersActions(others.length)) : null);
    const devices = h('section', { 'aria-labelledby': 'sc-devices-h' },
      h(heading, { id: 'sc-devices-h' }, 'Your devices'),
      this._devices.length === 0
        ? h('p', { class: 'muted' }, 'No devices.')
        : h('ul', { role: 'list', 'aria-label': 'Devices' }, ...this._devices.map((d) => this.deviceItem(d))));
    const focused = this.root.activeElement instanceof HTMLElement ? this.root.activeElement.dataset['key'] : undefined;
    this._body.replaceChildren(sessions, devices);
    if (focused !== undefined) {
      this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus();
    }
  }

  private sessionItem(s: MySession): HTMLLIElement {
    const ua = describeUserAgent(s.client.userAgent);
    const name = s.device.name ? `${s.device.name} · ${ua.label}` : ua.label;
    const key = `session:${s.sessionId}`;
    const confirming = this._confirming === key;
    const actions = confirming
      ? [
          h('span', { class: 'confirm', id: `c-${s.sessionId}` }, s.current ? 'Sign out of this browser?' : `Sign out ${ua.label}?`),
          this.button('Yes, sign out', `${key}:yes`, 'danger', () => void this.revoke(s)),
          this.button('Cancel', `${key}:no`, '', () => this.confirm(null, key)),
        ]
      : [this.button(s.current ? 'Sign out' : 'Sign out this session', key, '', () => this.confirm(key, `${key}:yes`), `${name}`)];
    return h('li', { class: s.current ? 'current' : '', part: 'session', 'data-session-id': s.sessionId, 'aria-current': s.current ? 'true' : undefined },
      h('div', {}, h('span', { class: 'name' }, name), s.current ? h('span', { class: 'badge' }, 'This device') : null),
      h('dl', {},
        h('dt', {}, 'Type'), h('dd', {}, kindName(s.device.type ?? ua.kind)),
        h('dt', {}, 'IP address'), h('dd', {}, s.client.ip ?? 'Unknown'),
        h('dt', {}, 'Signed in'), h('dd', {}, timeEl(s.createdAt)),
        h('dt', {}, 'Last active'), h('dd', {}, s.current ? 'Now' : timeEl(s.lastSeenAt))),
      h('div', { class: 'actions' }, ...actions));
  }

  private deviceItem(d: Device): HTMLLIElement {
    const key = `device:${d.deviceId}`;
    const label = d.name ?? kindName(d.type ?? 'unknown');
    const current = this._sessions.some((s) => s.current && s.deviceId === d.deviceId);
    const actions = this._confirming === key
      ? [
          h('span', { class: 'confirm' }, current ? 'Remove this device and sign out here?' : `Remove ${label} and sign it out?`),
          this.button('Yes, remove', `${key}:yes`, 'danger', () => void this.removeDevice(d, label)),
          this.button('Cancel', `${key}:no`, '', () => this.confirm(null, key)),
        ]
      : [this.button('Remove device', key, '', () => this.confirm(key, `${key}:yes`), label)];
    return h('li', { part: 'device', 'data-device-id': d.deviceId },
      h('div', {}, h('span', { class: 'name' }, label), current ? h('span', { class: 'badge' }, 'This device') : null),
      h('dl', {},
        h('dt', {}, 'Added'), h('dd', {}, timeEl(d.firstSeenAt), d.linkedVia === 'link' ? ' (linked with a code)' : ''),
        h('dt', {}, 'Last active'), h('dd', {}, timeEl(d.lastSeenAt)),
        h('dt', {}, 'Active sessions'), h('dd', {}, String(d.activeSessions))),
      h('div', { class: 'actions' }, ...actions));
  }

  private allOthersActions(count: number): HTMLElement[] {
    const key = 'others';
    return this._confirming === key
      ? [
          h('span', { class: 'confirm' }, `Sign out ${count} other session${count === 1 ? '' : 's'}?`),
          this.button('Yes, sign out all others', `${key}:yes`, 'danger', () => void this.logoutOthers()),
          this.button('Cancel', `${key}:no`, '', () => this.confirm(null, key)),
        ]
      : [this.button('Sign out all other sessions', key, '', () => this.confirm(key, `${key}:yes`))];
  }

  private button(text: string, key: string, cls: string, onClick: () => void, describes?: string): HTMLButtonElement {
    const b = h('button', { type: 'button', class: cls, part: 'button', 'data-key': key, 'aria-label': describes ? `${text}: ${describes}` : undefined }, text);
    b.addEventListener('click', onClick);
    return b;
  }

  private confirm(key: string | null, focusKey: string): void {
    this._confirming = key;
    this.render();
    this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  private async revoke(s: MySession): Promise<void> {
    this._confirming = null;
    try {
      if (s.current) {
        await this.client.logout();
      } else {
        await this.client.revokeSession(s.sessionId);
        this._sessions = this._sessions.filter((x) => x.sessionId !== s.sessionId);
        this.say(`${describeUserAgent(s.client.userAgent).label} was signed out.`);
      }
    } catch {
      this.say('Could not sign that session out; try again.');
    }
    this.render();
    this.root.querySelector<HTMLElement>('[data-key="others"], button')?.focus();
  }

  private async removeDevice(d: Device, label: string): Promise<void> {
    this._confirming = null;
    try {
      await this.client.removeDevice(d.deviceId);
      this._devices = this._devices.filter((x) => x.deviceId !== d.deviceId);
      this.say(`${label} was removed.`);
      this.scheduleReload(300);
    } catch {
      this.say('Could not remove that device; try again.');
    }
    this.render();
  }

  private async logoutOthers(): Promise<void> {
    this._confirming = null;
    try {
      const n = await this.client.logoutOthers();
      this._sessions = this._sessions.filter((s) => s.current);
      this.say(`Signed out ${n} other session${n === 1 ? '' : 's'}.`);
      this.scheduleReload(300);
    } catch {
      this.say('Could not sign the other sessions out; try again.');
    }
    this.render();
  }

  private say(text: string): void {
    this._status.textContent = text;
  }
}

function kindName(kind: string): string {
  switch (kind) {
    case 'mobile':
      return 'Phone';
    case 'tablet':
      return 'Tablet';
    case 'tv':
    case 'smarttv':
      return 'TV';
    case 'console':
      return 'Game console';
    case 'wearable':
      return 'Watch';
    case 'desktop':
      return 'Computer';
    case 'unknown':
      return 'Unknown';
    default:
      return kind.charAt(0).toUpperCase() + kind.slice(1);
  }
}
