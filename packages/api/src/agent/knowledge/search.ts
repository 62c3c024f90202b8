import type { DB } from '@capecontrol/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { makeSnippet } from './snippet';
import { contentTerms } from './text';

export interface KnowledgePassage {
  chunkId: string;
  documentId: string;
  slug: string;
  title: string;
  /** Heading path, e.g. "Publishing agents › Versioning and immutable versions". */
  heading: string;
  ordinal: number;
  /** The section's markdown. */
  content: string;
  /** Plain text around the sentence that best matches the query. */
  snippet: string;
  /** Blended relevance, roughly 0–1; only comparable within one search. */
  score: number;
  /** Share of the query's words found in the passage, 0–1: the basis of "is this relevant". */
  coverage: number;
}

export interface SearchOptions {
  /** At most this many passages (default 8). */
  limit?: number;
  /**
   * Words from the conversation or the page the user is on: they raise passages that share
   * them but are not required to match.
   */
  context?: string;
  /**
   * False: `snippet` is left empty, for a caller that shows only some of the passages and
   * builds their snippets with withSnippet (each costs a pass over the section's text).
   */
  snippets?: boolean;
}

/**
 * Ranks every section against the question and returns the best passages, best first.
 *
 * Pass 1 requires every word of the question (`websearch_to_tsquery`, so quotes and `-word`
 * work too). When that finds nothing, or fewer than `limit`, pass 2 adds sections holding any
 * of the words, or whose heading or title is similar to the question (pg_trgm), ranked together
 * with them. One statement does both passes, and they score alike:
 *
 *   score = 0.45·coverage + 0.25·rank + 0.15·heading + 0.15·trigram + 0.15·context
 *
 * coverage = share of the question's lexemes in the section (title and heading included);
 * rank = ts_rank_cd over the weighted vector (title A, heading B, text C), scaled to 0–1;
 * heading = share of the question's and the context's lexemes in the heading path: a section
 *   whose heading names the subject is about it, not just mentioning it;
 * trigram = word_similarity of the question with the section's own heading or the title;
 * context = share of the context's lexemes in the section.
 */
export async function searchKnowledge(
  db: Kysely<DB>,
  query: string,
  options: SearchOptions = {},
): Promise<KnowledgePassage[]> {
  const limit = Math.min(Math.max(options.limit ?? 8, 1), 50);
  // `-word` excludes in pass 1 (websearch syntax); pass 2 must honour it too, and the excluded
  // words are no part of what a passage should cover.
  const excluded = [...query.matchAll(EXCLUDED_WORD)].map((match) => match[1] as string);
  const wanted = withoutExcluded(query);
  const { question, context } = await lexemes(db, wanted, options.context ?? '');
  if (question.length === 0 && context.length === 0) return [];

  const allWords = sql<boolean>`c.search @@ websearch_to_tsquery('english', ${query})`;
  const anyWord = sql<boolean>`(c.search @@ ${orQuery(question.length > 0 ? question : context)}::tsquery
    or word_similarity(${lastHeading}, ${query}) >= ${TRIGRAM_MATCH}
    or word_similarity(c.document_title, ${query}) >= ${TRIGRAM_MATCH})
    ${excluded.length ? sql`and not c.search @@ websearch_to_tsquery('english', ${excluded.join(' or ')})` : sql``}`;
  const rows = await rankedPassages(db, query, question, context, {
    all: question.length > 0 ? allWords : null,
    any: anyWord,
    limit,
  });

  const terms = options.snippets === false ? null : snippetTerms(query, options.context);
  return rows.map((row) => ({
    chunkId: row.id,
    documentId: row.document_id,
    slug: row.slug,
    title: row.title,
    heading: row.heading,
    ordinal: row.ordinal,
    content: row.content,
    snippet: terms ? makeSnippet(row.content, terms) : '',
    score: round(row.score),
    coverage: round(row.coverage),
  }));
}

/** `-word` or `-"a phrase"`: excluded by the websearch syntax. */
const EXCLUDED_WORD = /(?:^|\s)-("[^"]+"|[^\s"]+)/g;

function withoutExcluded(query: string): string {
  return query.replace(EXCLUDED_WORD, ' ');
}

/** The words a snippet is built around: the question's (less the excluded ones) and the context's. */
function snippetTerms(query: string, context: string | undefined) {
  return contentTerms(`${withoutExcluded(query)} ${context ?? ''}`);
}

/** `passage` with the snippet searchKnowledge would have given it for `query` and `context`. */
export function withSnippet(
  passage: KnowledgePassage,
  query: string,
  context?: string,
): KnowledgePassage {
  return { ...passage, snippet: makeSnippet(passage.content, snippetTerms(query, context)) };
}

/**
 * The words (of a question) that no section of the knowledge base contains at all, in their
 * order; one statement for all of them (at most the first 12).
 */
export async function unknownWords(db: Kysely<DB>, words: readonly string[]): Promise<string[]> {
  const checked = words.slice(0, 12);
  if (checked.length === 0) return [];
  const { rows } = await sql<{ word: string }>`
    select w.word from unnest(${checked}::text[]) with ordinality as w(word, position)
    where numnode(plainto_tsquery('english', w.word)) > 0
      and not exists (
        select 1 from knowledge_chunks where search @@ plainto_tsquery('english', w.word)
      )
    order by w.position
  `.execute(db);
  return rows.map((row) => row.word);
}

/** A heading or title this similar to the question matches even without a shared word. */
const TRIGRAM_MATCH = 0.6;

/** The section's own heading: the last step of its heading path. */
const lastHeading = sql`regexp_replace(c.heading, '^.* › ', '')`;

interface RankedRow {
  id: string;
  document_id: string;
  slug: string;
  title: string;
  heading: string;
  ordinal: number;
  content: string;
  coverage: number;
  score: number;
}

/**
 * Both passes in one statement: the best `limit` sections holding every word (`all`) when
 * there are that many, else the best `limit` of those and the sections matching `any`,
 * ranked together.
 */
async function rankedPassages(
  db: Kysely<DB>,
  query: string,
  question: string[],
  context: string[],
  filters: { all: RawBuilder<boolean> | null; any: RawBuilder<boolean>; limit: number },
): Promise<RankedRow[]> {
  const { limit } = filters;
  const all = filters.all ?? sql<boolean>`false`;
  const rankQuery = orQuery(question.length > 0 ? question : context);
  const everyLexeme = [...question, ...context].join(' ');
  const count = (lexemeList: string, vector: RawBuilder<unknown>) =>
    sql<number>`(select count(*) from unnest(string_to_array(${lexemeList}, ' ')) l where l = any(tsvector_to_array(${vector})))::float8`;
  const result = await sql<RankedRow>`
    with every_word as materialized (
      select c.id from knowledge_chunks c where ${all}
    ), scored as (
      select c.id, c.document_id, d.slug, c.document_title as title, c.heading, c.ordinal, c.content,
        ts_rank_cd(c.search, ${rankQuery}::tsquery, 32) as rank,
        ${count(question.join(' '), sql`c.search`)} as matched,
        ${count(context.join(' '), sql`c.search`)} as context_matched,
        ${count(everyLexeme, sql`to_tsvector('english', c.heading)`)} as heading_matched,
        greatest(word_similarity(${lastHeading}, ${query}), word_similarity(c.document_title, ${query})) as trigram
      from knowledge_chunks c
      join knowledge_documents d on d.id = c.document_id
      -- Pass 2 only when pass 1 found fewer than the limit (the count is computed once).
      where c.id in (select id from every_word)
        or ((select count(*) from every_word) < ${limit} and ${filters.any})
    ), covered as (
      select *,
        case when ${question.length}::int > 0 then matched / ${question.length}::int
             else context_matched / greatest(${context.length}::int, 1) end as coverage,
        case when ${question.length}::int > 0 and ${context.length}::int > 0
             then context_matched / ${context.length}::int else 0 end as context_coverage,
        heading_matched / greatest(${question.length + context.length}::int, 1) as heading_coverage
      from scored
    )
    select id, document_id, slug, title, heading, ordinal, content, coverage::float8 as coverage,
      (0.45 * coverage + 0.25 * rank + 0.15 * heading_coverage + 0.15 * trigram
        + 0.15 * context_coverage)::float8 as score
    from covered
    order by score desc, slug collate "C", ordinal
    limit ${limit}
  `.execute(db);
  return result.rows;
}

/**
 * The question's and the context's lexemes as Postgres' English configuration sees them
 * (stemmed, stop words dropped), so that coverage counts exactly what the index holds.
 */
async function lexemes(
  db: Kysely<DB>,
  query: string,
  context: string,
): Promise<{ question: string[]; context: string[] }> {
  const { rows } = await sql<{ question: string; context: string }>`
    select array_to_string(tsvector_to_array(to_tsvector('english', ${query})), ' ') as question,
           array_to_string(tsvector_to_array(to_tsvector('english', ${context})), ' ') as context
  `.execute(db);
  const split = (text: string | undefined) => (text ?? '').split(' ').filter(Boolean);
  const question = split(rows[0]?.question);
  return {
    question,
    context: split(rows[0]?.context).filter((lexeme) => !question.includes(lexeme)),
  };
}

/** `'a' | 'b'` from lexemes, quoted so that no character of theirs is read as an operator. */
function orQuery(lexemeList: string[]): string {
  return lexemeList
    .map((lexeme) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`)
    .join(' | ');
}

function round(value: number): number {
  return Math.round(Number(value) * 10_000) / 10_000;
}
