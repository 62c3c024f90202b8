import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, use, type ReactNode } from 'react';
import type { ApiClients } from './client';
import { trpc } from './trpc';

const ApiContext = createContext<ApiClients | null>(null);

/** Provides React Query, the tRPC hooks and the refresh coordinator to the whole app. */
export function ApiProvider({ clients, children }: { clients: ApiClients; children: ReactNode }) {
  return (
    <ApiContext value={clients}>
      <trpc.Provider client={clients.trpcClient} queryClient={clients.queryClient}>
        <QueryClientProvider client={clients.queryClient}>{children}</QueryClientProvider>
      </trpc.Provider>
    </ApiContext>
  );
}

export function useApiClients(): ApiClients {
  const clients = use(ApiContext);
  if (!clients) throw new Error('useApiClients must be used inside <ApiProvider>');
  return clients;
}
