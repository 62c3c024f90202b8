import type { AppRouter } from '@capecontrol/api';
import { createTRPCReact } from '@trpc/react-query';

/** Typed React Query hooks for every procedure: `trpc.auth.apiKeys.list.useQuery()`. */
export const trpc = createTRPCReact<AppRouter>();
