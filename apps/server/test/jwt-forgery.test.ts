import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBearer, startTestServer, trpc, type TestServer } from './helpers';

let server: TestServer;
let valid: string;
let userId: string;
let sessionId: string;
let jwtKey: Uint8Array;

beforeAll(async () => {
  server = await startTestServer();
  const registered = await registerWithBearer(server.url);
  valid = registered.accessToken;
  userId = registered.userId;
  sessionId = (decodePart(valid, 1) as { sid: string }).sid;
  jwtKey = server.app.services.keys.jwt;
});
afterAll(async () => {
  await server.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decodePart(token: string, index: number): unknown {
  return JSON.parse(Buffer.from(token.split('.')[index] as string, 'base64url').toString());
}
const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  const t = now();
  return {
    sid: sessionId,
    sub: userId,
    iss: 'capecontrol',
    aud: 'capecontrol-api',
    iat: t,
    nbf: t,
    exp: t + 600,
    ...overrides,
  };
}

/** Signs with our real key (so only the named defect can be the reason for refusal). */
function signHs256(payload: JWTPayload, header: Record<string, unknown> = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(jwtKey);
}

function withoutClaim(name: string): JWTPayload {
  const payload = claims();
  delete payload[name];
  return payload;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');

/** Each entry is a token no honest server would accept. */
const forgeries: Array<[string, () => Promise<string> | string]> = [
  ['alg none, unsigned', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
  [
    'alg none, with the real signature kept',
    () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.${valid.split('.')[2]}`,
  ],
  ['alg "None" in mixed case', () => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(claims())}.`],
  [
    'HS512 with the real key (another algorithm)',
    () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS512', typ: 'JWT' }).sign(jwtKey),
  ],
  [
    'HS384 with the real key',
    () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS384', typ: 'JWT' }).sign(jwtKey),
  ],
  [
    'RS256 with an attacker key',
    () =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(rsa.privateKey),
  ],
  [
    'ES256 with an attacker key',
    () =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(ec.privateKey),
  ],
  [
    'EdDSA with an attacker key',
    () =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).sign(ed.privateKey),
  ],
  [
    'key confusion: RS256 header, HMAC-signed with the attacker public key',
    async () => {
      const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
      const header = b64({ alg: 'RS256', typ: 'JWT' });
      const body = b64(claims());
      const { createHmac } = await import('node:crypto');
      const signature = createHmac('sha256', publicPem)
        .update(`${header}.${body}`)
        .digest('base64url');
      return `${header}.${body}.${signature}`;
    },
  ],
  [
    'embedded attacker jwk header',
    async () =>
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', jwk: await exportJWK(ec.publicKey) })
        .sign(ec.privateKey),
  ],
  [
    'HS256 signed with another secret',
    () =>
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode('x'.repeat(64))),
  ],
  [
    'kid path injection with an empty key',
    () =>
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' })
        .sign(new Uint8Array(32)),
  ],
  ['expired', () => signHs256(claims({ iat: now() - 3600, nbf: now() - 3600, exp: now() - 1800 }))],
  ['not yet valid (nbf in the future)', () => signHs256(claims({ nbf: now() + 3600 }))],
  [
    'issued in the future',
    () => signHs256(claims({ iat: now() + 3600, nbf: now(), exp: now() + 4000 })),
  ],
  ['wrong issuer', () => signHs256(claims({ iss: 'someone-else' }))],
  ['wrong audience', () => signHs256(claims({ aud: 'another-api' }))],
  ['no expiry', () => signHs256(withoutClaim('exp'))],
  ['no subject', () => signHs256(withoutClaim('sub'))],
  ['subject that is not a user id', () => signHs256(claims({ sub: 'admin' }))],
  [
    'session id of no session',
    () => signHs256(claims({ sid: '00000000-0000-4000-8000-000000000000' })),
  ],
  ['typ other than JWT', () => signHs256(claims(), { typ: 'at+jwt' })],
  [
    'payload tampered (other user) under the original signature',
    () => {
      const [header, , signature] = valid.split('.');
      return `${header}.${b64(claims({ sub: '99999999-9999-4999-8999-999999999999' }))}.${signature}`;
    },
  ],
  [
    'bad signature (one character changed)',
    () => {
      const [header, payload, signature] = valid.split('.') as [string, string, string];
      const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
      return `${header}.${payload}.${flipped}`;
    },
  ],
  ['signature stripped', () => valid.split('.').slice(0, 2).join('.') + '.'],
  ['truncated', () => valid.slice(0, Math.floor(valid.length / 2))],
  ['only two segments', () => valid.split('.').slice(0, 2).join('.')],
  ['garbage', () => 'not-a-jwt-at-all'],
  [
    'non-JSON header',
    () => `${Buffer.from('{{{').toString('base64url')}.${b64(claims())}.${valid.split('.')[2]}`,
  ],
];

describe('forged and tampered access tokens', () => {
  it('the untampered token is accepted (control)', async () => {
    const response = await trpc(server.url, 'auth.me', {
      type: 'query',
      headers: { authorization: `Bearer ${valid}` },
    });
    expect(response.status).toBe(200);
  });

  it('covers at least twenty kinds of forgery', () => {
    expect(forgeries.length).toBeGreaterThanOrEqual(20);
  });

  for (const [name, forge] of forgeries) {
    it(`refuses ${name} with 401 and records the failure`, async () => {
      const token = await forge();
      const before = await failureCount();
      const asBearer = await trpc(server.url, 'auth.me', {
        type: 'query',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(asBearer.status).toBe(401);
      expect(asBearer.body.error?.data.code).toBe('UNAUTHORIZED');
      // The same token planted as the web app's cookie fares no better.
      const asCookie = await trpc(server.url, 'auth.me', {
        type: 'query',
        headers: { cookie: `cape_at=${token}` },
      });
      expect(asCookie.status).toBe(401);
      expect(await failureCount()).toBe(before + 2);
      const row = await server.database.db
        .selectFrom('audit_events')
        .select(['outcome', 'metadata', 'ip'])
        .where('action', '=', 'auth.authenticate')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(row.outcome).toBe('failure');
      expect((row.metadata as { reason: string }).reason).toMatch(
        /^(access_token_|session_ended|malformed)/,
      );
      expect(row.ip).toBeTruthy();
      expect(JSON.stringify(row)).not.toContain(token);
    });
  }

  it('refuses a malformed Authorization header', async () => {
    for (const header of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer ',
      `bearer${valid}`,
      `Bearer ${valid} extra`,
    ]) {
      const response = await trpc(server.url, 'auth.me', {
        type: 'query',
        headers: { authorization: header },
      });
      expect(response.status, header).toBe(401);
    }
  });

  async function failureCount(): Promise<number> {
    const row = await server.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('action', '=', 'auth.authenticate')
      .where('outcome', '=', 'failure')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
});
