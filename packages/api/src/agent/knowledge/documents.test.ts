import type { DB } from '@capecontrol/db';
import { knowledgeDocumentSchema } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AppError } from '../../errors';
import { createTestHarness, type TestHarness } from '../../testing/harness';
import { deleteDocument, getDocument, listDocuments, upsertDocument } from './documents';
import { searchKnowledge } from './search';
import { seedBuiltinKnowledge } from './seed';

let harness: TestHarness;
let db: Kysely<DB>;
let adminId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  db = harness.database.db;
  adminId = (
    await db
      .insertInto('users')
      .values({
        email: 'kb-admin@example.com',
        display_name: 'Admin',
        password_hash: 'x',
        role: 'admin',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await seedBuiltinKnowledge(db);
});
afterAll(() => harness.close());

const auditRows = (action: string) =>
  db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();

const runbook = {
  slug: 'on-call-runbook',
  title: 'On-call runbook',
  body: '# On-call runbook\n\n## Paging\n\nThe pager rotates weekly between the zebra team and the owl team.\n\n## Escalation\n\nEscalate to the duty manager after thirty minutes.',
};

describe('admin document management', () => {
  it('adds a document, indexes its sections and audits the change', async () => {
    const created = await upsertDocument(db, runbook, adminId, {
      origin: { requestId: 'req-1', ip: '203.0.113.9', userAgent: 'vitest' },
    });
    expect(knowledgeDocumentSchema.parse(created)).toMatchObject({
      slug: 'on-call-runbook',
      source: 'admin',
      sections: 2,
    });

    const [passage] = await searchKnowledge(db, 'who is on the pager rotation');
    expect(passage).toMatchObject({ slug: 'on-call-runbook', heading: 'On-call runbook › Paging' });

    const [audit] = await auditRows('knowledge.document.create');
    expect(audit).toMatchObject({
      outcome: 'success',
      actor_type: 'user',
      actor_user_id: adminId,
      target_type: 'knowledge_document',
      target_id: created.id,
      request_id: 'req-1',
    });
    expect(audit?.metadata).toMatchObject({ slug: 'on-call-runbook', changed: true, sections: 2 });
  });

  it('replaces a document by slug and re-indexes it at once', async () => {
    const updated = await upsertDocument(
      db,
      { ...runbook, body: '## Paging\n\nThe pager now rotates daily among the heron team.' },
      adminId,
      { apiKeyId: null },
    );
    expect(updated.sections).toBe(1);
    expect(
      (await searchKnowledge(db, 'zebra team')).some(
        (p) => p.slug === 'on-call-runbook' && p.coverage === 1,
      ),
    ).toBe(false);
    expect((await searchKnowledge(db, 'heron team'))[0]?.slug).toBe('on-call-runbook');
    expect(await auditRows('knowledge.document.update')).toHaveLength(1);
  });

  it('turns an edited built-in document into an admin document', async () => {
    const before = await getDocument(db, { slug: 'cli' });
    expect(before.source).toBe('builtin');
    const edited = await upsertDocument(
      db,
      {
        slug: 'cli',
        title: before.title,
        body: `${before.body}\n\n## Our CLI policy\n\nUse keys with the publish scope only.`,
      },
      adminId,
    );
    expect(edited).toMatchObject({ id: before.id, source: 'admin' });
    expect(edited.sections).toBe(before.sections + 1);
    const [audit] = await auditRows('knowledge.document.update').then((rows) => rows.slice(-1));
    expect(audit?.metadata).toMatchObject({ slug: 'cli', previousSource: 'builtin' });
  });

  it('deletes a document with its sections and audits it', async () => {
    const document = await getDocument(db, { slug: 'on-call-runbook' });
    const deleted = await deleteDocument(db, { id: document.id }, adminId);
    expect(deleted.slug).toBe('on-call-runbook');
    expect((await listDocuments(db)).some((d) => d.slug === 'on-call-runbook')).toBe(false);
    expect(
      await db
        .selectFrom('knowledge_chunks')
        .select('id')
        .where('document_id', '=', document.id)
        .execute(),
    ).toEqual([]);
    const [audit] = await auditRows('knowledge.document.delete');
    expect(audit).toMatchObject({ target_id: document.id, actor_user_id: adminId });
  });

  it('answers NOT_FOUND for unknown documents and refuses invalid input', async () => {
    await expect(getDocument(db, { slug: 'no-such-doc' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(getDocument(db, { id: 'not-a-uuid' })).rejects.toBeInstanceOf(AppError);
    await expect(deleteDocument(db, { slug: 'no-such-doc' }, adminId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      upsertDocument(db, { slug: 'Bad Slug', title: 'x', body: 'y' }, adminId),
    ).rejects.toBeInstanceOf(ZodError);
  });

  it('lists documents in title order in the schema shape', async () => {
    const documents = await listDocuments(db);
    expect(documents.map((d) => d.title)).toEqual(
      [...documents.map((d) => d.title)].sort((a, b) => a.localeCompare(b, 'en')),
    );
    for (const document of documents) knowledgeDocumentSchema.parse(document);
  });
});
