import { SessionClusterError, type SessionClient } from '../client.js';
import type { ConnectionState } from '../types.js';
import { ScElement, clock, h } from './dom.js';

const STYLE = `
h2, h3, h4 { margin: 0 0 0.5rem; font-size: 1.2rem; }
p { margin: 0 0 0.75rem; }
form { display: grid; gap: 0.35rem; justify-items: start; }
label { font-weight: 600; }
input { text-transform: uppercase; letter-spacing: 0.1em; width: 12ch; }
output.code {
  display: inline-block;
  font-size: 2rem;
  font-weight: 700;
  letter-spacing: 0.15em;
  font-variant-numeric: tabular-nums;
  padding: 0.25rem 0.75rem;
  border: 2px dashed var(--_accent);
  border-radius: var(--_radius);
  margin: 0 0 0.75rem;
}
.result { min-height: 1.5em; }
.result[data-kind="ok"] { color: var(--_ok); }
.result[data-kind="error"] { color: var(--_danger); }
`;

/**
 * `<sc-link-device>`: both halves of device linking. Signed in: a form to approve the code a new device shows.
 * Signed out (and the tenant allows public device links): "Show a code", then it waits until a signed-in device
 * approves, and this page is signed in. Attributes: `tenant` (else the client's), `heading-level`, `device-name`.
 */
export class ScLinkDevice extends ScElement {
  private readonly _body: HTMLDivElement;
  private readonly _result: HTMLParagraphElement;
  private _waiting: AbortController | null = null;
  private _code: { userCode: string; expiresAt: string } | null = null;
  private _tick: ReturnType<typeof setInterval> | null = null;
  private _mode: 'approve' | 'new' | 'none' | null = null;

  constructor() {
    super(STYLE);
    this._body = h('div');
    this._result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
    this.root.append(this._body, this._result);
  }

  protected listen(client: SessionClient): Array<() => void> {
    return [client.on<ConnectionState>('state', () => this.render())];
  }

  protected render(): void {
    const client = this.client;
    const signedIn = client.state === 'online' || client.state === 'reconnecting';
    const tenant = this.getAttribute('tenant') ?? client.tenant;
    const mode = signedIn ? 'approve' : client.state === 'signedOut' && tenant ? 'new' : 'none';
    if (mode === this._mode) {
      return;
    }
    this._mode = mode;
    const heading = this.headingLevel();
    if (mode === 'approve') {
      this.stopWaiting();
      const input = h('input', {
        id: 'sc-link-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
        required: true, maxlength: '9', 'aria-describedby': 'sc-link-help',
      });
      const form = h('form', {},
        h('label', { for: 'sc-link-code' }, 'Code shown on the new device'),
        h('div', { class: 'actions' }, input, h('button', { type: 'submit', class: 'primary' }, 'Approve')));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void this.approve(input);
      });
      this._body.replaceChildren(h('section', { 'aria-labelledby': 'sc-link-h' },
        h(heading, { id: 'sc-link-h' }, 'Link a new device'),
        h('p', { id: 'sc-link-help', class: 'muted' }, 'On the new device, choose “Sign in with another device”. It shows a code like WDJB-MJHT: type it here to sign that device in as you.'),
        form));
    } else if (mode === 'new') {
      const start = h('button', { type: 'button', class: 'primary' }, 'Show a code');
      start.addEventListener('click', () => void this.startLink(tenant ?? ''));
      this._body.replaceChildren(h('section', { 'aria-labelledby': 'sc-link-h' },
        h(heading, { id: 'sc-link-h' }, 'Sign in with another device'),
        h('p', { class: 'muted' }, 'Already signed in on your phone or computer? Show a code here and approve it there.'),
        h('div', { class: 'actions', id: 'sc-link-area' }, start)));
    } else {
      this._body.replaceChildren();
    }
  }

  private async approve(input: HTMLInputElement): Promise<void> {
    const code = input.value.trim();
    if (code === '') {
      return;
    }
    this.result('', 'Approving…');
    try {
      await this.client.approveDeviceLink(code);
      input.value = '';
      this.result('ok', 'Done: the new device is now signed in.');
    } catch (error) {
      const e = error instanceof SessionClusterError ? error : null;
      const message = e?.code === 'link_not_found' ? 'That code is not valid (or was already used). Check it and try again.'
        : e?.code === 'link_expired' ? 'That code has expired. Show a new one on the new device.'
        : e?.code === 'rate_limited' ? `Too many tries. Wait ${Math.ceil((e.retryAfterMs ?? 60_000) / 1000)} seconds and try again.`
        : e?.code === 'validation_failed' ? 'Type the code exactly as the new device shows it.'
        : 'Could not reach the server; try again.';
      this.result('error', message);
      input.focus();
    }
  }

  private async startLink(tenant: string): Promise<void> {
    const area = this.root.getElementById('sc-link-area');
    this.result('', 'Asking for a code…');
    try {
      const client = this.client;
      const name = this.getAttribute('device-name') ?? undefined;
      const link = await client.startDeviceLink(name === undefined ? {} : { name }, tenant);
      this._code = link;
      const left = h('span', { role: 'timer', 'aria-live': 'off' });
      area?.replaceChildren(h('div', {},
        h('p', {}, 'On a device where you are signed in, open your account page and enter this code under “Link a new device”:'),
        h('output', { class: 'code', 'aria-label': `Code ${link.userCode.split('').join(' ')}` }, link.userCode),
        h('p', { class: 'muted' }, 'The code expires in ', left, '. This page signs in by itself once it is approved.')));
      const update = (): void => {
        left.textContent = clock((Date.parse(link.expiresAt) - Date.now()) / 1000);
      };
      update();
      this._tick = setInterval(update, 1000);
      this.result('', 'Waiting for approval…');
      this._waiting = new AbortController();
      await link.wait(this._waiting.signal);
      this.stopWaiting();
      this.result('ok', 'Approved: you are signed in on this device.');
      this.dispatchEvent(new CustomEvent('sc-linked', { bubbles: true, composed: true }));
    } catch (error) {
      this.stopWaiting();
      if (error instanceof DOMException && error.name === 'AbortError') {
        return;
      }
      const e = error instanceof SessionClusterError ? error : null;
      this.result('error', e?.code === 'not_found' ? 'Signing in with another device is not enabled here.'
        : e?.code === 'rate_limited' ? 'Too many codes asked for; wait a minute and try again.'
        : 'The code expired or could not be checked; show a new one.');
      this._mode = null;
      this.render();
    }
  }

  private stopWaiting(): void {
    this._waiting?.abort();
    this._waiting = null;
    if (this._tick !== null) {
      clearInterval(this._tick);
      this._tick = null;
    }
  }

  override disconnectedCallback(): void {
    this.stopWaiting();
    super.disconnectedCallback();
  }

  private result(kind: '' | 'ok' | 'error', text: string): void {
    this._result.dataset['kind'] = kind;
    this._result.textContent = text;
  }
}
