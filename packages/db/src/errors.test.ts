import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from './errors';
import { testEnv } from './testing/env';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection from pg, directly and as a cause', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: await closedPort(), user: 'x' });
    const error = await caught(pool.query('select 1'));
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: error }))).toBe(true);
  });

  it('does not take a query error or a programming error for an outage', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it.skipIf(!testEnv.DATABASE_URL)(
    'recognises a connection the server terminated, and not a constraint violation',
    async () => {
      const victim = new pg.Client({ connectionString: testEnv.DATABASE_URL });
      const admin = new pg.Client({ connectionString: testEnv.DATABASE_URL });
      await Promise.all([victim.connect(), admin.connect()]);
      victim.on('error', () => undefined);
      const { rows } = await victim.query<{ pid: number }>('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
      const error = await caught(victim.query('select 1'));
      expect(isDatabaseUnavailable(error)).toBe(true);

      await admin.query('create temporary table t (id int primary key)');
      await admin.query('insert into t values (1)');
      const duplicate = await caught(admin.query('insert into t values (1)'));
      expect(isUniqueViolation(duplicate)).toBe(true);
      expect(isDatabaseUnavailable(duplicate)).toBe(false);
      await admin.end();
      await victim.end().catch(() => undefined);
    },
  );
});
