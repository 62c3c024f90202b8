import {
  marketplaceCategories,
  searchSorts,
  type MarketplaceCategory,
  type SearchInput,
  type SearchSort,
} from '@capecontrol/schema';

/** Everything a marketplace search is, as the address bar keeps it (shareable, back-button safe). */
export interface SearchState {
  query: string;
  category: MarketplaceCategory | null;
  tags: string[];
  publisher: string | null;
  /** Only agents from verified publishers. */
  verified: boolean;
  /** Only agents with a version this platform can run (the default). */
  compatible: boolean;
  minRating: number | null;
  sort: SearchSort;
}

export const defaultSearchState: SearchState = {
  query: '',
  category: null,
  tags: [],
  publisher: null,
  verified: false,
  compatible: true,
  minRating: null,
  sort: 'relevance',
};

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match',
  installs: 'Most installed',
  rating: 'Top rated',
  trending: 'Trending',
  newest: 'Newest',
  updated: 'Recently updated',
};

/** The minimum ratings offered as filters, best first. */
export const MIN_RATINGS = [4.5, 4, 3, 2] as const;

const MAX_QUERY = 200;
const MAX_TAGS = 10;
const TAG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SCOPE = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;

/** The address's names for each part (short, stable: they end up in shared links). */
const KEYS = {
  query: 'q',
  category: 'category',
  tags: 'tags',
  publisher: 'publisher',
  verified: 'verified',
  compatible: 'compatible',
  minRating: 'rating',
  sort: 'sort',
} as const;

/**
 * Reads a search from the address. Anything unknown or malformed is dropped rather than
 * refused, so an old or hand-edited link still opens a sensible search.
 */
export function searchStateFromParams(params: URLSearchParams): SearchState {
  const category = params.get(KEYS.category);
  const publisher = params.get(KEYS.publisher)?.trim().toLowerCase() ?? '';
  const rating = Number(params.get(KEYS.minRating));
  const sort = params.get(KEYS.sort);
  return {
    query: (params.get(KEYS.query) ?? '').trim().slice(0, MAX_QUERY),
    category: isCategory(category) ? category : null,
    tags: parseTags(params.get(KEYS.tags) ?? ''),
    publisher: SCOPE.test(publisher) ? publisher : null,
    verified: params.get(KEYS.verified) === '1',
    compatible: params.get(KEYS.compatible) !== '0',
    minRating: Number.isFinite(rating) && rating >= 1 && rating <= 5 ? rating : null,
    sort: isSort(sort) ? sort : 'relevance',
  };
}

/** The address's query for a search: defaults left out, always in the same order. */
export function searchStateToParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  const query = state.query.trim();
  if (query) params.set(KEYS.query, query);
  if (state.category) params.set(KEYS.category, state.category);
  if (state.tags.length > 0) params.set(KEYS.tags, state.tags.join(','));
  if (state.publisher) params.set(KEYS.publisher, state.publisher);
  if (state.verified) params.set(KEYS.verified, '1');
  if (!state.compatible) params.set(KEYS.compatible, '0');
  if (state.minRating !== null) params.set(KEYS.minRating, String(state.minRating));
  if (state.sort !== 'relevance') params.set(KEYS.sort, state.sort);
  return params;
}

/** `marketplace.search`'s input for a search (without the page size and cursor). */
export function searchInputOf(state: SearchState): Omit<SearchInput, 'limit' | 'cursor'> {
  const query = state.query.trim();
  return {
    ...(query ? { query } : {}),
    ...(state.category ? { category: state.category } : {}),
    ...(state.tags.length > 0 ? { tags: state.tags } : {}),
    ...(state.publisher ? { publisher: state.publisher } : {}),
    ...(state.verified ? { verified: true } : {}),
    compatible: state.compatible,
    ...(state.minRating !== null ? { minRating: state.minRating } : {}),
    sort: state.sort,
  };
}

/** True when the search narrows the catalogue (anything but the sort differs from the default). */
export function isNarrowed(state: SearchState): boolean {
  return (
    state.query.trim() !== '' ||
    state.category !== null ||
    state.tags.length > 0 ||
    state.publisher !== null ||
    state.verified ||
    !state.compatible ||
    state.minRating !== null
  );
}

/** How many filters (not the text, not the sort) are set, for "Filters (2)". */
export function activeFilterCount(state: SearchState): number {
  return [
    state.category !== null,
    state.tags.length > 0,
    state.publisher !== null,
    state.verified,
    !state.compatible,
    state.minRating !== null,
  ].filter(Boolean).length;
}

/**
 * Tags typed by a person ("Meetings, summary  notes") as the API takes them: lowercase,
 * split on commas and spaces, without duplicates or malformed ones, at most ten.
 */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const part of text.toLowerCase().split(/[\s,]+/)) {
    if (TAG.test(part) && !tags.includes(part)) tags.push(part);
  }
  return tags.slice(0, MAX_TAGS);
}

function isCategory(value: string | null): value is MarketplaceCategory {
  return (marketplaceCategories as readonly (string | null)[]).includes(value);
}

function isSort(value: string | null): value is SearchSort {
  return (searchSorts as readonly (string | null)[]).includes(value);
}
