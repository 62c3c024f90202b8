import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './secrets';

/**
 * CSRF tokens for cookie-authenticated requests: `nonce.signature`, where the signature is an
 * HMAC over the session id and the nonce. The token is sent twice, as a cookie and in the
 * `x-csrf-token` header (double submit), and the signature ties it to one session, so a token
 * planted from another session or forged without the key is refused.
 */
export function issueCsrfToken(key: Buffer, sessionId: string): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${sign(key, sessionId, nonce)}`;
}

export function verifyCsrfToken(key: Buffer, sessionId: string, token: string): boolean {
  const [nonce, signature, extra] = token.split('.');
  if (!nonce || !signature || extra !== undefined || nonce.length > 64) return false;
  return constantTimeEqual(signature, sign(key, sessionId, nonce));
}

function sign(key: Buffer, sessionId: string, nonce: string): string {
  return createHmac('sha256', key).update(`${sessionId}.${nonce}`).digest('base64url');
}

export const CSRF_HEADER = 'x-csrf-token';
