import { testEnv } from '@capecontrol/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBearer, startTestServer, type TestServer } from './helpers';

/**
 * The database goes away under a running server (here: taken offline and every connection
 * ended, as a restart does): readiness turns 503, requests fail fast with 503 and Retry-After
 * instead of a 500, and everything recovers by itself once it is back. Needs Postgres.
 */
const enabled = Boolean(testEnv.DATABASE_URL);

let server: TestServer;
let admin: pg.Client;
let databaseName: string;

async function setOnline(online: boolean) {
  await admin.query(`alter database "${databaseName}" allow_connections ${String(online)}`);
  if (!online)
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [databaseName],
    );
}

describe.skipIf(!enabled)('a database outage under a running server', () => {
  beforeAll(async () => {
    server = await startTestServer();
    databaseName = new URL(server.database.url ?? '').pathname.slice(1);
    admin = new pg.Client({ connectionString: testEnv.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await setOnline(true).catch(() => undefined);
    await admin?.end();
    await server?.close();
  });

  it('answers 503 with Retry-After while it lasts and recovers by itself', async () => {
    const { accessToken } = await registerWithBearer(server.url);
    const me = () =>
      fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await me()).status).toBe(200);

    await setOnline(false);
    const readiness = await fetch(`${server.url}/readyz`);
    expect(readiness.status).toBe(503);
    const during = await me();
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('2');
    const body = (await during.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.message).toMatch(/database cannot be reached/);

    await setOnline(true);
    // The pool replaces the connections it lost; no restart, no manual step.
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt += 1) {
      status = (await me()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
