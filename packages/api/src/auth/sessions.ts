import type { DB } from '@capecontrol/db';
import type { MeResult, SessionResult, TokenTransport } from '@capecontrol/schema';
import type { Kysely, Transaction } from 'kysely';
import { recordAudit, type AuditEventInput } from '../audit/audit';
import { requestOrigin, type Context, type Principal } from '../context';
import { AppError } from '../errors';
import { cookieName, serializeCookie } from './cookies';
import { issueCsrfToken } from './csrf';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { assertCsrfToken } from './request-guard';
import { randomToken, sha256 } from './secrets';
import { signAccessToken } from './tokens';
import { toAuthenticatedUser, toUserDto, userColumns } from './users';
import type { AuthenticatedUser } from '../context';

const REFRESH_TOKEN_PREFIX = 'rt_';
const BAD_CREDENTIALS = 'Incorrect email or password.';

interface NewSession {
  sessionId: string;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export async function register(
  ctx: Context,
  input: { email: string; password: string; displayName: string; transport: TokenTransport },
): Promise<SessionResult> {
  const origin = requestOrigin(ctx);
  await limited(
    ctx,
    () =>
      ctx.limiters.registerPerIp.consume(
        clientKey(ctx),
        'Too many sign-ups from your network. Try again later.',
      ),
    {
      action: 'auth.register',
      metadata: { email: input.email },
    },
  );
  const passwordHash = await hashPassword(input.password);
  const role = ctx.config.adminEmail === input.email ? 'admin' : 'user';
  const now = ctx.clock.now();

  const created = await ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({
        email: input.email,
        display_name: input.displayName,
        password_hash: passwordHash,
        role,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning(['id', 'email', 'display_name', 'role', 'created_at'])
      .executeTakeFirst();
    if (!user) return null;
    const session = await createSession(trx, ctx, user.id, now);
    await recordAudit(trx, {
      action: 'auth.register',
      outcome: 'success',
      actor: { type: 'user', userId: user.id },
      target: { type: 'user', id: user.id },
      origin,
      metadata: { role },
    });
    return { user: toAuthenticatedUser(user), session };
  });
  if (!created) {
    await recordAudit(ctx.db, {
      action: 'auth.register',
      outcome: 'failure',
      actor: { type: 'anonymous' },
      origin,
      metadata: { reason: 'email_taken', email: input.email },
    });
    throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');
  }
  return issueTokens(ctx, created.user, created.session, input.transport);
}

export async function login(
  ctx: Context,
  input: { email: string; password: string; transport: TokenTransport },
): Promise<SessionResult> {
  const origin = requestOrigin(ctx);
  const audit = { action: 'auth.login', metadata: { email: input.email } };
  await limited(
    ctx,
    () =>
      ctx.limiters.loginPerIp.consume(
        clientKey(ctx),
        'Too many sign-in attempts from your network. Try again later.',
      ),
    audit,
  );
  await limited(
    ctx,
    () =>
      ctx.limiters.loginFailuresPerAccount.assertAvailable(
        input.email,
        'Too many failed sign-ins for this account. Try again later.',
      ),
    audit,
  );

  const row = await ctx.db
    .selectFrom('users')
    .select([...userColumns, 'users.password_hash'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const valid = row
    ? await verifyPassword(row.password_hash, input.password)
    : (await burnPasswordCheck(input.password), false);
  if (!row || !valid) {
    await ctx.limiters.loginFailuresPerAccount.penalise(input.email);
    await recordAudit(ctx.db, {
      action: 'auth.login',
      outcome: 'failure',
      actor: { type: 'anonymous' },
      target: row ? { type: 'user', id: row.id } : undefined,
      origin,
      metadata: { reason: row ? 'bad_password' : 'unknown_email', email: input.email },
    });
    throw new AppError('UNAUTHORIZED', BAD_CREDENTIALS);
  }
  await ctx.limiters.loginFailuresPerAccount.reset(input.email);

  const now = ctx.clock.now();
  const session = await ctx.db.transaction().execute(async (trx) => {
    const created = await createSession(trx, ctx, row.id, now);
    await recordAudit(trx, {
      action: 'auth.login',
      outcome: 'success',
      actor: { type: 'user', userId: row.id },
      target: { type: 'session', id: created.sessionId },
      origin,
    });
    return created;
  });
  return issueTokens(ctx, toAuthenticatedUser(row), session, input.transport);
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token. Each refresh token
 * works once: presenting a spent one again means it was stolen (or replayed), so the whole
 * session, every token of its family, is revoked.
 */
export async function refresh(ctx: Context, bodyToken: string | undefined): Promise<SessionResult> {
  const origin = requestOrigin(ctx);
  const transport: TokenTransport = bodyToken ? 'bearer' : 'cookie';
  const token = bodyToken ?? ctx.request?.cookies[cookieName('refresh', ctx.config.secureCookies)];
  const fail = async (
    reason: string,
    message: string,
    target?: { type: string; id: string },
    userId?: string,
  ) => {
    await recordAudit(ctx.db, {
      action: 'auth.refresh',
      outcome: 'failure',
      actor: userId ? { type: 'user', userId } : { type: 'anonymous' },
      target,
      origin,
      metadata: { reason },
    });
    if (transport === 'cookie') clearSessionCookies(ctx);
    return new AppError('UNAUTHORIZED', message);
  };
  if (!token) throw await fail('missing', 'No refresh token; sign in again.');

  const tokenHash = sha256(token);
  const found = await ctx.db
    .selectFrom('refresh_tokens')
    .select('session_id')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!found) throw await fail('unknown', 'Invalid refresh token; sign in again.');
  // A cookie-borne refresh is a browser mutation: it must carry its session's CSRF token.
  if (transport === 'cookie') await assertCsrfToken(ctx, found.session_id);

  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('refresh_tokens')
      .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
      .select([
        'refresh_tokens.id as token_id',
        'refresh_tokens.used_at',
        'refresh_tokens.expires_at as token_expires_at',
        'sessions.id as session_id',
        'sessions.user_id',
        'sessions.revoked_at',
        'sessions.expires_at as session_expires_at',
      ])
      .where('refresh_tokens.token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { kind: 'unknown' as const };
    if (row.revoked_at) return { kind: 'revoked' as const, row };
    if (row.used_at) {
      await trx
        .updateTable('sessions')
        .set({ revoked_at: now, revoked_reason: 'refresh_token_reuse' })
        .where('id', '=', row.session_id)
        .execute();
      await recordAudit(trx, {
        action: 'auth.refresh.reuse_detected',
        outcome: 'failure',
        actor: { type: 'anonymous' },
        target: { type: 'session', id: row.session_id },
        origin,
        metadata: { userId: row.user_id, revoked: 'session' },
      });
      return { kind: 'reused' as const, row };
    }
    if (row.token_expires_at <= now || row.session_expires_at <= now)
      return { kind: 'expired' as const, row };

    await trx
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('id', '=', row.token_id)
      .execute();
    const next = await addRefreshToken(trx, ctx, row.session_id, now);
    await trx
      .updateTable('sessions')
      .set({ last_used_at: now, expires_at: next.refreshTokenExpiresAt })
      .where('id', '=', row.session_id)
      .execute();
    const user = await trx
      .selectFrom('users')
      .select(userColumns)
      .where('id', '=', row.user_id)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'auth.refresh',
      outcome: 'success',
      actor: { type: 'user', userId: row.user_id },
      target: { type: 'session', id: row.session_id },
      origin,
    });
    return { kind: 'ok' as const, user: toAuthenticatedUser(user), session: next };
  });

  switch (outcome.kind) {
    case 'ok':
      return issueTokens(ctx, outcome.user, outcome.session, transport);
    case 'unknown':
      throw await fail('unknown', 'Invalid refresh token; sign in again.');
    case 'revoked':
      throw await fail(
        'session_revoked',
        'This session has ended; sign in again.',
        { type: 'session', id: outcome.row.session_id },
        outcome.row.user_id,
      );
    case 'expired':
      throw await fail(
        'expired',
        'Your session has expired; sign in again.',
        { type: 'session', id: outcome.row.session_id },
        outcome.row.user_id,
      );
    case 'reused':
      if (transport === 'cookie') clearSessionCookies(ctx);
      throw new AppError(
        'UNAUTHORIZED',
        'This refresh token was already used, so the session has been ended for your safety. Sign in again.',
      );
  }
}

/** Ends the caller's session (all its refresh tokens) and clears the web app's cookies. */
export async function logout(ctx: Context, bodyToken: string | undefined): Promise<{ ok: true }> {
  const origin = requestOrigin(ctx);
  let sessionId: string | null = null;
  const cookieToken = ctx.request?.cookies[cookieName('refresh', ctx.config.secureCookies)];
  const token = bodyToken ?? cookieToken;
  if (ctx.auth.status === 'authenticated' && ctx.auth.principal.sessionId) {
    sessionId = ctx.auth.principal.sessionId;
  } else if (token) {
    const found = await ctx.db
      .selectFrom('refresh_tokens')
      .select('session_id')
      .where('token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (found && !bodyToken) await assertCsrfToken(ctx, found.session_id);
    sessionId = found?.session_id ?? null;
  }
  if (!bodyToken) clearSessionCookies(ctx);
  if (!sessionId) return { ok: true };

  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const session = await trx
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: 'logout' })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .returning(['user_id'])
      .executeTakeFirst();
    if (session) {
      await recordAudit(trx, {
        action: 'auth.logout',
        outcome: 'success',
        actor: { type: 'user', userId: session.user_id },
        target: { type: 'session', id: sessionId },
        origin,
      });
    }
  });
  return { ok: true };
}

export function me(ctx: Context & { principal: Principal }): MeResult {
  const { principal } = ctx;
  return {
    user: toUserDto(principal.user),
    via: principal.via,
    scopes: principal.scopes,
    accessTokenExpiresAt: principal.accessTokenExpiresAt?.toISOString() ?? null,
  };
}

async function createSession(
  trx: Transaction<DB>,
  ctx: Context,
  userId: string,
  now: Date,
): Promise<NewSession> {
  const expiresAt = new Date(now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000);
  const session = await trx
    .insertInto('sessions')
    .values({
      user_id: userId,
      created_at: now,
      last_used_at: now,
      expires_at: expiresAt,
      ip: ctx.request?.ip ?? null,
      user_agent: ctx.request?.userAgent?.slice(0, 512) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return addRefreshToken(trx, ctx, session.id, now);
}

async function addRefreshToken(
  db: Kysely<DB>,
  ctx: Context,
  sessionId: string,
  now: Date,
): Promise<NewSession> {
  const refreshToken = randomToken(REFRESH_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000);
  await db
    .insertInto('refresh_tokens')
    .values({
      session_id: sessionId,
      token_hash: sha256(refreshToken),
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { sessionId, refreshToken, refreshTokenExpiresAt: expiresAt };
}

async function issueTokens(
  ctx: Context,
  user: AuthenticatedUser,
  session: NewSession,
  transport: TokenTransport,
): Promise<SessionResult> {
  const access = await signAccessToken(
    ctx.keys.jwt,
    { userId: user.id, sessionId: session.sessionId },
    ctx.clock.now(),
    ctx.config.accessTokenTtlSeconds,
  );
  const csrfToken =
    transport === 'cookie' ? issueCsrfToken(ctx.keys.csrf, session.sessionId) : null;
  if (transport === 'cookie') {
    const secure = ctx.config.secureCookies;
    const refreshMaxAge = Math.floor(
      (session.refreshTokenExpiresAt.getTime() - ctx.clock.now().getTime()) / 1000,
    );
    const accessMaxAge = Math.floor(
      (access.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000,
    );
    ctx.responseHeaders.append(
      'Set-Cookie',
      serializeCookie('access', access.token, { secure, maxAgeSeconds: accessMaxAge }),
    );
    ctx.responseHeaders.append(
      'Set-Cookie',
      serializeCookie('refresh', session.refreshToken, { secure, maxAgeSeconds: refreshMaxAge }),
    );
    ctx.responseHeaders.append(
      'Set-Cookie',
      serializeCookie('csrf', csrfToken as string, {
        secure,
        readableByScript: true,
        maxAgeSeconds: refreshMaxAge,
      }),
    );
  }
  return {
    user: toUserDto(user),
    transport,
    accessToken: transport === 'bearer' ? access.token : null,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: transport === 'bearer' ? session.refreshToken : null,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString(),
    csrfToken,
  };
}

function clearSessionCookies(ctx: Context): void {
  const secure = ctx.config.secureCookies;
  for (const name of ['access', 'refresh', 'csrf'] as const) {
    ctx.responseHeaders.append(
      'Set-Cookie',
      serializeCookie(name, '', { secure, readableByScript: name === 'csrf', maxAgeSeconds: 0 }),
    );
  }
}

function clientKey(ctx: Context): string {
  return ctx.request?.ip ?? 'in-process';
}

/** Runs a rate-limit check; when it refuses, records the refusal before rethrowing. */
async function limited(
  ctx: Context,
  check: () => Promise<void>,
  audit: Pick<AuditEventInput, 'action' | 'metadata'>,
): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof AppError && error.code === 'TOO_MANY_REQUESTS') {
      await recordAudit(ctx.db, {
        ...audit,
        outcome: 'denied',
        actor: { type: 'anonymous' },
        origin: requestOrigin(ctx),
        metadata: { ...audit.metadata, reason: 'rate_limited' },
      });
    }
    throw error;
  }
}
