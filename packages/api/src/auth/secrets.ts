import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';

/** Keys derived from the instance secret, one per purpose. */
export interface AuthKeys {
  /** HS256 key for access tokens. */
  jwt: Uint8Array;
  /** HMAC key binding CSRF tokens to sessions. */
  csrf: Buffer;
  /** AES-256-GCM key for secrets stored at rest. */
  encryption: Buffer;
}

const SECRET_SETTING = 'auth_secret';

/**
 * The instance secret: AUTH_SECRET when configured, otherwise a random one generated on first
 * start and kept in the database, so every API process of the instance shares it.
 */
export async function loadInstanceSecret(
  db: Kysely<DB>,
  configured: string | null,
): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('instance_settings')
    .values({ key: SECRET_SETTING, value: randomBytes(48).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('instance_settings')
    .where('key', '=', SECRET_SETTING)
    .select('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

export function deriveKeys(secret: string): AuthKeys {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'capecontrol', purpose, 32));
  return {
    jwt: new Uint8Array(derive('access-token-hs256')),
    csrf: derive('csrf-hmac'),
    encryption: derive('secrets-aes-256-gcm'),
  };
}

/** A URL-safe random token with the given prefix. */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 of a high-entropy token, as stored at rest (hex). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
