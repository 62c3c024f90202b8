import type { DB } from '@capecontrol/db';
import {
  apiKeyScopeSchema,
  type ApiKey,
  type CreateApiKeyInput,
  type CreatedApiKey,
} from '@capecontrol/schema';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeys } from '@capecontrol/db';
import { recordAudit } from '../audit/audit';
import { requestOrigin, type Context, type Principal } from '../context';
import { AppError } from '../errors';
import { randomToken, sha256 } from './secrets';

/** Every API key starts with this, so a leaked key is recognisable (and scannable). */
export const API_KEY_PREFIX = 'cape_';
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const MAX_ACTIVE_KEYS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Write last_used_at at most this often per key, so heavy use does not mean a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createApiKey(
  ctx: Context & { principal: Principal },
  input: Required<Pick<CreateApiKeyInput, 'name' | 'scopes' | 'expiresInDays'>>,
): Promise<CreatedApiKey> {
  const now = ctx.clock.now();
  const userId = ctx.principal.user.id;
  const secret = randomToken(API_KEY_PREFIX, 30);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const { active } = await trx
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('active'))
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    if (Number(active) >= MAX_ACTIVE_KEYS) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `You already have ${MAX_ACTIVE_KEYS} active API keys; revoke one first.`,
      );
    }
    const created = await trx
      .insertInto('api_keys')
      .values({
        user_id: userId,
        name: input.name,
        prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
        key_hash: sha256(secret),
        scopes: [...input.scopes],
        created_at: now,
        expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'auth.api_key.create',
      outcome: 'success',
      actor: { type: 'user', userId },
      target: { type: 'api_key', id: created.id },
      origin: requestOrigin(ctx),
      metadata: {
        name: input.name,
        scopes: [...input.scopes],
        expiresAt: created.expires_at.toISOString(),
      },
    });
    return created;
  });
  return { apiKey: toApiKeyDto(row), secret };
}

/** The caller's keys, newest first, revoked and expired ones included (marked as such). */
export async function listApiKeys(db: Kysely<DB>, userId: string): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiKeyDto);
}

export async function revokeApiKey(
  ctx: Context & { principal: Principal },
  id: string,
): Promise<ApiKey> {
  const userId = ctx.principal.user.id;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!existing) {
      await recordAudit(trx, {
        action: 'auth.api_key.revoke',
        outcome: 'denied',
        actor: { type: 'user', userId },
        target: { type: 'api_key', id },
        origin: requestOrigin(ctx),
        metadata: { reason: 'not_found' },
      });
      throw new AppError('NOT_FOUND', 'No such API key.');
    }
    if (existing.revoked_at) return toApiKeyDto(existing);
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'auth.api_key.revoke',
      outcome: 'success',
      actor: { type: 'user', userId },
      target: { type: 'api_key', id },
      origin: requestOrigin(ctx),
    });
    return toApiKeyDto(revoked);
  });
}

export async function touchApiKey(
  db: Kysely<DB>,
  id: string,
  lastUsedAt: Date | null,
  now: Date,
): Promise<void> {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

function toApiKeyDto(row: Selectable<ApiKeys>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.map((scope) => apiKeyScopeSchema.parse(scope)),
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
