import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';

const SETTING = 'marketplace_signing_key';

export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as PEM, for anyone who wants to verify a download. */
  publicKeyPem: string;
}

/**
 * The platform's Ed25519 key pair that signs every published version. Generated on first start
 * and kept in the database so every process of the instance signs and verifies alike.
 */
export async function loadSigningKeys(db: Kysely<DB>): Promise<SigningKeys> {
  const { privateKey } = generateKeyPairSync('ed25519');
  await db
    .insertInto('instance_settings')
    .values({ key: SETTING, value: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirstOrThrow();
  const stored = createPrivateKey(row.value);
  const publicKey = createPublicKey(stored);
  return {
    privateKey: stored,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Base64 Ed25519 signature over the canonical manifest bytes. */
export function signManifest(keys: SigningKeys, canonical: string): string {
  return sign(null, Buffer.from(canonical, 'utf8'), keys.privateKey).toString('base64');
}

export function verifyManifestSignature(
  keys: Pick<SigningKeys, 'publicKey'>,
  canonical: string,
  signature: string,
): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonical, 'utf8'),
      keys.publicKey,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
