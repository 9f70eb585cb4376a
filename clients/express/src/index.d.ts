import type { Request, Response, NextFunction, RequestHandler } from 'express';

/** The session of a request, as the middleware and verify() give it. */
export interface SessionClusterSession {
  /** The user id. */
  user: string;
  /** The session id. */
  session: string;
  /** The device id. */
  device: string;
  /** Authenticator assurance level, 1 or 2. */
  aal: number;
  /** The tenant wants a second factor before trusting the session again. */
  stepUpRequired: boolean;
  /** Inside the tenant's warning window. */
  expiresSoon: boolean;
  /** The API's whole session view. */
  view: Record<string, unknown>;
}

export interface VerifyFailure {
  ok: false;
  /** 401 (session codes), 403 csrf_invalid, 429 rate_limited, 503 cluster_unavailable. */
  status: 401 | 403 | 429 | 503;
  code: string;
  retryAfter?: number;
  viaCookie: boolean;
}

export type VerifyResult = { ok: true; session: SessionClusterSession; viaCookie: boolean } | VerifyFailure;

export interface SessionClusterOptions {
  /** The SessionCluster API's address. */
  baseUrl: string;
  /** The tenant's API key. */
  apiKey: string;
  /** One attempt's timeout (default 2000 ms). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export declare const COOKIES: Readonly<{ access: string; refresh: string; csrf: string; csrfHeader: string; refreshPath: string }>;

export declare class SessionClusterError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfter?: number;
}

export interface SessionClusterClient {
  validate(accessToken: string, client?: { ip?: string | null; userAgent?: string | null }): Promise<Record<string, unknown>>;
  createSession(session: Record<string, unknown>): Promise<Record<string, unknown>>;
  refresh(refreshToken: string, client?: { ip?: string | null; userAgent?: string | null }): Promise<Record<string, unknown>>;
  getSession(sessionId: string): Promise<Record<string, unknown>>;
  revokeSession(sessionId: string): Promise<void>;
  revokeUserSessions(userId: string): Promise<{ revoked: number }>;
}

export declare function createClient(options: SessionClusterOptions): SessionClusterClient;
export declare function sessionCluster(options: SessionClusterOptions): RequestHandler;
export declare function requireSession(options?: { loginPath?: string }): RequestHandler;
export declare function requireAal2(options?: { loginPath?: string; stepUpPath?: string }): RequestHandler;
export declare function verify(
  headers: Headers | Record<string, string | string[] | undefined>,
  options: Partial<SessionClusterOptions> & { client?: SessionClusterClient; method?: string; clientIp?: string; userAgent?: string },
): Promise<VerifyResult>;
export declare function signIn(
  res: Response,
  userId: string,
  options?: { device?: { id?: string; name?: string; type?: string }; rememberMe?: boolean; aal?: 1 | 2; data?: Record<string, unknown> },
): Promise<Record<string, unknown> & { sessionId: string; accessToken: string; refreshToken: string; csrfToken: string }>;
export declare function signOut(req: Request, res: Response, options?: { everywhere?: boolean }): Promise<void>;
export declare function csrfFor(accessToken: string): string | null;
export declare function parseCookies(header: string | undefined): Record<string, string>;

declare global {
  namespace Express {
    interface Request {
      /** The SessionCluster session, or null (see sessionClusterFailure). */
      sessionCluster?: SessionClusterSession | null;
      sessionClusterFailure?: VerifyFailure | null;
    }
  }
}

export type { NextFunction };
