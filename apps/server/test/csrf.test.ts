import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerWithBearer,
  registerWithCookies,
  startTestServer,
  trpc,
  type TestServer,
} from './helpers';

let server: TestServer;
let alice: Awaited<ReturnType<typeof registerWithCookies>>;
let mallory: Awaited<ReturnType<typeof registerWithCookies>>;

beforeAll(async () => {
  server = await startTestServer();
  alice = await registerWithCookies(server.url);
  mallory = await registerWithCookies(server.url);
});
afterAll(async () => {
  await server.close();
});

const createKey = { name: 'from the browser', scopes: ['read'] };

/** A cookie-authenticated call to create an API key with the given extra headers. */
function createKeyAs(
  session: { cookies: string },
  headers: Record<string, string>,
  rawBody?: string,
) {
  return trpc(server.url, 'auth.apiKeys.create', {
    input: createKey,
    ...(rawBody ? { rawBody } : {}),
    headers: {
      cookie: session.cookies,
      origin: server.url,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
  });
}

async function lastCsrfAudit() {
  return server.database.db
    .selectFrom('audit_events')
    .select(['outcome', 'actor_user_id', 'metadata'])
    .where('action', '=', 'auth.csrf')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
}

async function keyCount(userId: string) {
  const row = await server.database.db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('CSRF protection of cookie-authenticated mutations', () => {
  it('accepts a same-origin request carrying the session token (control)', async () => {
    const response = await createKeyAs(alice, { 'x-csrf-token': alice.csrfToken });
    expect(response.status).toBe(200);
  });

  const refusals: Array<[string, () => Record<string, string>, string]> = [
    ['without the CSRF token', () => ({}), 'csrf_missing'],
    [
      'with another session’s token (header and cookie both planted)',
      () => ({
        'x-csrf-token': mallory.csrfToken,
        cookie: `${alice.cookies.replace(/cape_csrf=[^;]+/, `cape_csrf=${mallory.csrfToken}`)}`,
      }),
      'csrf_invalid',
    ],
    [
      'with a header that differs from the cookie',
      () => ({ 'x-csrf-token': `${alice.csrfToken}x` }),
      'csrf_invalid',
    ],
    [
      'from a foreign Origin',
      () => ({ 'x-csrf-token': alice.csrfToken, origin: 'https://evil.example' }),
      'origin',
    ],
    ['from the null Origin', () => ({ 'x-csrf-token': alice.csrfToken, origin: 'null' }), 'origin'],
    [
      'with Sec-Fetch-Site: cross-site',
      () => ({ 'x-csrf-token': alice.csrfToken, 'sec-fetch-site': 'cross-site' }),
      'cross_site',
    ],
    [
      'with Sec-Fetch-Site: same-site (a sibling subdomain)',
      () => ({ 'x-csrf-token': alice.csrfToken, 'sec-fetch-site': 'same-site' }),
      'cross_site',
    ],
  ];

  for (const [name, headers, reason] of refusals) {
    it(`refuses a request ${name} with 403 and an audit row`, async () => {
      const before = await keyCount(alice.userId);
      const response = await createKeyAs(alice, headers());
      expect(response.status).toBe(403);
      expect(response.body.error?.data.code).toBe('FORBIDDEN');
      expect(await keyCount(alice.userId)).toBe(before);
      const audit = await lastCsrfAudit();
      expect(audit).toMatchObject({ outcome: 'denied', metadata: { reason } });
    });
  }

  it('refuses a text/plain simple POST (an HTML form or no-cors fetch) with 415', async () => {
    const before = await keyCount(alice.userId);
    const response = await createKeyAs(
      alice,
      { 'content-type': 'text/plain' },
      JSON.stringify(createKey),
    );
    expect(response.status).toBe(415);
    expect(response.body.error?.data.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await keyCount(alice.userId)).toBe(before);
  });

  it('refuses a multipart/form-data simple POST with 403 and an audit row', async () => {
    const before = await keyCount(alice.userId);
    const form = new FormData();
    form.set('name', 'form');
    const response = await fetch(`${server.url}/trpc/auth.apiKeys.create`, {
      method: 'POST',
      body: form,
      headers: { cookie: alice.cookies, origin: server.url },
    });
    expect(response.status).toBe(403);
    expect(await keyCount(alice.userId)).toBe(before);
    expect(await lastCsrfAudit()).toMatchObject({
      outcome: 'denied',
      metadata: { reason: 'content_type' },
    });
  });

  it('guards the cookie refresh and logout too', async () => {
    const refresh = await trpc(server.url, 'auth.refresh', {
      input: {},
      headers: { cookie: alice.cookies, origin: server.url },
    });
    expect(refresh.status).toBe(403);
    const logout = await trpc(server.url, 'auth.logout', {
      input: {},
      headers: { cookie: alice.cookies, origin: server.url },
    });
    expect(logout.status).toBe(403);
    // With the token both work.
    const ok = await trpc(server.url, 'auth.refresh', {
      input: {},
      headers: { cookie: alice.cookies, origin: server.url, 'x-csrf-token': alice.csrfToken },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('does not apply to bearer-authenticated apps, which cookies cannot forge', async () => {
    const app = await registerWithBearer(server.url);
    const response = await trpc(server.url, 'auth.apiKeys.create', {
      input: createKey,
      headers: { authorization: `Bearer ${app.accessToken}` },
    });
    expect(response.status).toBe(200);
  });
});
