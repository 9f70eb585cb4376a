import type { SessionClient } from '../client.js';
import type { EndedDetail, ExpiringDetail } from '../types.js';
import { ScElement, clock, h, spoken } from './dom.js';

const CSS = `
dialog {
  max-width: min(32rem, calc(100vw - 2rem));
  border: 1px solid var(--_border);
  border-radius: calc(var(--_radius) * 1.5);
  background: var(--_bg);
  color: var(--_fg);
  padding: 1.5rem;
  box-shadow: 0 10px 40px rgb(0 0 0 / 0.25);
}
dialog::backdrop { background: var(--sc-backdrop, rgb(0 0 0 / 0.45)); }
h2 { margin: 0 0 0.5rem; font-size: 1.25rem; }
p { margin: 0 0 1rem; }
.timer { font-variant-numeric: tabular-nums; font-weight: 700; }
`;

/**
 * `<sc-session-timeout>`: the expiry warning. Opens (modal `alertdialog`) when the session is about to end, counts
 * down (`role="timer"`, announced at intervals), "Stay signed in" extends, "Sign out now" logs out. When the absolute
 * lifetime is the reason, it says so and offers to save work instead (event `sc-save-work`). Closing it in one tab
 * closes it in every tab; when the session ends it says why.
 *
 * Parts: `dialog`, `title`, `message`, `timer`, `primary`, `secondary`.
 */
export class ScSessionTimeout extends ScElement {
  private readonly _dialog: HTMLDialogElement;
  private readonly _title: HTMLHeadingElement;
  private readonly _message: HTMLParagraphElement;
  private readonly _announce: HTMLParagraphElement;
  private readonly _actions: HTMLDivElement;
  private _tick: ReturnType<typeof setInterval> | null = null;
  private _warning: ExpiringDetail | null = null;
  private _returnFocus: Element | null = null;
  private _lastAnnounced = Infinity;

  constructor() {
    super(CSS);
    this._title = h('h2', { id: 'sc-timeout-title', part: 'title' });
    this._message = h('p', { id: 'sc-timeout-message', part: 'message' });
    this._announce = h('p', { class: 'sr-only', 'aria-live': 'assertive', 'aria-atomic': 'true' });
    this._actions = h('div', { class: 'actions' });
    this._dialog = h('dialog', {
      part: 'dialog',
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'sc-timeout-title',
      'aria-describedby': 'sc-timeout-message',
    }, this._title, this._message, this._actions, this._announce);
    // Escape is the simplest action there is: in the normal case it keeps the user signed in.
    this._dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (this._warning !== null && !this._warning.capped) {
        void this.stay();
      } else {
        this.dismiss();
      }
    });
    this._dialog.addEventListener('keydown', (e) => this.trapFocus(e));
    this.root.append(this._dialog);
  }

  /** Whether the dialog is showing. */
  get open(): boolean {
    return this._dialog.open;
  }

  protected listen(client: SessionClient): Array<() => void> {
    return [
      client.on<ExpiringDetail>('expiring', (d) => this.warn(d)),
      client.on('extended', () => this.close()),
      client.on('dismissed', () => this.close()),
      client.on<EndedDetail>('expired', (d) => this.ended(d)),
      client.on<EndedDetail>('revoked', (d) => this.ended(d)),
      client.on<EndedDetail>('signedOut', () => this.close()),
    ];
  }

  protected render(): void {
    const pending = this.client.expiring;
    if (pending !== null && this._warning === null) {
      this.warn(pending);
    }
  }

  private warn(detail: ExpiringDetail): void {
    this._warning = detail;
    this._lastAnnounced = Infinity;
    const timer = h('span', { class: 'timer', role: 'timer', part: 'timer', 'aria-live': 'off' });
    if (detail.capped) {
      this.titleEl().textContent = 'Your session is reaching its time limit';
      this._message.replaceChildren(
        'For your security, sessions last a limited time and this one can’t be extended. You will be signed out in ',
        timer, '. Save your work now; you can sign in again afterwards.');
      this._actions.replaceChildren(
        h('button', { type: 'button', class: 'primary', part: 'primary', 'data-action': 'save' }, 'Save my work'),
        h('button', { type: 'button', part: 'secondary', 'data-action': 'dismiss' }, 'Dismiss'),
        h('button', { type: 'button', part: 'secondary', 'data-action': 'logout' }, 'Sign out now'));
    } else {
      this.titleEl().textContent = 'Your session is about to end';
      this._message.replaceChildren('You have been inactive for a while. For your security, you will be signed out in ', timer, '.');
      this._actions.replaceChildren(
        h('button', { type: 'button', class: 'primary', part: 'primary', 'data-action': 'stay' }, 'Stay signed in'),
        h('button', { type: 'button', part: 'secondary', 'data-action': 'logout' }, 'Sign out now'));
    }
    this.wireActions();
    this.update(timer);
    if (this._tick !== null) {
      clearInterval(this._tick);
    }
    this._tick = setInterval(() => this.update(timer), 1000);
    if (!this._dialog.open) {
      this._returnFocus = document.activeElement;
      this._dialog.showModal();
    }
    this._actions.querySelector<HTMLButtonElement>('button')?.focus();
    this.announce(detail.capped
      ? `Your session reaches its time limit in ${spoken(this.left())}. Save your work.`
      : `Your session ends in ${spoken(this.left())}. Choose Stay signed in to continue.`);
  }

  private ended(detail: EndedDetail): void {
    this.stopTick();
    this._warning = null;
    this.titleEl().textContent = 'You have been signed out';
    this._message.textContent = detail.reason === 'expired'
      ? 'Your session ended because it was inactive for too long. Sign in again to continue.'
      : 'Your session was ended, for example from another device. Sign in again to continue.';
    this._actions.replaceChildren(h('button', { type: 'button', class: 'primary', part: 'primary', 'data-action': 'ok' }, 'OK'));
    this.wireActions();
    if (!this._dialog.open) {
      this._returnFocus = document.activeElement;
      this._dialog.showModal();
    }
    this._actions.querySelector<HTMLButtonElement>('button')?.focus();
    this.announce(this._message.textContent);
  }

  private wireActions(): void {
    for (const button of this._actions.querySelectorAll<HTMLButtonElement>('button')) {
      button.addEventListener('click', () => {
        switch (button.dataset['action']) {
          case 'stay':
            void this.stay();
            break;
          case 'logout':
            void this.client.logout().catch(() => undefined);
            this.close();
            break;
          case 'save':
            this.dispatchEvent(new CustomEvent('sc-save-work', { bubbles: true, composed: true }));
            break;
          case 'dismiss':
            this.dismiss();
            break;
          default:
            this.close();
            break;
        }
      });
    }
  }

  private async stay(): Promise<void> {
    try {
      await this.client.extend(); // closes the dialog here and in every tab
    } catch {
      this.announce('Could not reach the server; trying again may help.');
    }
  }

  private dismiss(): void {
    this.client.dismissWarning();
    this.close();
  }

  private close(): void {
    this.stopTick();
    this._warning = null;
    if (this._dialog.open) {
      this._dialog.close();
      if (this._returnFocus instanceof HTMLElement) {
        this._returnFocus.focus();
      }
    }
  }

  private stopTick(): void {
    if (this._tick !== null) {
      clearInterval(this._tick);
      this._tick = null;
    }
  }

  private left(): number {
    return this._warning === null ? 0 : (this._warning.deadline - Date.now()) / 1000;
  }

  private update(timer: HTMLElement): void {
    const left = this.left();
    timer.textContent = clock(left);
    timer.setAttribute('aria-label', spoken(left));
    // Announce at a few marks, not every second (that would drown everything else a screen reader says).
    const s = Math.ceil(left);
    for (const mark of [60, 30, 20, 10, 5]) {
      if (s <= mark && this._lastAnnounced > mark && s > 0) {
        this._lastAnnounced = mark;
        if (s < Math.ceil(this._warning?.secondsLeft ?? 0)) {
          this.announce(`${spoken(s)} left.`);
        }
        break;
      }
    }
  }

  private announce(text: string): void {
    this._announce.textContent = '';
    // A fresh text node after a tick, so the same words are announced again.
    setTimeout(() => (this._announce.textContent = text), 50);
  }

  private titleEl(): HTMLElement {
    return this._title;
  }

  /** Tab and Shift+Tab cycle inside the dialog. */
  private trapFocus(e: KeyboardEvent): void {
    if (e.key !== 'Tab') {
      return;
    }
    const focusable = [...this._dialog.querySelectorAll<HTMLElement>('button, [href], input, [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (first === undefined || last === undefined) {
      return;
    }
    const active = this.root.activeElement;
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }
}
