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
 * heading = share of the question's and the context's lexemes in the heading path (the vector's
 *   weight-B positions): a section whose heading names the subject is about it, not just
 *   mentioning it;
 * trigram = word_similarity of the question with the section's own heading or the title;
 * context = share of the context's lexemes in the section.
 */
export async function searchKnowledge(
  db: Kysely<DB>,
  query: string,
  options: SearchOptions = {},
): Promise<KnowledgePassage[]> {
  // A whole number: it is written into the statement's text (see rankedPassages).
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 8), 1), 50);
  // `-word` excludes in pass 1 (websearch syntax); pass 2 must honour it too, and the excluded
  // words are no part of what a passage should cover.
  const excluded = [...query.matchAll(EXCLUDED_WORD)].map((match) => match[1] as string);
  const rows = await rankedPassages(db, {
    query,
    wanted: withoutExcluded(query),
    context: options.context ?? '',
    excluded: excluded.length > 0 ? excluded.join(' or ') : null,
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
 * The tsquery text of lexeme `l` (a column): quoted, so that no character of it is read as
 * an operator (a backslash escapes, a quote is doubled), and restricted to weight `B` (the
 * heading's part of a section's vector) when `headingOnly`.
 */
function lexemeQuery(headingOnly = false) {
  return sql`'''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || ${sql.raw(headingOnly ? `''':B'` : `''''`)}`;
}

/** How many of the tsqueries in `queries` (an array column of `terms`) a section's vector matches. */
function matching(queries: RawBuilder<unknown>) {
  return sql<number>`(select count(*) from unnest(${queries}) q where c.search @@ q)::float8`;
}

/**
 * Both passes in one statement, with the question's and the context's lexemes as Postgres'
 * English configuration sees them (stemmed, stop words dropped), so that coverage counts
 * exactly what the index holds: the best `limit` sections holding every word when there are
 * that many, else the best `limit` of those and the sections holding any word (or whose
 * heading or title is close to the question), ranked together. Nothing when neither the
 * question nor the context has a lexeme.
 *
 * Every query value is computed once, in `terms`, from the parameters; the limit is part of
 * the text. So a custom plan has nothing to gain over the generic one, and Postgres reuses
 * one plan per connection (the pool prepares statements) instead of planning every search
 * (0.3–0.6 ms of each, on the shipped documentation). A Postgres test pins this.
 */
async function rankedPassages(
  db: Kysely<DB>,
  params: {
    query: string;
    /** The question without its excluded words. */
    wanted: string;
    context: string;
    /** The excluded words as one websearch query (`a or b`), or null. */
    excluded: string | null;
    limit: number;
  },
): Promise<RankedRow[]> {
  const { query, wanted, context, excluded, limit } = params;
  const result = await sql<RankedRow>`
    with words as materialized (
      select q.question,
        array(
          select l from unnest(tsvector_to_array(to_tsvector('english', ${context}::text))) l
          where l <> all(q.question)
        ) as context
      from (select tsvector_to_array(to_tsvector('english', ${wanted}::text)) as question) q
    ), terms as materialized (
      select cardinality(question) as question_count, cardinality(context) as context_count,
        array(select (${lexemeQuery()})::tsquery from unnest(question) l) as question_queries,
        array(select (${lexemeQuery()})::tsquery from unnest(context) l) as context_queries,
        array(select (${lexemeQuery(true)})::tsquery from unnest(question || context) l)
          as heading_queries,
        -- Any one of the question's lexemes (the context's when the question has none).
        (select string_agg(${lexemeQuery()}, ' | ')
          from unnest(case when cardinality(question) > 0 then question else context end) l
        )::tsquery as any_word,
        -- Every word of the question (websearch syntax); null when it has no lexeme.
        case when cardinality(question) > 0
          then websearch_to_tsquery('english', ${query}::text) end as every_word,
        ${excluded === null ? sql`null::tsquery` : sql`websearch_to_tsquery('english', ${excluded}::text)`} as excluded
      from words
    ), every_word as materialized (
      select c.id from knowledge_chunks c where c.search @@ (select every_word from terms)
    ), scored as (
      select c.id, c.document_id, d.slug, c.document_title as title, c.heading, c.ordinal,
        c.content, t.question_count, t.context_count,
        ts_rank_cd(c.search, t.any_word, 32) as rank,
        ${matching(sql`t.question_queries`)} as matched,
        ${matching(sql`t.context_queries`)} as context_matched,
        ${matching(sql`t.heading_queries`)} as heading_matched,
        greatest(word_similarity(${lastHeading}, ${query}::text),
          word_similarity(c.document_title, ${query}::text)) as trigram
      from knowledge_chunks c
      join knowledge_documents d on d.id = c.document_id
      cross join terms t
      where t.question_count + t.context_count > 0
        and (
          c.id in (select id from every_word)
          -- Pass 2 only when pass 1 found fewer than the limit (the count is computed once).
          or ((select count(*) from every_word) < ${sql.lit(limit)}
            and (c.search @@ t.any_word
              or word_similarity(${lastHeading}, ${query}::text) >= ${TRIGRAM_MATCH}
              or word_similarity(c.document_title, ${query}::text) >= ${TRIGRAM_MATCH})
            ${excluded === null ? sql`` : sql`and not c.search @@ t.excluded`})
        )
    ), covered as (
      select *,
        case when question_count > 0 then matched / question_count
             else context_matched / greatest(context_count, 1) end as coverage,
        case when question_count > 0 and context_count > 0
             then context_matched / context_count else 0 end as context_coverage,
        heading_matched / greatest(question_count + context_count, 1) as heading_coverage
      from scored
    )
    select id, document_id, slug, title, heading, ordinal, content, coverage::float8 as coverage,
      (0.45 * coverage + 0.25 * rank + 0.15 * heading_coverage + 0.15 * trigram
        + 0.15 * context_coverage)::float8 as score
    from covered
    order by score desc, slug collate "C", ordinal
    limit ${sql.lit(limit)}
  `.execute(db);
  return result.rows;
}

function round(value: number): number {
  return Math.round(Number(value) * 10_000) / 10_000;
}
