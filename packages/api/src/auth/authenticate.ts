import { apiKeyScopeSchema } from '@capecontrol/schema';
import { recordAudit } from '../audit/audit';
import type { AuthState, RequestInfo, Services } from '../context';
import { API_KEY_PREFIX, touchApiKey } from './api-keys';
import { cookieName } from './cookies';
import { sha256 } from './secrets';
import { verifyAccessToken } from './tokens';
import { toAuthenticatedUser, userColumns } from './users';

const FULL_SCOPES = apiKeyScopeSchema.options;

/**
 * Works out who sent a request: an `Authorization: Bearer` access token or API key, else the
 * access-token cookie, else nobody. Presented credentials that fail are reported as
 * `rejected` (and audited), so protected procedures answer 401 with the reason.
 */
export async function authenticateRequest(
  services: Services,
  request: RequestInfo,
): Promise<AuthState> {
  if (request.authorization !== null) {
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(request.authorization);
    if (!match?.[1])
      return reject(
        services,
        request,
        'malformed_authorization',
        'Malformed Authorization header; expected "Bearer <token>".',
      );
    const credential = match[1];
    return credential.startsWith(API_KEY_PREFIX)
      ? authenticateApiKey(services, request, credential)
      : authenticateAccessToken(services, request, credential, 'bearer');
  }
  const cookie = request.cookies[cookieName('access', services.config.secureCookies)];
  if (cookie) return authenticateAccessToken(services, request, cookie, 'cookie');
  return { status: 'anonymous' };
}

async function authenticateAccessToken(
  services: Services,
  request: RequestInfo,
  token: string,
  via: 'bearer' | 'cookie',
): Promise<AuthState> {
  const now = services.clock.now();
  const verified = await verifyAccessToken(services.keys.jwt, token, now);
  if (!verified.ok) {
    const message =
      verified.reason === 'expired'
        ? 'Your session token has expired; refresh it or sign in again.'
        : 'Invalid access token.';
    return reject(services, request, `access_token_${verified.reason}`, message);
  }
  const row = await services.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(userColumns)
    .where('sessions.id', '=', verified.claims.sessionId)
    .where('sessions.user_id', '=', verified.claims.userId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row)
    return reject(
      services,
      request,
      'session_ended',
      'Your session has ended; sign in again.',
      verified.claims.userId,
    );
  return {
    status: 'authenticated',
    principal: {
      user: toAuthenticatedUser(row),
      via,
      sessionId: verified.claims.sessionId,
      apiKeyId: null,
      scopes: [...FULL_SCOPES],
      accessTokenExpiresAt: verified.expiresAt,
    },
  };
}

async function authenticateApiKey(
  services: Services,
  request: RequestInfo,
  key: string,
): Promise<AuthState> {
  const now = services.clock.now();
  const row = await services.db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      ...userColumns,
      'api_keys.id as key_id',
      'api_keys.scopes',
      'api_keys.expires_at',
      'api_keys.revoked_at',
      'api_keys.last_used_at',
    ])
    .where('api_keys.key_hash', '=', sha256(key))
    .executeTakeFirst();
  if (!row) return reject(services, request, 'api_key_unknown', 'Invalid API key.');
  if (row.revoked_at)
    return reject(
      services,
      request,
      'api_key_revoked',
      'This API key has been revoked.',
      row.id,
      row.key_id,
    );
  if (row.expires_at <= now)
    return reject(
      services,
      request,
      'api_key_expired',
      'This API key has expired.',
      row.id,
      row.key_id,
    );
  await touchApiKey(services.db, row.key_id, row.last_used_at, now);
  return {
    status: 'authenticated',
    principal: {
      user: toAuthenticatedUser(row),
      via: 'api_key',
      sessionId: null,
      apiKeyId: row.key_id,
      scopes: row.scopes.map((scope) => apiKeyScopeSchema.parse(scope)),
      accessTokenExpiresAt: null,
    },
  };
}

async function reject(
  services: Services,
  request: RequestInfo,
  reason: string,
  message: string,
  userId?: string,
  apiKeyId?: string,
): Promise<AuthState> {
  await recordAudit(services.db, {
    action: 'auth.authenticate',
    outcome: 'failure',
    actor: { type: 'anonymous' },
    target: apiKeyId
      ? { type: 'api_key', id: apiKeyId }
      : userId
        ? { type: 'user', id: userId }
        : undefined,
    origin: request,
    metadata: { reason },
  });
  return { status: 'rejected', message };
}
