import { describe, expect, test } from 'vitest';
import {
  activeFilterCount,
  defaultSearchState,
  isNarrowed,
  parseTags,
  searchInputOf,
  searchStateFromParams,
  searchStateToParams,
  type SearchState,
} from './search-state';

const full: SearchState = {
  query: 'meeting notes',
  category: 'productivity',
  tags: ['meetings', 'summary'],
  publisher: 'acme',
  verified: true,
  compatible: false,
  minRating: 4,
  sort: 'rating',
};

describe('search state in the address', () => {
  test('the default search has an empty query string', () => {
    expect(searchStateToParams(defaultSearchState).toString()).toBe('');
    expect(searchStateFromParams(new URLSearchParams())).toEqual(defaultSearchState);
  });

  test('every part survives a round trip through the address', () => {
    const params = searchStateToParams(full);
    expect(params.toString()).toBe(
      'q=meeting+notes&category=productivity&tags=meetings%2Csummary&publisher=acme&verified=1&compatible=0&rating=4&sort=rating',
    );
    expect(searchStateFromParams(new URLSearchParams(params.toString()))).toEqual(full);
  });

  test('the same search always gives the same address, whatever order it was typed in', () => {
    const a = searchStateToParams(searchStateFromParams(new URLSearchParams('sort=newest&q=x')));
    const b = searchStateToParams(searchStateFromParams(new URLSearchParams('q=x&sort=newest')));
    expect(a.toString()).toBe(b.toString());
  });

  test('malformed or unknown values are dropped, not refused', () => {
    const state = searchStateFromParams(
      new URLSearchParams(
        'category=toys&sort=loudest&rating=9&publisher=Not A Scope&tags=ok,BAD TAG!,ok&verified=yes',
      ),
    );
    expect(state).toEqual({ ...defaultSearchState, tags: ['ok', 'bad'] });
  });

  test('a publisher is lowercased; the query is trimmed and capped', () => {
    const state = searchStateFromParams(
      new URLSearchParams({ publisher: 'ACME', q: `  ${'x'.repeat(300)} ` }),
    );
    expect(state.publisher).toBe('acme');
    expect(state.query).toHaveLength(200);
  });
});

describe('the API input', () => {
  test('sends only what is set, and always says whether incompatible agents are wanted', () => {
    expect(searchInputOf(defaultSearchState)).toEqual({ compatible: true, sort: 'relevance' });
    expect(searchInputOf(full)).toEqual({
      query: 'meeting notes',
      category: 'productivity',
      tags: ['meetings', 'summary'],
      publisher: 'acme',
      verified: true,
      compatible: false,
      minRating: 4,
      sort: 'rating',
    });
  });

  test('a blank query is no query', () => {
    expect(searchInputOf({ ...defaultSearchState, query: '   ' })).not.toHaveProperty('query');
  });
});

test('narrowing and filter counts ignore the sort', () => {
  expect(isNarrowed({ ...defaultSearchState, sort: 'newest' })).toBe(false);
  expect(isNarrowed({ ...defaultSearchState, query: 'x' })).toBe(true);
  expect(activeFilterCount({ ...defaultSearchState, query: 'x' })).toBe(0);
  expect(activeFilterCount(full)).toBe(6);
});

test('tags as people type them', () => {
  expect(parseTags('Meetings, summary  notes,,meetings')).toEqual(['meetings', 'summary', 'notes']);
  expect(parseTags('-bad, good-one, ünïcode')).toEqual(['good-one']);
  expect(parseTags(Array.from({ length: 12 }, (_, i) => `t${i}`).join(','))).toHaveLength(10);
});
