import { listAgentsInputSchema, searchResultSchema } from '@capecontrol/schema';
import { publicProcedure } from '../../trpc';
import { searchAgents } from '../search';
import { viewerOf } from './shared';

/** Agents, newest first (optionally one publisher's), including ones this platform cannot run. */
export const listAgents = publicProcedure
  .input(listAgentsInputSchema)
  .output(searchResultSchema)
  .query(({ ctx, input }) =>
    searchAgents(
      ctx.db,
      {
        sort: 'newest',
        limit: input.limit,
        cursor: input.cursor,
        publisher: input.publisher,
        compatible: false,
      },
      viewerOf(ctx)?.id ?? null,
    ),
  );
