/**
 * @sessioncluster/browser: the SessionCluster SDK and its web components. Importing this module (or loading the
 * single-file bundle) defines <sc-session-timeout>, <sc-sessions> and <sc-link-device>.
 */
export { SessionClient, SessionClusterError, defaultClient, type SessionClientOptions } from './client.js';
export { classifyCall, classifyRefresh, SESSION_ENDED_CODES, STALE_ACCESS_CODES, parseRetryAfter, type CallVerdict, type EndReason } from './errors.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { SseParser, type SseMessage } from './sse.js';
export { LeaderBook } from './leader.js';
export { RefreshCoordinator, type RefreshDeps, type RefreshOutcome, type RotateResult } from './refresh.js';
export { describeUserAgent, type DeviceDescription } from './ua.js';
export type * from './types.js';
export { ScSessionTimeout } from './elements/session-timeout.js';
export { ScSessions } from './elements/sessions.js';
export { ScLinkDevice } from './elements/link-device.js';

import { ScSessionTimeout } from './elements/session-timeout.js';
import { ScSessions } from './elements/sessions.js';
import { ScLinkDevice } from './elements/link-device.js';

/** Defines the elements (idempotent; a page may load the bundle twice). */
export function defineElements(registry: CustomElementRegistry | undefined = globalThis.customElements): void {
  if (registry === undefined) {
    return;
  }
  for (const [name, ctor] of [
    ['sc-session-timeout', ScSessionTimeout],
    ['sc-sessions', ScSessions],
    ['sc-link-device', ScLinkDevice],
  ] as const) {
    if (registry.get(name) === undefined) {
      registry.define(name, ctor);
    }
  }
}

defineElements();
