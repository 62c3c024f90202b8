import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness } from '../testing/harness';
import { compiledStatement } from './compiled-statement';

const echo = compiledStatement(
  (params: { text: string | null; number: number }) =>
    sql<{ text: string | null; doubled: number; fixed: string }>`
      select ${params.text}::text as text, ${params.number}::int * 2 as doubled,
        ${'constant'}::text as fixed
    `,
);

let harness: TestHarness;
beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('compiledStatement', () => {
  it('sends each call its own parameters, keeping the constants it was compiled with', async () => {
    const { db } = harness.database;
    expect((await echo(db, { text: 'first', number: 1 })).rows).toEqual([
      { text: 'first', doubled: 2, fixed: 'constant' },
    ]);
    expect((await echo(db, { text: null, number: 21 })).rows).toEqual([
      { text: null, doubled: 42, fixed: 'constant' },
    ]);
  });

  it('works inside a transaction (a handle of its own)', async () => {
    const { db } = harness.database;
    const rows = await db
      .transaction()
      .execute(async (trx) => (await echo(trx, { text: 'in trx', number: 2 })).rows);
    expect(rows).toEqual([{ text: 'in trx', doubled: 4, fixed: 'constant' }]);
  });
});
