import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit';
import { builtinDocs } from './docs/builtin-docs.generated';
import type { BuiltinDoc } from './docs/generate';
import { contentHash, removedBuiltinSlugs, writeChunks } from './store';

export interface SeedResult {
  /** Shipped documents that were missing and were added. */
  inserted: string[];
  /** Built-in documents whose shipped text (or the chunker) changed, re-chunked. */
  updated: string[];
  /** Left alone: identical, edited by an admin, or deleted by an admin. */
  unchanged: string[];
  /** Built-in documents no longer shipped, deleted. */
  removed: string[];
}

/**
 * Brings the shipped documentation into the knowledge base; safe to run at every start and
 * from several processes at once. Documents are matched by slug and compared by content hash,
 * so only what changed is re-chunked. Never touches `admin` documents (an admin edit wins over
 * a later release) nor built-in documents an admin deleted.
 */
export async function seedBuiltinKnowledge(
  db: Kysely<DB>,
  docs: readonly BuiltinDoc[] = builtinDocs,
): Promise<SeedResult> {
  const result: SeedResult = { inserted: [], updated: [], unchanged: [], removed: [] };
  const removedByAdmin = await removedBuiltinSlugs(db);

  for (const doc of docs) {
    if (removedByAdmin.has(doc.slug)) {
      result.unchanged.push(doc.slug);
      continue;
    }
    result[await seedOne(db, doc)].push(doc.slug);
  }

  const shipped = docs.map((doc) => doc.slug);
  let stale = db.deleteFrom('knowledge_documents').where('source', '=', 'builtin');
  if (shipped.length > 0) stale = stale.where('slug', 'not in', shipped);
  result.removed = (await stale.returning('slug').execute()).map((row) => row.slug).sort();

  if (result.inserted.length + result.updated.length + result.removed.length > 0) {
    await recordAudit(db, {
      action: 'knowledge.builtin.seed',
      outcome: 'success',
      actor: { type: 'system' },
      metadata: { inserted: result.inserted, updated: result.updated, removed: result.removed },
    });
  }
  return result;
}

/**
 * One document in its own short transaction. The insert and the hash-guarded update lock the
 * row, so a second process seeding at the same moment waits, then finds nothing left to do.
 */
async function seedOne(
  db: Kysely<DB>,
  doc: BuiltinDoc,
): Promise<'inserted' | 'updated' | 'unchanged'> {
  const hash = contentHash(doc.title, doc.body);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('knowledge_documents')
      .values({
        slug: doc.slug,
        title: doc.title,
        body: doc.body,
        source: 'builtin',
        content_hash: hash,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning(['id', 'title', 'body'])
      .executeTakeFirst();
    if (inserted) {
      await writeChunks(trx, inserted);
      return 'inserted';
    }
    const updated = await trx
      .updateTable('knowledge_documents')
      .set({
        title: doc.title,
        body: doc.body,
        content_hash: hash,
        updated_at: new Date(),
        updated_by: null,
      })
      .where('slug', '=', doc.slug)
      .where('source', '=', 'builtin')
      .where('content_hash', '<>', hash)
      .returning(['id', 'title', 'body'])
      .executeTakeFirst();
    if (!updated) return 'unchanged';
    await writeChunks(trx, updated);
    return 'updated';
  });
}
