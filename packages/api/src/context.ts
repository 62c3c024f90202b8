import { isDatabaseUnavailable, type DB } from '@capecontrol/db';
import type { ApiKeyScope, Role } from '@capecontrol/schema';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RequestOrigin } from './audit/audit';
import { authenticateRequest } from './auth/authenticate';
import { CSRF_HEADER } from './auth/csrf';
import { parseCookies } from './auth/cookies';
import type { AuthLimiters } from './auth/limiters';
import type { AuthKeys } from './auth/secrets';
import type { Clock } from './clock';
import { databaseUnavailableError } from './errors';
import type { ApiConfig } from './config';
import type { ApiObserver } from './observer';
import type { SubscriptionTracker } from './subscriptions';
import type { TaskRuntime } from './task/deps';
import type { SigningKeys } from './marketplace/signing';

/** Long-lived dependencies shared by every request; built once per process (services.ts). */
export interface Services {
  db: Kysely<DB>;
  logger: Logger;
  clock: Clock;
  config: ApiConfig;
  keys: AuthKeys;
  limiters: AuthLimiters;
  redis: Redis | null;
  tasks: TaskRuntime;
  marketplace: { signing: SigningKeys };
  /** Receives per-procedure timings (the server's /metrics). */
  observer: ApiObserver;
  /** Open subscriptions of this process, capped per user. */
  subscriptions: SubscriptionTracker;
}

/** What the API needs to know about an HTTP request, read once by the outer context. */
export interface RequestInfo extends RequestOrigin {
  requestId: string;
  method: string;
  /** `scheme://host` the request was addressed to. */
  selfOrigin: string | null;
  origin: string | null;
  secFetchSite: string | null;
  contentType: string | null;
  authorization: string | null;
  csrfHeader: string | null;
  cookies: Record<string, string>;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
}

/** Who is calling, and how they proved it. */
export interface Principal {
  user: AuthenticatedUser;
  via: 'cookie' | 'bearer' | 'api_key';
  /** The sign-in session (cookie and bearer tokens); null for API keys. */
  sessionId: string | null;
  apiKeyId: string | null;
  scopes: ApiKeyScope[];
  accessTokenExpiresAt: Date | null;
}

export type AuthState =
  | { status: 'anonymous' }
  | { status: 'authenticated'; principal: Principal }
  | { status: 'rejected'; message: string };

/** The inner context: everything a procedure may use. Tests build it directly. */
export interface Context extends Services {
  request: RequestInfo | null;
  auth: AuthState;
  /** Headers (cookies, Retry-After) added to the HTTP response. */
  responseHeaders: Headers;
}

export interface InnerContextOptions {
  request?: RequestInfo | null;
  auth?: AuthState;
  responseHeaders?: Headers;
}

export function createInnerContext(services: Services, options: InnerContextOptions = {}): Context {
  const request = options.request ?? null;
  return {
    ...services,
    logger: request ? services.logger.child({ reqId: request.requestId }) : services.logger,
    request,
    auth: options.auth ?? { status: 'anonymous' },
    responseHeaders: options.responseHeaders ?? new Headers(),
  };
}

/** The parts of a request the outer context reads: a fetch `Request` fits, so does a thin view of a Node request. */
export interface RequestLike {
  url: string;
  method: string;
  headers: { get(name: string): string | null };
}

export interface RequestContextOptions {
  req: RequestLike;
  resHeaders: Headers;
  /** The client address as the host determined it (socket or trusted proxy header). */
  ip: string | null;
  requestId: string;
  /**
   * tRPC connection params (browsers' EventSource cannot send headers, so subscriptions may
   * carry `authorization` here instead).
   */
  connectionParams?: Record<string, string | undefined> | null;
}

/** The outer context: reads the HTTP request, authenticates it, and builds the inner one. */
export async function createRequestContext(
  services: Services,
  { req, resHeaders, ip, requestId, connectionParams }: RequestContextOptions,
): Promise<Context> {
  const headers = req.headers;
  const url = new URL(req.url);
  const request: RequestInfo = {
    requestId,
    ip,
    userAgent: headers.get('user-agent'),
    method: req.method,
    selfOrigin: url.origin,
    origin: headers.get('origin'),
    secFetchSite: headers.get('sec-fetch-site'),
    contentType: headers.get('content-type'),
    authorization: headers.get('authorization') ?? connectionParams?.authorization ?? null,
    csrfHeader: headers.get(CSRF_HEADER),
    cookies: parseCookies(headers.get('cookie')),
  };
  const auth = await authenticateRequest(services, request).catch((error: unknown) => {
    if (!isDatabaseUnavailable(error)) throw error;
    // Checking a session or key needs the database: while it is down, 503 rather than a 500.
    throw databaseUnavailableError(error, resHeaders);
  });
  return createInnerContext(services, { request, auth, responseHeaders: resHeaders });
}

export function requestOrigin(ctx: Pick<Context, 'request'>): RequestOrigin | null {
  if (!ctx.request) return null;
  const { requestId, ip, userAgent } = ctx.request;
  return { requestId, ip, userAgent };
}
