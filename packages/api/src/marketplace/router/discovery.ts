import {
  agentDetailSchema,
  categoryCountSchema,
  getAgentInputSchema,
  searchInputSchema,
  searchResultSchema,
  trendingInputSchema,
  trendingItemSchema,
} from '@capecontrol/schema';
import { z } from 'zod';
import { noInput, publicProcedure } from '../../trpc';
import { limitSearch } from '../../usage-limits';
import { categoryCounts, getAgent, trending } from '../catalog';
import { searchAgents } from '../search';
import { viewerOf } from './shared';

/** Full-text search with filters, sorts, facets and a snapshot-stable cursor. */
export const search = publicProcedure
  .use(limitSearch)
  .input(searchInputSchema)
  .output(searchResultSchema)
  .query(({ ctx, input }) => searchAgents(ctx.db, input, viewerOf(ctx)?.id ?? null));

/** One agent: versions, readme, permissions, dependencies, validation report, ratings, installs. */
export const getAgentProcedure = publicProcedure
  .input(getAgentInputSchema)
  .output(agentDetailSchema)
  .query(({ ctx, input }) => getAgent(ctx.db, viewerOf(ctx), input.name, input.version));

/** The ten categories with their agent counts. */
export const categories = publicProcedure
  .input(noInput)
  .output(z.array(categoryCountSchema))
  .query(({ ctx }) => categoryCounts(ctx.db));

/** Time-decayed install and run velocity (formula in trending.ts). */
export const trendingProcedure = publicProcedure
  .input(trendingInputSchema)
  .output(z.array(trendingItemSchema))
  .query(({ ctx, input }) =>
    trending(ctx.db, viewerOf(ctx)?.id ?? null, input.window, input.limit),
  );
