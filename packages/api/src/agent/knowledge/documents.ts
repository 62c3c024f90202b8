import type { DB } from '@capecontrol/db';
import {
  knowledgeDocumentInputSchema,
  type KnowledgeDocument,
  type KnowledgeDocumentInput,
} from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor, type RequestOrigin } from '../../audit/audit';
import { AppError } from '../../errors';
import { builtinDocs } from './docs/builtin-docs.generated';
import {
  contentHash,
  markBuiltinRemoved,
  selectDocuments,
  toDocumentDto,
  unmarkBuiltinRemoved,
  writeChunks,
} from './store';

/** Who made an admin change, for the audit row: the user, or the API key acting for them. */
export interface AdminChangeOptions {
  apiKeyId?: string | null;
  origin?: RequestOrigin | null;
}

type DocumentKey = { id: string } | { slug: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every document, by title, with its source and number of sections. */
export async function listDocuments(db: Kysely<DB>): Promise<KnowledgeDocument[]> {
  // Sorted here, not in SQL: collations differ between Postgres servers and PGlite.
  const rows = await selectDocuments(db).execute();
  return rows.map(toDocumentDto).sort(byTitle);
}

/** One document by id or slug; NOT_FOUND when there is none. */
export async function getDocument(db: Kysely<DB>, key: DocumentKey): Promise<KnowledgeDocument> {
  const query = selectDocuments(db);
  // A malformed id would make Postgres raise a cast error; it simply names no document.
  const row =
    'id' in key
      ? UUID.test(key.id)
        ? await query.where('d.id', '=', key.id).executeTakeFirst()
        : undefined
      : await query.where('d.slug', '=', key.slug).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such knowledge document.');
  return toDocumentDto(row);
}

/**
 * Creates the document with this slug, or replaces its title and body, and re-indexes its
 * sections, in one transaction with its audit row. An edited built-in document becomes an
 * `admin` document, which the seed never overwrites.
 */
export async function upsertDocument(
  db: Kysely<DB>,
  rawInput: KnowledgeDocumentInput,
  actorUserId: string,
  options: AdminChangeOptions = {},
): Promise<KnowledgeDocument> {
  const input = knowledgeDocumentInputSchema.parse(rawInput);
  const hash = contentHash(input.title, input.body);
  const id = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('knowledge_documents')
      .select(['id', 'source', 'content_hash'])
      .where('slug', '=', input.slug)
      .forUpdate()
      .executeTakeFirst();
    const values = {
      title: input.title,
      body: input.body,
      content_hash: hash,
      updated_by: actorUserId,
    };
    const row = existing
      ? await trx
          .updateTable('knowledge_documents')
          .set({ ...values, source: 'admin', updated_at: new Date() })
          .where('id', '=', existing.id)
          .returning(['id', 'title', 'body'])
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('knowledge_documents')
          .values({ ...values, slug: input.slug, source: 'admin' })
          .returning(['id', 'title', 'body'])
          .executeTakeFirstOrThrow();
    const changed = existing?.content_hash !== hash;
    const sections = changed ? await writeChunks(trx, row) : null;
    await recordAudit(trx, {
      action: existing ? 'knowledge.document.update' : 'knowledge.document.create',
      outcome: 'success',
      actor: actorFor(actorUserId, options),
      target: { type: 'knowledge_document', id: row.id },
      origin: options.origin,
      metadata: { slug: input.slug, previousSource: existing?.source ?? null, changed, sections },
    });
    return row.id;
  });
  return getDocument(db, { id });
}

/**
 * Deletes a document and its sections. A deleted built-in document is remembered, so the seed
 * does not bring it back; `restoreBuiltinDocument` undoes that.
 */
export async function deleteDocument(
  db: Kysely<DB>,
  key: DocumentKey,
  actorUserId: string,
  options: AdminChangeOptions = {},
): Promise<KnowledgeDocument> {
  const document = await getDocument(db, key);
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('knowledge_documents')
      .where('id', '=', document.id)
      .returning('slug')
      .executeTakeFirst();
    if (!deleted) throw new AppError('NOT_FOUND', 'No such knowledge document.');
    if (document.source === 'builtin' || isBuiltinSlug(document.slug)) {
      await markBuiltinRemoved(trx, document.slug);
    }
    await recordAudit(trx, {
      action: 'knowledge.document.delete',
      outcome: 'success',
      actor: actorFor(actorUserId, options),
      target: { type: 'knowledge_document', id: document.id },
      origin: options.origin,
      metadata: { slug: document.slug, source: document.source, sections: document.sections },
    });
  });
  return document;
}

/** Puts the shipped version of a built-in document back, replacing an admin edit or a deletion. */
export async function restoreBuiltinDocument(
  db: Kysely<DB>,
  slug: string,
  actorUserId: string,
  options: AdminChangeOptions = {},
): Promise<KnowledgeDocument> {
  const shipped = builtinDocs.find((doc) => doc.slug === slug);
  if (!shipped) throw new AppError('NOT_FOUND', 'No built-in knowledge document has that slug.');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('knowledge_documents').where('slug', '=', slug).execute();
    const row = await trx
      .insertInto('knowledge_documents')
      .values({
        slug,
        title: shipped.title,
        body: shipped.body,
        source: 'builtin',
        content_hash: contentHash(shipped.title, shipped.body),
        updated_by: actorUserId,
      })
      .returning(['id', 'title', 'body'])
      .executeTakeFirstOrThrow();
    const sections = await writeChunks(trx, row);
    await unmarkBuiltinRemoved(trx, slug);
    await recordAudit(trx, {
      action: 'knowledge.document.restore',
      outcome: 'success',
      actor: actorFor(actorUserId, options),
      target: { type: 'knowledge_document', id: row.id },
      origin: options.origin,
      metadata: { slug, sections },
    });
  });
  return getDocument(db, { slug });
}

export function byTitle(
  a: { title: string; slug: string },
  b: { title: string; slug: string },
): number {
  return a.title.localeCompare(b.title, 'en') || a.slug.localeCompare(b.slug, 'en');
}

function isBuiltinSlug(slug: string): boolean {
  return builtinDocs.some((doc) => doc.slug === slug);
}

function actorFor(userId: string, options: AdminChangeOptions): AuditActor {
  return options.apiKeyId
    ? { type: 'api_key', userId, apiKeyId: options.apiKeyId }
    : { type: 'user', userId };
}
