import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database';
import { pendingMigrations } from './migrate';
import { createTestDatabase, testEnv, type TestDatabase } from './testing';

describe('test database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('uses the backend the environment asks for', () => {
    expect(database.backend).toBe(testEnv.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('starts fully migrated and ready', async () => {
    expect(await pendingMigrations(database.db as never)).toEqual([]);
    expect(await database.checkReady()).toEqual({ ok: true });
  });

  it('reads bigint and jsonb columns as JavaScript numbers and objects', async () => {
    const row = await database.db
      .insertInto('audit_events')
      .values({
        actor_type: 'system',
        action: 'test.event',
        outcome: 'success',
        metadata: { n: 1 },
      })
      .returning(['seq', 'metadata', 'occurred_at'])
      .executeTakeFirstOrThrow();
    expect(typeof row.seq).toBe('number');
    expect(row.metadata).toEqual({ n: 1 });
    expect(row.occurred_at).toBeInstanceOf(Date);
  });

  it('refuses to update or delete audit events', async () => {
    await expect(
      database.db.updateTable('audit_events').set({ action: 'rewritten' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('instance_settings')
          .values({ key: 'rollback-probe', value: 'x' })
          .execute();
        await sql`select 1/0`.execute(trx);
      }),
    ).rejects.toThrow();
    const rows = await database.db
      .selectFrom('instance_settings')
      .where('key', '=', 'rollback-probe')
      .selectAll()
      .execute();
    expect(rows).toEqual([]);
  });

  it('serialises concurrent transactions without losing writes', async () => {
    await database.db
      .insertInto('instance_settings')
      .values({ key: 'counter', value: '0' })
      .execute();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        database.db.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('instance_settings')
            .where('key', '=', 'counter')
            .select('value')
            .forUpdate()
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('instance_settings')
            .set({ value: String(Number(row.value) + 1) })
            .where('key', '=', 'counter')
            .execute();
        }),
      ),
    );
    const row = await database.db
      .selectFrom('instance_settings')
      .where('key', '=', 'counter')
      .select('value')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe('10');
  });
});

describe.skipIf(testEnv.DATABASE_URL)('embedded PGlite', () => {
  it('persists data in its data directory across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cape-pglite-persist-'));
    try {
      const first = await createDatabase({ kind: 'pglite', dataDir: dir });
      await first.migrate();
      await first.db
        .insertInto('instance_settings')
        .values({ key: 'persisted', value: 'yes' })
        .execute();
      await first.close();

      const second = await createDatabase({ kind: 'pglite', dataDir: dir });
      expect(await second.migrate()).toEqual([]);
      const row = await second.db
        .selectFrom('instance_settings')
        .where('key', '=', 'persisted')
        .select('value')
        .executeTakeFirst();
      expect(row?.value).toBe('yes');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
