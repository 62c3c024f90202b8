import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { deriveKeys } from './secrets';
import { signAccessToken, verifyAccessToken } from './tokens';

const keys = deriveKeys('a-test-secret-that-is-long-enough-for-hkdf');
const claims = {
  userId: '11111111-1111-4111-8111-111111111111',
  sessionId: '22222222-2222-4222-8222-222222222222',
};

describe('access tokens', () => {
  it('verifies a token it signed and returns its claims', async () => {
    const now = new Date();
    const { token, expiresAt } = await signAccessToken(keys.jwt, claims, now, 900);
    const verified = await verifyAccessToken(keys.jwt, token, now);
    expect(verified).toEqual({ ok: true, claims, expiresAt });
  });

  it('issues a different token each time, even for one session in the same second', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const first = await signAccessToken(keys.jwt, claims, now, 900);
    const second = await signAccessToken(keys.jwt, claims, now, 900);
    expect(second.token).not.toBe(first.token);
    expect(await verifyAccessToken(keys.jwt, second.token, now)).toMatchObject({ ok: true });
  });

  it('never issues a token for longer than 15 minutes', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const { expiresAt } = await signAccessToken(keys.jwt, claims, now, 24 * 3600);
    expect(expiresAt.getTime() - now.getTime()).toBe(15 * 60 * 1000);
  });

  it('refuses an expired token and a token from the future', async () => {
    const now = new Date();
    const { token } = await signAccessToken(keys.jwt, claims, now, 60);
    expect(await verifyAccessToken(keys.jwt, token, new Date(now.getTime() + 120_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(
      await verifyAccessToken(keys.jwt, token, new Date(now.getTime() - 60_000)),
    ).toMatchObject({
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  it('refuses a token signed with another key', async () => {
    const other = deriveKeys('another-secret-that-is-also-long-enough');
    const { token } = await signAccessToken(other.jwt, claims, new Date(), 60);
    expect(await verifyAccessToken(keys.jwt, token, new Date())).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a token whose subject is not a user id', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('admin')
      .setIssuer('capecontrol')
      .setAudience('capecontrol-api')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .sign(keys.jwt);
    expect(await verifyAccessToken(keys.jwt, token, new Date())).toEqual({
      ok: false,
      reason: 'bad_claims',
    });
  });
});
