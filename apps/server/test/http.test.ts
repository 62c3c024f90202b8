import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, trpc, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_BODY_BYTES: '4096' } });
});
afterAll(async () => {
  await server.close();
});

describe('HTTP host', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves the SPA at / and falls back to index.html for client-side routes', async () => {
    for (const path of ['/', '/account', '/deep/client/route?x=1']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('sends security headers and echoes a sane request id', async () => {
    const response = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const odd = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses bodies over the size limit with 413 and a tRPC-shaped error', async () => {
    const response = await trpc(server.url, 'auth.login', {
      input: { email: 'a@example.com', password: 'x'.repeat(10_000) },
    });
    expect(response.status).toBe(413);
    expect(response.body.error?.data.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown procedure with 404, not 500', async () => {
    const response = await trpc(server.url, 'auth.doesNotExist', { type: 'query' });
    expect(response.status).toBe(404);
    expect(response.body.error?.data.code).toBe('NOT_FOUND');
  });

  it('answers a non-GET to a static path with 405', async () => {
    const response = await fetch(`${server.url}/account`, { method: 'DELETE' });
    expect(response.status).toBe(405);
  });

  it('reports not ready once the database is gone', async () => {
    const other = await startTestServer();
    try {
      await other.database.close();
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready' });
    } finally {
      await other.app.close();
    }
  });
});

describe('non-batched clients', () => {
  it('accept a mutation sent with an empty body as one without input', async () => {
    const server = await startTestServer();
    try {
      const response = await fetch(`${server.url}/trpc/auth.logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ result: { data: { ok: true } } });
    } finally {
      await server.close();
    }
  });
});
