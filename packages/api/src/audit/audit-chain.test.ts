import type { DB } from '@capecontrol/db';
import { createTestDatabase, testEnv, type TestDatabase } from '@capecontrol/db/testing';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { GENESIS_HASH, HASHED_COLUMNS, sealAuditLog } from './audit-chain';
import { verifyAuditLog } from './audit-verify';

let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());
// Each test starts from an empty, unsealed log.
beforeEach(async () => {
  await tamper(sql`delete from audit_events`);
  await db
    .updateTable('audit_chain_head')
    .set({ chain_seq: 0, hash: GENESIS_HASH, sealed_at: null })
    .execute();
});

async function addEvents(count: number, prefix = 'test.event'): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await recordAudit(db, {
      action: `${prefix}.${index}`,
      outcome: 'success',
      actor: { type: 'system' },
      target: { type: 'thing', id: String(index) },
      metadata: { index, nested: { list: [1, 2.5, 'x'] } },
    });
  }
}

/** What an attacker with direct database access does: switch the guard off, rewrite, switch it on. */
async function tamper(statement: RawBuilder<unknown>): Promise<void> {
  await sql`alter table audit_events disable trigger audit_events_no_update_or_delete`.execute(db);
  try {
    await statement.execute(db);
  } finally {
    await sql`alter table audit_events enable trigger audit_events_no_update_or_delete`.execute(db);
  }
}

async function rowAt(chainSeq: number) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('chain_seq', '=', chainSeq)
    .executeTakeFirstOrThrow();
}

describe('audit hash chain', () => {
  it('seals every row in batches and verifies a clean log', async () => {
    await addEvents(23);
    expect(await sealAuditLog(db, { batchSize: 5 })).toBe(23);
    expect(await sealAuditLog(db)).toBe(0);
    const result = await verifyAuditLog(db, { pageSize: 4 });
    expect(result).toMatchObject({ ok: true, checked: 23, unsealed: 0, problems: [] });
    expect(result.head.chainSeq).toBe(23);
    expect((await rowAt(1)).prev_hash).toBe(GENESIS_HASH);
    expect((await rowAt(2)).prev_hash).toBe((await rowAt(1)).hash);
  });

  it('extends the chain across seals and counts rows not sealed yet', async () => {
    await addEvents(3);
    await sealAuditLog(db);
    await addEvents(2, 'later');
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 3, unsealed: 2 });
    await sealAuditLog(db);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 5, unsealed: 0 });
    expect((await rowAt(4)).action).toBe('later.0');
  });

  it('verifies an empty log', async () => {
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 0, head: { chainSeq: 0 } });
  });

  it('names a row edited directly in the database as altered', async () => {
    await addEvents(10);
    await sealAuditLog(db);
    const victim = await rowAt(6);
    await tamper(sql`update audit_events set outcome = 'failure' where chain_seq = 6`);
    const result = await verifyAuditLog(db);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'altered', chainSeq: 6, id: victim.id, seq: victim.seq }),
    ]);
    expect(result.problems[0]?.message).toContain(victim.id);
  });

  it('notices edits to jsonb metadata and to a timestamp by one microsecond', async () => {
    await addEvents(4);
    await sealAuditLog(db);
    await tamper(
      sql`update audit_events set metadata = metadata || '{"index": 99}' where chain_seq = 2`,
    );
    await tamper(
      sql`update audit_events set occurred_at = occurred_at + interval '1 microsecond' where chain_seq = 4`,
    );
    const result = await verifyAuditLog(db);
    expect(result.problems.map((problem) => [problem.kind, problem.chainSeq])).toEqual([
      ['altered', 2],
      ['altered', 4],
    ]);
  });

  it('reports a deleted row as missing', async () => {
    await addEvents(8);
    await sealAuditLog(db);
    await tamper(sql`delete from audit_events where chain_seq = 3`);
    const result = await verifyAuditLog(db);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'missing', chainSeq: 3, id: null }),
    ]);
    expect(result.problems[0]?.message).toContain('#3 missing');
  });

  it('reports deleted rows at the end of the chain', async () => {
    await addEvents(5);
    await sealAuditLog(db);
    await tamper(sql`delete from audit_events where chain_seq >= 4`);
    const result = await verifyAuditLog(db);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'missing', chainSeq: 4 })]);
  });

  it('reports a deletion hidden by renumbering the rows after it', async () => {
    await addEvents(6);
    await sealAuditLog(db);
    await tamper(sql`delete from audit_events where chain_seq = 2`);
    await tamper(sql`update audit_events set chain_seq = chain_seq - 1 where chain_seq > 2`);
    const result = await verifyAuditLog(db);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'missing', chainSeq: 2 });
  });

  it('reports two swapped rows as re-ordered', async () => {
    await addEvents(6);
    await sealAuditLog(db);
    const [third, fourth] = [await rowAt(3), await rowAt(4)];
    await tamper(sql`update audit_events set chain_seq = -1 where chain_seq = 3`);
    await tamper(sql`update audit_events set chain_seq = 3 where chain_seq = 4`);
    await tamper(sql`update audit_events set chain_seq = 4 where chain_seq = -1`);
    const result = await verifyAuditLog(db);
    expect(result.problems[0]).toMatchObject({ kind: 're-ordered', chainSeq: 3, id: fourth.id });
    expect(result.problems[0]?.message).toContain(third.id);
  });

  it('catches a row rewritten together with its own hash at the next link', async () => {
    await addEvents(5);
    await sealAuditLog(db);
    await tamper(
      sql`update audit_events set action = 'forged', hash = repeat('a', 64) where chain_seq = 2`,
    );
    const result = await verifyAuditLog(db);
    expect(result.problems.map((problem) => [problem.kind, problem.chainSeq])).toEqual([
      ['altered', 2],
      ['missing', 3],
    ]);
  });

  it('reports an edited chain head', async () => {
    await addEvents(3);
    await sealAuditLog(db);
    await db
      .updateTable('audit_chain_head')
      .set({ hash: 'f'.repeat(64) })
      .execute();
    expect((await verifyAuditLog(db)).problems).toEqual([
      expect.objectContaining({ kind: 'head_mismatch', chainSeq: 3 }),
    ]);
  });

  it('stops after the problem limit', async () => {
    await addEvents(6);
    await sealAuditLog(db);
    await tamper(sql`update audit_events set action = 'x'`);
    const result = await verifyAuditLog(db, { problemLimit: 2 });
    expect(result.problems).toHaveLength(2);
  });

  it('hashes every column of audit_events', async () => {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'audit_events'
    `.execute(db);
    expect(rows.map((row) => row.column_name).sort()).toEqual([...HASHED_COLUMNS, 'hash'].sort());
  });
});

describe('audit_events guard', () => {
  it('lets the sealer fill the chain columns once, and nothing else', async () => {
    await addEvents(2);
    await expect(
      sql`update audit_events set action = 'x', chain_seq = 1, prev_hash = 'p', hash = 'h'`.execute(
        db,
      ),
    ).rejects.toThrow(/append-only/);
    await sealAuditLog(db);
    await expect(sql`update audit_events set hash = 'h'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });
});

describe.runIf(testEnv.DATABASE_URL)('sealing beside concurrent writers (Postgres)', () => {
  it('chains a row whose transaction commits after later rows were sealed', async () => {
    await addEvents(2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const slow = db.transaction().execute(async (trx) => {
      await recordAudit(trx, { action: 'slow', outcome: 'success', actor: { type: 'system' } });
      inserted();
      await held;
    });
    await insertedSignal;
    await addEvents(2, 'fast');
    expect(await sealAuditLog(db)).toBe(4);
    release();
    await slow;
    expect(await sealAuditLog(db)).toBe(1);
    const last = await rowAt(5);
    expect(last.action).toBe('slow');
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 5 });
  });

  it('lets concurrent sealers take turns without forking the chain', async () => {
    await addEvents(40);
    const counts = await Promise.all([
      sealAuditLog(db, { batchSize: 3 }),
      sealAuditLog(db, { batchSize: 7 }),
      sealAuditLog(db, { batchSize: 5, wait: false }),
    ]);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(40);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 40 });
  });
});
