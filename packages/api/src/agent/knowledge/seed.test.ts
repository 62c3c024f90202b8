import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness } from '../../testing/harness';
import { builtinDocs } from './docs/builtin-docs.generated';
import type { BuiltinDoc } from './docs/generate';
import { deleteDocument, listDocuments, restoreBuiltinDocument, upsertDocument } from './documents';
import { seedBuiltinKnowledge } from './seed';

let harness: TestHarness;
let db: Kysely<DB>;
let adminId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  db = harness.database.db;
  const admin = await db
    .insertInto('users')
    .values({
      email: 'seed-admin@example.com',
      display_name: 'Admin',
      password_hash: 'x',
      role: 'admin',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  adminId = admin.id;
});
afterAll(() => harness.close());
beforeEach(async () => {
  await db.deleteFrom('knowledge_documents').execute();
  await db.deleteFrom('instance_settings').where('key', 'like', 'knowledge.%').execute();
});

const doc = (slug: string, body: string): BuiltinDoc => ({ slug, title: slug.toUpperCase(), body });
const chunkIds = async (slug: string) =>
  (
    await db
      .selectFrom('knowledge_chunks as c')
      .innerJoin('knowledge_documents as d', 'd.id', 'c.document_id')
      .select('c.id')
      .where('d.slug', '=', slug)
      .orderBy('c.ordinal')
      .execute()
  ).map((row) => row.id);

describe('seedBuiltinKnowledge', () => {
  it('loads every shipped document once, and a second run changes nothing', async () => {
    const first = await seedBuiltinKnowledge(db);
    expect(first.inserted).toHaveLength(builtinDocs.length);
    const chunksBefore = await chunkIds('running-tasks');
    expect(chunksBefore.length).toBeGreaterThan(5);

    const second = await seedBuiltinKnowledge(db);
    expect(second).toEqual({
      inserted: [],
      updated: [],
      unchanged: builtinDocs.map((d) => d.slug),
      removed: [],
    });
    // Same rows: nothing was re-chunked.
    expect(await chunkIds('running-tasks')).toEqual(chunksBefore);
    const documents = await listDocuments(db);
    expect(
      documents.every((document) => document.source === 'builtin' && document.sections > 0),
    ).toBe(true);
  });

  it('re-chunks only the documents whose text changed', async () => {
    await seedBuiltinKnowledge(db, [
      doc('alpha', '## One\n\nFirst.'),
      doc('beta', '## Two\n\nSecond.'),
    ]);
    const betaChunks = await chunkIds('beta');
    const result = await seedBuiltinKnowledge(db, [
      doc('alpha', '## One\n\nFirst, edited.\n\n## Three\n\nNew section.'),
      doc('beta', '## Two\n\nSecond.'),
    ]);
    expect(result.updated).toEqual(['alpha']);
    expect(result.unchanged).toEqual(['beta']);
    expect(await chunkIds('alpha')).toHaveLength(2);
    expect(await chunkIds('beta')).toEqual(betaChunks);
  });

  it('removes built-in documents that are no longer shipped, never admin ones', async () => {
    await seedBuiltinKnowledge(db, [doc('alpha', 'A.'), doc('beta', 'B.')]);
    await upsertDocument(db, { slug: 'own-notes', title: 'Own notes', body: 'Ours.' }, adminId);
    const result = await seedBuiltinKnowledge(db, [doc('alpha', 'A.')]);
    expect(result.removed).toEqual(['beta']);
    expect((await listDocuments(db)).map((d) => d.slug).sort()).toEqual(['alpha', 'own-notes']);
  });

  it('never overwrites a built-in document an admin edited', async () => {
    await seedBuiltinKnowledge(db, [doc('alpha', 'Shipped v1.')]);
    await upsertDocument(db, { slug: 'alpha', title: 'Alpha', body: 'Our own wording.' }, adminId);
    const result = await seedBuiltinKnowledge(db, [doc('alpha', 'Shipped v2.')]);
    expect(result.unchanged).toEqual(['alpha']);
    const [alpha] = await listDocuments(db);
    expect(alpha).toMatchObject({ slug: 'alpha', source: 'admin', body: 'Our own wording.' });
  });

  it('does not bring back a built-in document an admin deleted, until it is restored', async () => {
    await seedBuiltinKnowledge(db);
    await deleteDocument(db, { slug: 'cli' }, adminId);
    const result = await seedBuiltinKnowledge(db);
    expect(result.inserted).toEqual([]);
    expect((await listDocuments(db)).some((d) => d.slug === 'cli')).toBe(false);

    const restored = await restoreBuiltinDocument(db, 'cli', adminId);
    expect(restored).toMatchObject({ slug: 'cli', source: 'builtin' });
    expect(restored.sections).toBeGreaterThan(0);
    expect((await seedBuiltinKnowledge(db)).unchanged).toContain('cli');
  });

  it('is safe when several processes seed at the same moment', async () => {
    const results = await Promise.all([
      seedBuiltinKnowledge(db),
      seedBuiltinKnowledge(db),
      seedBuiltinKnowledge(db),
    ]);
    const inserted = results.flatMap((result) => result.inserted).sort();
    expect(inserted).toEqual(builtinDocs.map((d) => d.slug).sort());
    const counts = await db
      .selectFrom('knowledge_chunks')
      .select(['document_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('document_id')
      .execute();
    expect(counts).toHaveLength(builtinDocs.length);
  });

  it('records one audit row for a seed that changed something, none for one that did not', async () => {
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'knowledge.builtin.seed')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await seedBuiltinKnowledge(db);
    await seedBuiltinKnowledge(db);
    expect(await count()).toBe(before + 1);
  });
});
