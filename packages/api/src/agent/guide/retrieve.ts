import type { DB } from '@capecontrol/db';
import type { Citation } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import { searchKnowledge, withSnippet, type KnowledgePassage } from '../knowledge/search';
import { resolveQuestion, type GuideRunInput, type ResolvedQuestion } from './query';

/**
 * When a passage counts as an answer. Coverage (the share of the question's words it holds)
 * is what separates "about this" from "mentions one word of it": with half the words or
 * fewer missing, a passage is never relevant, however well it ranks otherwise.
 */
export const RELEVANCE = {
  minCoverage: 0.5,
  minScore: 0.4,
  /** Passages after the first must score at least this share of the best one. */
  relativeToBest: 0.75,
  maxPassages: 4,
  perDocument: 3,
} as const;

/** A section found but not cited: enough to suggest reading it. */
export type RelatedSection = Omit<KnowledgePassage, 'content' | 'snippet'>;

export interface Retrieval {
  resolved: ResolvedQuestion;
  /** The passages the answer uses, cited as [1]..[n]; empty when nothing is relevant. */
  passages: KnowledgePassage[];
  /** The next-best sections, for follow-up suggestions (where they are, not their text). */
  related: RelatedSection[];
}

/** Resolves the question against the conversation and finds the passages that answer it. */
export async function retrieve(db: Kysely<DB>, input: GuideRunInput): Promise<Retrieval> {
  const resolved = resolveQuestion(input);
  if (!resolved.query && !resolved.context) {
    return { resolved, passages: [], related: [] };
  }
  // Snippets only for the passages cited (below), not for all twelve.
  const results = await searchKnowledge(db, resolved.query, {
    limit: 12,
    context: resolved.context,
    snippets: false,
  });
  const best = results[0];
  const passages: KnowledgePassage[] = [];
  const perDocument = new Map<string, number>();
  for (const passage of results) {
    if (!best || passages.length >= RELEVANCE.maxPassages) break;
    const relevant =
      passage.coverage >= RELEVANCE.minCoverage &&
      passage.score >= RELEVANCE.minScore &&
      passage.score >= best.score * RELEVANCE.relativeToBest;
    const count = perDocument.get(passage.documentId) ?? 0;
    if (!relevant || count >= RELEVANCE.perDocument) continue;
    passages.push(passage);
    perDocument.set(passage.documentId, count + 1);
  }
  const related = results
    .filter((passage) => !passages.includes(passage))
    .map(({ content: _content, snippet: _snippet, ...section }): RelatedSection => section);
  return {
    resolved,
    passages: passages.map((passage) => withSnippet(passage, resolved.query, resolved.context)),
    related,
  };
}

export function toCitation(passage: KnowledgePassage, index: number): Citation {
  return {
    index: index + 1,
    documentSlug: passage.slug,
    title: passage.title,
    section: passage.heading,
    snippet: passage.snippet,
  };
}
