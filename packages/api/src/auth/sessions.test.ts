import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, callerFor, testRequest, type TestHarness } from '../testing/harness';
import { authenticateRequest } from './authenticate';

let harness: TestHarness;
beforeAll(async () => {
  harness = await createTestHarness({ adminEmail: 'boss@example.com' });
});
afterAll(async () => {
  await harness.close();
});

const password = 'correct horse battery staple';

async function registerBearer(email: string) {
  const { caller } = callerFor(harness.services);
  return caller.auth.register({ email, password, displayName: 'Test User', transport: 'bearer' });
}

async function bearerAuth(accessToken: string) {
  return authenticateRequest(
    harness.services,
    testRequest({ authorization: `Bearer ${accessToken}` }),
  );
}

async function auditRows(action: string) {
  return harness.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

async function expectCode(promise: Promise<unknown>, code: TRPCError['code']) {
  await expect(promise).rejects.toSatisfy(
    (error: unknown) => error instanceof TRPCError && error.code === code,
  );
}

describe('register', () => {
  it('creates the user, a session and an audit row, returning bearer tokens when asked', async () => {
    const result = await registerBearer('Ada@Example.com');
    expect(result.user).toMatchObject({
      email: 'ada@example.com',
      displayName: 'Test User',
      role: 'user',
    });
    expect(result.accessToken).toEqual(expect.any(String));
    expect(result.refreshToken).toMatch(/^rt_/);
    const rows = await auditRows('auth.register');
    expect(rows.at(-1)).toMatchObject({
      outcome: 'success',
      actor_user_id: result.user.id,
      ip: '203.0.113.7',
    });
  });

  it('sets HttpOnly cookies and keeps tokens out of the body for the web app', async () => {
    const responseHeaders = new Headers();
    const { caller } = callerFor(harness.services, { responseHeaders });
    const result = await caller.auth.register({
      email: 'cookie@example.com',
      password,
      displayName: 'Cookie',
    });
    expect(result.accessToken).toBeNull();
    expect(result.refreshToken).toBeNull();
    const cookies = responseHeaders.getSetCookie();
    expect(cookies.find((c) => c.startsWith('cape_at='))).toMatch(/HttpOnly; SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('cape_rt='))).toMatch(/HttpOnly; SameSite=Lax/);
    const csrfCookie = cookies.find((c) => c.startsWith('cape_csrf='));
    expect(csrfCookie).not.toMatch(/HttpOnly/);
    expect(csrfCookie).toContain(`cape_csrf=${result.csrfToken}`);
  });

  it('uses __Host- prefixed Secure cookies when serving over https', async () => {
    const responseHeaders = new Headers();
    const secureServices = {
      ...harness.services,
      config: { ...harness.services.config, secureCookies: true },
    };
    const { caller } = callerFor(secureServices, { responseHeaders });
    await caller.auth.register({ email: 'secure@example.com', password, displayName: 'Secure' });
    const cookies = responseHeaders.getSetCookie();
    expect(cookies).toHaveLength(3);
    for (const cookie of cookies)
      expect(cookie).toMatch(/^__Host-cape_(at|rt|csrf)=.*; Path=\/;.*Secure/);
  });

  it('refuses a second account with the same email, in any case', async () => {
    await registerBearer('twice@example.com');
    await expectCode(registerBearer('TWICE@example.com'), 'CONFLICT');
    expect((await auditRows('auth.register')).at(-1)).toMatchObject({
      outcome: 'failure',
      metadata: { reason: 'email_taken', email: 'twice@example.com' },
    });
  });

  it('makes the ADMIN_EMAIL account an admin', async () => {
    const result = await registerBearer('boss@example.com');
    expect(result.user.role).toBe('admin');
  });
});

describe('login', () => {
  it('signs in with the right password and records it', async () => {
    const registered = await registerBearer('login@example.com');
    const { caller } = callerFor(harness.services);
    const result = await caller.auth.login({
      email: 'login@example.com',
      password,
      transport: 'bearer',
    });
    expect(result.user.id).toBe(registered.user.id);
    expect((await auditRows('auth.login')).at(-1)).toMatchObject({
      outcome: 'success',
      actor_user_id: registered.user.id,
    });
  });

  it('gives the same answer for a wrong password and an unknown email, and audits both', async () => {
    await registerBearer('wrong@example.com');
    const { caller } = callerFor(harness.services);
    const wrong = caller.auth.login({ email: 'wrong@example.com', password: 'not the password' });
    await expect(wrong).rejects.toThrow('Incorrect email or password.');
    const unknown = caller.auth.login({ email: 'nobody@example.com', password });
    await expect(unknown).rejects.toThrow('Incorrect email or password.');
    const rows = await auditRows('auth.login');
    expect(rows.slice(-2).map((row) => (row.metadata as { reason: string }).reason)).toEqual([
      'bad_password',
      'unknown_email',
    ]);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use: the new pair works, the access token stays valid', async () => {
    const first = await registerBearer('rotate@example.com');
    const { caller } = callerFor(harness.services);
    const second = await caller.auth.refresh({ refreshToken: first.refreshToken as string });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await caller.auth.refresh({ refreshToken: second.refreshToken as string });
    expect(third.refreshToken).not.toBe(second.refreshToken);
    expect((await bearerAuth(third.accessToken as string)).status).toBe('authenticated');
  });

  it('revoke the whole family when a spent token is reused', async () => {
    const first = await registerBearer('reuse@example.com');
    const { caller } = callerFor(harness.services);
    const second = await caller.auth.refresh({ refreshToken: first.refreshToken as string });
    // An attacker replays the stolen, already-used first token.
    await expectCode(
      caller.auth.refresh({ refreshToken: first.refreshToken as string }),
      'UNAUTHORIZED',
    );
    // The legitimate holder's newer token and access token are now dead too.
    await expectCode(
      caller.auth.refresh({ refreshToken: second.refreshToken as string }),
      'UNAUTHORIZED',
    );
    expect(await bearerAuth(second.accessToken as string)).toMatchObject({ status: 'rejected' });
    const reuse = await auditRows('auth.refresh.reuse_detected');
    expect(reuse.at(-1)).toMatchObject({ outcome: 'failure', target_type: 'session' });
    const session = await harness.database.db
      .selectFrom('sessions')
      .select(['revoked_at', 'revoked_reason'])
      .where('user_id', '=', first.user.id)
      .executeTakeFirstOrThrow();
    expect(session.revoked_reason).toBe('refresh_token_reuse');
  });

  it('expire with the session', async () => {
    const first = await registerBearer('expire@example.com');
    harness.clock.advance(31 * 24 * 3600 * 1000);
    try {
      const { caller } = callerFor(harness.services);
      await expect(
        caller.auth.refresh({ refreshToken: first.refreshToken as string }),
      ).rejects.toThrow(/expired/);
    } finally {
      harness.clock.advance(-31 * 24 * 3600 * 1000);
    }
  });
});

describe('logout', () => {
  it('revokes the session: its refresh token and access token stop working', async () => {
    const session = await registerBearer('logout@example.com');
    const auth = await bearerAuth(session.accessToken as string);
    const { caller } = callerFor(harness.services, {
      auth,
      request: testRequest({ authorization: `Bearer ${session.accessToken}` }),
    });
    await expect(caller.auth.logout()).resolves.toEqual({ ok: true });
    expect(await bearerAuth(session.accessToken as string)).toMatchObject({ status: 'rejected' });
    const anonymous = callerFor(harness.services).caller;
    await expectCode(
      anonymous.auth.refresh({ refreshToken: session.refreshToken as string }),
      'UNAUTHORIZED',
    );
    expect((await auditRows('auth.logout')).at(-1)).toMatchObject({
      outcome: 'success',
      actor_user_id: session.user.id,
    });
  });
});

describe('API keys', () => {
  async function signedIn(email: string) {
    const session = await registerBearer(email);
    const auth = await bearerAuth(session.accessToken as string);
    return {
      session,
      ...callerFor(harness.services, {
        auth,
        request: testRequest({ authorization: `Bearer ${session.accessToken}` }),
      }),
    };
  }

  it('show the secret once, store only its hash, and authenticate with their scopes', async () => {
    const { caller, session } = await signedIn('keys@example.com');
    const created = await caller.auth.apiKeys.create({ name: 'CI', scopes: ['read'] });
    expect(created.secret).toMatch(/^cape_/);
    expect(created.apiKey.prefix).toBe(created.secret.slice(0, 13));
    const stored = await harness.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.secret);
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    const listed = await caller.auth.apiKeys.list();
    expect(listed.map((key) => key.id)).toContain(created.apiKey.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const keyAuth = await authenticateRequest(
      harness.services,
      testRequest({ authorization: `Bearer ${created.secret}` }),
    );
    expect(keyAuth).toMatchObject({
      status: 'authenticated',
      principal: { via: 'api_key', scopes: ['read'], user: { id: session.user.id } },
    });
    const keyCaller = callerFor(harness.services, {
      auth: keyAuth,
      request: testRequest({ authorization: `Bearer ${created.secret}` }),
    }).caller;
    await expect(keyCaller.auth.me()).resolves.toMatchObject({ via: 'api_key' });
    // Keys cannot manage keys, whatever their scopes.
    await expectCode(keyCaller.auth.apiKeys.list(), 'FORBIDDEN');
  });

  it('stop working once revoked or expired', async () => {
    const { caller } = await signedIn('revoke@example.com');
    const created = await caller.auth.apiKeys.create({
      name: 'temp',
      scopes: ['read', 'write'],
      expiresInDays: 1,
    });
    const revoked = await caller.auth.apiKeys.revoke({ id: created.apiKey.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(
      await authenticateRequest(
        harness.services,
        testRequest({ authorization: `Bearer ${created.secret}` }),
      ),
    ).toEqual({
      status: 'rejected',
      message: 'This API key has been revoked.',
    });
    const expiring = await caller.auth.apiKeys.create({
      name: 'short',
      scopes: ['read'],
      expiresInDays: 1,
    });
    harness.clock.advance(25 * 3600 * 1000);
    try {
      expect(
        await authenticateRequest(
          harness.services,
          testRequest({ authorization: `Bearer ${expiring.secret}` }),
        ),
      ).toEqual({
        status: 'rejected',
        message: 'This API key has expired.',
      });
    } finally {
      harness.clock.advance(-25 * 3600 * 1000);
    }
  });

  it('cannot be revoked by another user', async () => {
    const owner = await signedIn('owner@example.com');
    const created = await owner.caller.auth.apiKeys.create({ name: 'mine', scopes: ['read'] });
    const intruder = await signedIn('intruder@example.com');
    await expectCode(intruder.caller.auth.apiKeys.revoke({ id: created.apiKey.id }), 'NOT_FOUND');
    expect(await intruder.caller.auth.apiKeys.list()).toEqual([]);
    const still = await authenticateRequest(
      harness.services,
      testRequest({ authorization: `Bearer ${created.secret}` }),
    );
    expect(still.status).toBe('authenticated');
  });
});

describe('secrets', () => {
  it('never appear in audit rows or logs', async () => {
    const session = await registerBearer('secrets@example.com');
    const auth = await bearerAuth(session.accessToken as string);
    const { caller } = callerFor(harness.services, {
      auth,
      request: testRequest({ authorization: `Bearer ${session.accessToken}` }),
    });
    const key = await caller.auth.apiKeys.create({ name: 'k', scopes: ['read'] });
    const anonymous = callerFor(harness.services).caller;
    await anonymous.auth
      .login({ email: 'secrets@example.com', password: 'a wrong password here' })
      .catch(() => undefined);
    const refreshed = await anonymous.auth.refresh({
      refreshToken: session.refreshToken as string,
    });

    const audit = JSON.stringify(
      await harness.database.db.selectFrom('audit_events').selectAll().execute(),
    );
    const logs = harness.logLines.join('\n');
    const secrets = [
      password,
      'a wrong password here',
      session.accessToken,
      session.refreshToken,
      refreshed.refreshToken,
      key.secret,
    ];
    for (const secret of secrets) {
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
