import { describe, expect, it } from 'vitest';
import { issueCsrfToken, verifyCsrfToken } from './csrf';
import { deriveKeys } from './secrets';

const { csrf: key } = deriveKeys('a-test-secret-that-is-long-enough-for-hkdf');
const session = '33333333-3333-4333-8333-333333333333';
const otherSession = '44444444-4444-4444-8444-444444444444';

describe('CSRF tokens', () => {
  it('verifies for the session it was issued to', () => {
    expect(verifyCsrfToken(key, session, issueCsrfToken(key, session))).toBe(true);
  });

  it('is refused for another session', () => {
    expect(verifyCsrfToken(key, otherSession, issueCsrfToken(key, session))).toBe(false);
  });

  it('is refused when tampered with or malformed', () => {
    const token = issueCsrfToken(key, session);
    const [nonce, signature] = token.split('.') as [string, string];
    expect(verifyCsrfToken(key, session, `${nonce}x.${signature}`)).toBe(false);
    expect(verifyCsrfToken(key, session, `${nonce}.${signature.slice(0, -2)}AA`)).toBe(false);
    expect(verifyCsrfToken(key, session, nonce)).toBe(false);
    expect(verifyCsrfToken(key, session, `${token}.extra`)).toBe(false);
    expect(verifyCsrfToken(key, session, '')).toBe(false);
  });

  it('is refused when signed with another key', () => {
    const other = deriveKeys('another-secret-that-is-also-long-enough').csrf;
    expect(verifyCsrfToken(key, session, issueCsrfToken(other, session))).toBe(false);
  });
});
