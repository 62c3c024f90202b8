import type { AppRouter } from '@capecontrol/api';
import { QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { SESSION_KEY, storeSignedIn, storeSignedOut, type Session } from '../session/session';
import { csrfHeaders, currentCsrfToken } from './csrf';
import { errorCode, errorMessage, isClientError } from './errors';
import { createRefreshCoordinator, type RefreshCoordinator } from './refresh-coordinator';
import { clockedFetch } from './server-clock';
import { sessionRefreshLink } from './session-link';

const API_URL = '/trpc';
const REFRESH_TIMEOUT_MS = 15_000;

export interface ApiClients {
  queryClient: QueryClient;
  trpcClient: TRPCClient<AppRouter>;
  refresher: RefreshCoordinator;
}

/**
 * The app's API plumbing, created once: React Query's cache, the tRPC client (batched HTTP with
 * the CSRF header read per request, subscriptions over SSE, refresh-and-retry on 401) and the
 * refresh coordinator whose outcomes keep the cached session current.
 */
export function createApiClients(): ApiClients {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });

  // Refreshes go on their own client, so they never wait in a batch with the calls that are
  // waiting for them. (A batch of one rather than httpLink: httpLink sends a mutation without
  // input with an empty body, which tRPC's server refuses as invalid JSON.)
  const refreshClient = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: API_URL, headers: csrfHeaders, fetch: clockedFetch, maxItems: 1 }),
    ],
  });
  const refresher = createRefreshCoordinator({
    refresh: () =>
      refreshClient.auth.refresh.mutate(undefined, {
        signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
      }),
    readCsrfToken: currentCsrfToken,
    isSessionError: (error) => ['UNAUTHORIZED', 'FORBIDDEN'].includes(errorCode(error) ?? ''),
    messageOf: errorMessage,
    locks: typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined,
  });
  refresher.subscribe((outcome) => {
    const session = queryClient.getQueryData<Session>(SESSION_KEY);
    switch (outcome.kind) {
      case 'refreshed':
        storeSignedIn(queryClient, outcome.session);
        break;
      case 'refreshed-elsewhere':
        void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
        break;
      case 'ended':
        if (session?.status === 'signed-in')
          storeSignedOut(queryClient, 'expired', outcome.message);
        break;
      case 'failed':
        break;
    }
  });

  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      sessionRefreshLink(refresher),
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Server-sent events on the same origin: the cookies authenticate them, and the
        // EventSource reconnects on its own, resuming after the last tracked event id.
        true: httpSubscriptionLink({ url: API_URL }),
        false: httpBatchLink({ url: API_URL, headers: csrfHeaders, fetch: clockedFetch }),
      }),
    ],
  });
  return { queryClient, trpcClient, refresher };
}
