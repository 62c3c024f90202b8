import type { DB } from '@capecontrol/db';
import { sql, type Kysely } from 'kysely';

export interface SectionHeading {
  documentId: string;
  slug: string;
  title: string;
  heading: string;
  /** Ordinal of the section's first chunk (a long section spans several). */
  ordinal: number;
}

/** The distinct sections of the given documents, in document order. */
export async function documentSections(
  db: Kysely<DB>,
  documentIds: readonly string[],
): Promise<SectionHeading[]> {
  if (documentIds.length === 0) return [];
  const rows = await db
    .selectFrom('knowledge_chunks as c')
    .innerJoin('knowledge_documents as d', 'd.id', 'c.document_id')
    .select(['c.document_id', 'd.slug', 'd.title', 'c.heading'])
    .select((eb) => eb.fn.min('c.ordinal').as('ordinal'))
    .where('c.document_id', 'in', [...documentIds])
    .groupBy(['c.document_id', 'd.slug', 'd.title', 'c.heading'])
    .orderBy(sql`d.slug collate "C"`)
    .orderBy('ordinal')
    .execute();
  return rows.map((row) => ({
    documentId: row.document_id,
    slug: row.slug,
    title: row.title,
    heading: row.heading,
    ordinal: Number(row.ordinal),
  }));
}

/** Every document's slug and title, by title: what the knowledge base covers. */
export async function documentTitles(db: Kysely<DB>): Promise<{ slug: string; title: string }[]> {
  const rows = await db.selectFrom('knowledge_documents').select(['slug', 'title']).execute();
  // Sorted here, not in SQL: collations differ between Postgres servers and PGlite.
  return rows.sort(
    (a, b) => a.title.localeCompare(b.title, 'en') || a.slug.localeCompare(b.slug, 'en'),
  );
}

/** Document and section counts, for health checks. */
export async function knowledgeStats(
  db: Kysely<DB>,
): Promise<{ documents: number; sections: number }> {
  const [documents, sections] = await Promise.all([
    db
      .selectFrom('knowledge_documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('knowledge_chunks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { documents: Number(documents.n), sections: Number(sections.n) };
}
