import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export const ACCESS_TOKEN_ISSUER = 'capecontrol';
export const ACCESS_TOKEN_AUDIENCE = 'capecontrol-api';
/** The one algorithm accepted; anything else in a token header is refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** Maximum lifetime of an access token, whatever the configuration says. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

export async function signAccessToken(
  key: Uint8Array,
  claims: AccessTokenClaims,
  now: Date,
  ttlSeconds: number,
): Promise<IssuedAccessToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + Math.min(ttlSeconds, MAX_ACCESS_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    // Unique per issue: two tokens of one session minted in the same second (a login and an
    // immediate refresh) must still differ, so one can be told from, and logged apart from, the other.
    .setJti(randomUUID())
    .setExpirationTime(expiresAt)
    .sign(key);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

export type AccessTokenFailure =
  'expired' | 'not_yet_valid' | 'bad_signature' | 'bad_algorithm' | 'bad_claims' | 'malformed';

export type VerifiedAccessToken =
  | { ok: true; claims: AccessTokenClaims; expiresAt: Date }
  | { ok: false; reason: AccessTokenFailure };

/** Verifies signature, algorithm, issuer, audience and time claims of an access token. */
export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
  now: Date,
): Promise<VerifiedAccessToken> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
      maxTokenAge: MAX_ACCESS_TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS,
      typ: 'JWT',
    });
    const { sub, sid, exp } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
      return { ok: false, reason: 'bad_claims' };
    }
    if (!UUID.test(sub) || !UUID.test(sid)) return { ok: false, reason: 'bad_claims' };
    return { ok: true, claims: { userId: sub, sessionId: sid }, expiresAt: new Date(exp * 1000) };
  } catch (error) {
    return { ok: false, reason: classify(error) };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function classify(error: unknown): AccessTokenFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf' || error.claim === 'iat' ? 'not_yet_valid' : 'bad_claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'bad_algorithm';
  }
  return 'malformed';
}
