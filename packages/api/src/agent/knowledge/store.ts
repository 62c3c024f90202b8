import { createHash } from 'node:crypto';
import type { DB, KnowledgeDocuments } from '@capecontrol/db';
import type { KnowledgeDocument } from '@capecontrol/schema';
import { sql, type Kysely, type Selectable } from 'kysely';
import { CHUNKER_VERSION, chunkMarkdown } from './chunker';

/** Low-level reads and writes shared by the admin functions and the seed. */

/** Changes when the title, the body or the chunker changes: the trigger for re-chunking. */
export function contentHash(title: string, body: string): string {
  return createHash('sha256').update(`chunker:${CHUNKER_VERSION}\n${title}\n${body}`).digest('hex');
}

/** Replaces a document's chunks; call inside the transaction that wrote the document. */
export async function writeChunks(
  trx: Kysely<DB>,
  document: { id: string; title: string; body: string },
): Promise<number> {
  await trx.deleteFrom('knowledge_chunks').where('document_id', '=', document.id).execute();
  const chunks = chunkMarkdown(document.title, document.body);
  if (chunks.length > 0) {
    await trx
      .insertInto('knowledge_chunks')
      .values(
        chunks.map((chunk) => ({
          document_id: document.id,
          ordinal: chunk.ordinal,
          document_title: document.title,
          heading: chunk.heading,
          content: chunk.content,
        })),
      )
      .execute();
  }
  return chunks.length;
}

type DocumentRow = Pick<
  Selectable<KnowledgeDocuments>,
  'id' | 'slug' | 'title' | 'body' | 'source' | 'updated_at'
> & { sections: number };

/** Documents with their section counts, optionally narrowed by `where`. */
export function selectDocuments(db: Kysely<DB>) {
  return db
    .selectFrom('knowledge_documents as d')
    .select(['d.id', 'd.slug', 'd.title', 'd.body', 'd.source', 'd.updated_at'])
    .select(
      sql<number>`(select count(*) from knowledge_chunks c where c.document_id = d.id)::int`.as(
        'sections',
      ),
    );
}

export function toDocumentDto(row: DocumentRow): KnowledgeDocument {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    source: row.source === 'admin' ? 'admin' : 'builtin',
    sections: Number(row.sections),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Built-in documents an admin deleted, remembered in `instance_settings` so that the seed does
 * not bring them back at the next start (the knowledge tables have no soft-delete column).
 */
const REMOVED_PREFIX = 'knowledge.builtin-removed:';

export async function removedBuiltinSlugs(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('instance_settings')
    .select('key')
    .where('key', 'like', `${REMOVED_PREFIX}%`)
    .execute();
  return new Set(rows.map((row) => row.key.slice(REMOVED_PREFIX.length)));
}

export async function markBuiltinRemoved(trx: Kysely<DB>, slug: string): Promise<void> {
  await trx
    .insertInto('instance_settings')
    .values({ key: `${REMOVED_PREFIX}${slug}`, value: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export async function unmarkBuiltinRemoved(trx: Kysely<DB>, slug: string): Promise<void> {
  await trx.deleteFrom('instance_settings').where('key', '=', `${REMOVED_PREFIX}${slug}`).execute();
}
