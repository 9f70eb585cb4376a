/** The shapes of the SessionCluster HTTP contract the browser sees (API.md). */

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface SessionDevice {
  deviceId: string;
  name: string | null;
  type: string | null;
}

export interface SessionView {
  sessionId: string;
  userId: string;
  deviceId: string;
  status: 'active' | 'revoked' | 'expired';
  endReason?: string | null;
  aal: number;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  accessTokenExpiresAt: string;
  expiresSoon: boolean;
  client: ClientInfo;
  device: SessionDevice;
  stepUpRequired?: boolean;
}

export interface MySession extends SessionView {
  current: boolean;
}

export interface Device {
  deviceId: string;
  name: string | null;
  type: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  linkedVia: 'login' | 'link' | string;
  activeSessions: number;
}

/** A pair as the service hands it to a bearer-mode page. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface SessionWithTokens extends SessionView, TokenPair {
  csrfToken: string;
}

/** A user event from GET /v1/me/events. */
export interface SessionEvent {
  id: string;
  type: string;
  at: string;
  sessionId: string | null;
  deviceId: string | null;
  detail: Record<string, string>;
}

/** An RFC 9457 problem with SessionCluster's stable code. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  errors?: Record<string, string[]>;
}

export type ConnectionState = 'starting' | 'online' | 'reconnecting' | 'signedOut';

export interface ExpiringDetail {
  /** Seconds left when the warning was raised. */
  secondsLeft: number;
  /** When the session ends (server time, ISO-8601). */
  expiresAt: string;
  /** The moment it ends on this page's clock (ms since epoch), from secondsLeft, so clock skew does not matter. */
  deadline: number;
  /** True when the absolute lifetime is what ends it: extend() cannot help, so offer to save work. */
  capped: boolean;
}

export interface EndedDetail {
  reason: 'expired' | 'revoked' | 'signedOut';
  /** The server's code or reason (e.g. session_revoked, refresh_token_reused, logout). */
  code: string;
}

export interface DeviceLinkStart {
  userCode: string;
  expiresAt: string;
}
