import type { TaskStatus } from '@capecontrol/schema';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useApiClients } from '../../api/api-provider';
import { trpc } from '../../api/trpc';
import { isActiveStatus } from '../../tasks/task-format';

const PAGE_SIZE = 20;
/** How often the list is re-read while a task on it is queued or running. */
const LIVE_POLL_MS = 3_000;

/**
 * The caller's tasks, a page at a time (newest first), filtered by status. While any listed
 * task is queued or running the pages are re-read every few seconds: live status without a
 * stream per row (browsers allow about six connections per origin).
 *
 * Not `trpc.task.list.useInfiniteQuery`: it adds a `direction` field that the strict input
 * schema of `task.list` refuses. The query key is tRPC's own, so `utils.task.list.invalidate()`
 * still reaches it.
 */
export function useTaskPages(statuses: readonly TaskStatus[]) {
  const { trpcClient } = useApiClients();
  const input = { limit: PAGE_SIZE, ...(statuses.length > 0 ? { status: [...statuses] } : {}) };
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.task.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) =>
      trpcClient.task.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((task) => isActiveStatus(task.status)))
        ? LIVE_POLL_MS
        : false,
    staleTime: 0,
  });
}
