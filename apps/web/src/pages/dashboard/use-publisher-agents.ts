import { useQueries } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useCallback, useState } from 'react';
import { useApiClients } from '../../api/api-provider';
import { trpc } from '../../api/trpc';
import type { AgentListing } from '../../marketplace/marketplace-types';
import {
  loadScopes,
  saveScopes,
  withoutScope,
  withScope,
} from '../../marketplace/publisher-scopes';

const PER_SCOPE = 50;

/**
 * The publisher's scopes (remembered from publishing here, or added by hand) and the agents
 * published under each, including ones this platform can't run.
 */
export function usePublisherAgents(userId: string) {
  const { trpcClient } = useApiClients();
  const [scopes, setScopes] = useState(() => loadScopes(userId));
  const lists = useQueries({
    queries: scopes.map((scope) => {
      const input = { publisher: scope, limit: PER_SCOPE };
      return {
        queryKey: getQueryKey(trpc.marketplace.agents.list, input, 'query'),
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          trpcClient.marketplace.agents.list.query(input, { signal }),
      };
    }),
  });
  const agents: AgentListing[] = lists
    .flatMap((list) => list.data?.items ?? [])
    .sort((a, b) => a.name.localeCompare(b.name));

  const add = useCallback(
    (scope: string) =>
      setScopes((current) => {
        if (current.includes(scope)) return current;
        const next = withScope(current, scope);
        saveScopes(userId, next);
        return next;
      }),
    [userId],
  );
  const remove = useCallback(
    (scope: string) =>
      setScopes((current) => {
        const next = withoutScope(current, scope);
        saveScopes(userId, next);
        return next;
      }),
    [userId],
  );

  return {
    scopes,
    agents,
    isPending: lists.some((list) => list.isPending),
    error: lists.find((list) => list.isError)?.error ?? null,
    refetch: () => Promise.all(lists.map((list) => list.refetch())),
    add,
    remove,
  };
}
