import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  registerWithBearer,
  startTestServer,
  trpc,
  uniqueEmail,
  type TestServer,
} from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    apiConfig: {
      rateLimits: {
        loginPerIp: { points: 1000, durationSeconds: 60 },
        loginFailuresPerAccount: { points: 5, durationSeconds: 900 },
        registerPerIp: { points: 1000, durationSeconds: 3600 },
      },
    },
  });
});
afterAll(async () => {
  await server.close();
});

describe('login brute force', () => {
  it('locks the account with 429 and Retry-After after repeated failures, even for the right password', async () => {
    const { email } = await registerWithBearer(server.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await trpc(server.url, 'auth.login', {
        input: { email, password: `guess number ${attempt}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const blocked = await trpc(server.url, 'auth.login', {
      input: { email, password: 'yet another guess' },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.data.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(blocked.body.error?.data.retryAfterSeconds).toBe(retryAfter);

    // While locked, not even the right password gets in.
    const right = await trpc(server.url, 'auth.login', { input: { email, password: PASSWORD } });
    expect(right.status).toBe(429);

    const audit = await server.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'metadata'])
      .where('action', '=', 'auth.login')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: 'denied', metadata: { reason: 'rate_limited', email } });
  });

  it('does not lock other accounts', async () => {
    const { email } = await registerWithBearer(server.url);
    const response = await trpc(server.url, 'auth.login', { input: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
  });
});

describe('per-IP limits', () => {
  it('answers 429 with Retry-After once an address has used up its sign-up budget', async () => {
    const strict = await startTestServer({
      apiConfig: {
        rateLimits: {
          loginPerIp: { points: 3, durationSeconds: 60 },
          loginFailuresPerAccount: { points: 100, durationSeconds: 60 },
          registerPerIp: { points: 2, durationSeconds: 3600 },
        },
      },
    });
    try {
      const register = () =>
        trpc(strict.url, 'auth.register', {
          input: { email: uniqueEmail('ip'), password: PASSWORD, displayName: 'IP' },
        });
      expect((await register()).status).toBe(200);
      expect((await register()).status).toBe(200);
      const third = await register();
      expect(third.status, JSON.stringify(third.body)).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

      const login = () =>
        trpc(strict.url, 'auth.login', {
          input: { email: uniqueEmail('nobody'), password: PASSWORD },
        });
      expect((await login()).status).toBe(401);
      expect((await login()).status).toBe(401);
      expect((await login()).status).toBe(401);
      const fourth = await login();
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });
});
