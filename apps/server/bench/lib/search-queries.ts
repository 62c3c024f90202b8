import { searchInputSchema, type SearchInput } from '@capecontrol/schema';
import type { SearchOptions } from '../../../../packages/api/src/marketplace/search';

export type QueryClass = 'text' | 'fuzzy' | 'filter' | 'sort' | 'page 2';

export interface BenchQuery {
  label: string;
  kind: QueryClass;
  /** The router's input, parsed by its schema (defaults: compatible only, 20 per page). */
  options: SearchOptions;
  /** Measure the second page: the cursor comes from this query's first page. */
  secondPage?: boolean;
}

const query = (kind: QueryClass, input: SearchInput, secondPage = false): BenchQuery => {
  const parts = [
    input.query ? `"${input.query}"` : '',
    input.category ? `category ${input.category}` : '',
    input.tags ? `tags ${input.tags.join('+')}` : '',
    input.verified !== undefined ? `verified ${input.verified}` : '',
    input.minRating !== undefined ? `rating ≥ ${input.minRating}` : '',
    `by ${input.sort ?? 'relevance'}`,
  ];
  return {
    label: `${secondPage ? 'page 2: ' : ''}${parts.filter(Boolean).join(', ')}`,
    kind,
    options: searchInputSchema.parse(input),
    ...(secondPage ? { secondPage } : {}),
  };
};

/**
 * The mixed query set: what people type (1–3 words, common and rare), misspelt agent names,
 * filters without text, every sort with and without text, and second pages through the cursor.
 */
export const benchQueries: BenchQuery[] = [
  query('text', { query: 'slack' }),
  query('text', { query: 'invoice' }),
  query('text', { query: 'summary' }),
  query('text', { query: 'kubernetes alert' }),
  query('text', { query: 'meeting notes' }),
  query('text', { query: 'pull request review' }),
  query('text', { query: 'translate documents german' }),
  query('text', { query: 'customer support triage' }),
  query('text', { query: 'privacy redaction' }),
  query('text', { query: 'stripe refunds' }),
  query('fuzzy', { query: 'slak-notifer' }),
  query('fuzzy', { query: 'github-revewer' }),
  query('fuzzy', { query: 'invoce parser' }),
  query('fuzzy', { query: 'kubernets monitr' }),
  query('fuzzy', { query: 'newsleter' }),
  query('filter', { category: 'security', sort: 'installs' }),
  query('filter', { tags: ['slack'], sort: 'installs' }),
  query('filter', { tags: ['devops', 'monitoring'], sort: 'rating' }),
  query('filter', { verified: true, sort: 'rating' }),
  query('filter', { minRating: 4, sort: 'rating' }),
  query('filter', { category: 'analytics', verified: true, minRating: 3.5, sort: 'installs' }),
  query('sort', { sort: 'relevance' }),
  query('sort', { sort: 'installs' }),
  query('sort', { sort: 'rating' }),
  query('sort', { sort: 'trending' }),
  query('sort', { sort: 'newest' }),
  query('sort', { sort: 'updated' }),
  query('sort', { query: 'email', sort: 'installs' }),
  query('sort', { query: 'report', sort: 'rating' }),
  query('sort', { query: 'slack', sort: 'trending' }),
  query('sort', { query: 'data', sort: 'newest' }),
  query('sort', { query: 'summary', sort: 'updated' }),
  query('page 2', { query: 'slack' }, true),
  query('page 2', { sort: 'installs' }, true),
  query('page 2', { category: 'security', sort: 'rating' }, true),
  query('page 2', { sort: 'trending' }, true),
  query('page 2', { query: 'email', sort: 'newest' }, true),
];
