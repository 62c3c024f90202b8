import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useApiClients } from '../../api/api-provider';
import { trpc } from '../../api/trpc';
import { searchInputOf, type SearchState } from '../../marketplace/search-state';

const PAGE_SIZE = 20;

/**
 * Search results a page at a time. Every page of one search reads the same snapshot (the
 * cursor carries it), so "Load more" never repeats or skips an agent while others publish.
 * While a new search loads, the previous results stay on screen (marked busy) instead of
 * flashing to a skeleton on every keystroke.
 *
 * Not `trpc.marketplace.search.useInfiniteQuery`: it adds a `direction` field that the strict
 * input schema refuses. The query key is tRPC's own, so `utils.marketplace.search.invalidate()`
 * still reaches it.
 */
export function useSearchPages(state: SearchState) {
  const { trpcClient } = useApiClients();
  const input = { ...searchInputOf(state), limit: PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.marketplace.search, input, 'infinite'),
    queryFn: ({ pageParam, signal }) =>
      trpcClient.marketplace.search.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}
