import { createCapeClient, isCapeError, type RouterOutputs } from '@capecontrol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, uniqueEmail, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function expectCapeError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isCapeError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

describe('@capecontrol/client over real HTTP', () => {
  it('registers, logs in, reads me, refreshes and logs out', async () => {
    const email = uniqueEmail('client');
    const anonymous = createCapeClient({ url: server.url });
    const registered = await anonymous.auth.register.mutate({
      email,
      password: PASSWORD,
      displayName: 'Typed',
      transport: 'bearer',
    });
    expect(registered.user.email).toBe(email);

    const session: RouterOutputs['auth']['login'] = await anonymous.auth.login.mutate({
      email,
      password: PASSWORD,
      transport: 'bearer',
    });
    let accessToken = session.accessToken as string;
    const client = createCapeClient({ url: server.url, accessToken: () => accessToken });
    const me = await client.auth.me.query();
    expect(me).toMatchObject({
      via: 'bearer',
      user: { email, role: 'user' },
      scopes: ['read', 'write', 'publish'],
    });

    const refreshed = await anonymous.auth.refresh.mutate({
      refreshToken: session.refreshToken as string,
    });
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    accessToken = refreshed.accessToken as string;
    await expect(client.auth.me.query()).resolves.toMatchObject({ user: { email } });

    await expect(client.auth.logout.mutate()).resolves.toEqual({ ok: true });
    await expectCapeError(client.auth.me.query(), 'UNAUTHORIZED');
    await expectCapeError(
      anonymous.auth.refresh.mutate({ refreshToken: refreshed.refreshToken as string }),
      'UNAUTHORIZED',
    );
  });

  it('authenticates with an API key, enforces its scopes, and refuses it once revoked', async () => {
    const email = uniqueEmail('apikey');
    const anonymous = createCapeClient({ url: server.url });
    const session = await anonymous.auth.register.mutate({
      email,
      password: PASSWORD,
      displayName: 'Keys',
      transport: 'bearer',
    });
    const owner = createCapeClient({ url: server.url, accessToken: session.accessToken as string });
    const { apiKey, secret } = await owner.auth.apiKeys.create.mutate({
      name: 'reader',
      scopes: ['read'],
    });

    const app = createCapeClient({ url: server.url, apiKey: secret });
    await expect(app.auth.me.query()).resolves.toMatchObject({
      via: 'api_key',
      scopes: ['read'],
      user: { email },
    });
    // A read-only key cannot call a mutation that needs `write`, nor manage keys.
    await expectCapeError(
      app.auth.apiKeys.create.mutate({ name: 'escalate', scopes: ['write'] }),
      'FORBIDDEN',
    );

    await owner.auth.apiKeys.revoke.mutate({ id: apiKey.id });
    await expectCapeError(app.auth.me.query(), 'UNAUTHORIZED');
  });

  it('refuses an expired API key', async () => {
    const email = uniqueEmail('expired');
    const anonymous = createCapeClient({ url: server.url });
    const session = await anonymous.auth.register.mutate({
      email,
      password: PASSWORD,
      displayName: 'Old',
      transport: 'bearer',
    });
    const owner = createCapeClient({ url: server.url, accessToken: session.accessToken as string });
    const { apiKey, secret } = await owner.auth.apiKeys.create.mutate({
      name: 'old',
      scopes: ['read'],
    });
    // Age the key past its expiry directly in the database.
    await server.database.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', apiKey.id)
      .execute();
    await expectCapeError(
      createCapeClient({ url: server.url, apiKey: secret }).auth.me.query(),
      'UNAUTHORIZED',
    );
  });

  it('reports bad input as BAD_REQUEST with field errors', async () => {
    const anonymous = createCapeClient({ url: server.url });
    const error = await anonymous.auth.register
      .mutate({ email: 'not-an-email', password: 'short', displayName: '' })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(isCapeError(error, 'BAD_REQUEST')).toBe(true);
    const fieldErrors = (
      error as { data: { fieldErrors: { fieldErrors: Record<string, string[]> } } }
    ).data.fieldErrors.fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(['displayName', 'email', 'password']);
    expect(fieldErrors.password).toEqual(['Password must be at least 10 characters']);
  });
});
