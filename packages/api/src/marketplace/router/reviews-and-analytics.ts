import {
  agentAnalyticsInputSchema,
  agentAnalyticsSchema,
  agentNameInputSchema,
  analyticsInputSchema,
  listReviewsInputSchema,
  platformAnalyticsSchema,
  reviewInputSchema,
  reviewPageSchema,
  reviewSchema,
} from '@capecontrol/schema';
import { z } from 'zod';
import { requestOrigin } from '../../context';
import { AppError } from '../../errors';
import { protectedProcedure, publicProcedure } from '../../trpc';
import { agentAnalytics, platformAnalytics } from '../analytics';
import { deleteReview, listReviews, upsertReview } from '../reviews';
import { viewerOf } from './shared';

export const listReviewsProcedure = publicProcedure
  .input(listReviewsInputSchema)
  .output(reviewPageSchema)
  .query(({ ctx, input }) => listReviews(ctx.db, viewerOf(ctx)?.id ?? null, input));

/** One review per user per agent, editable; only from people who installed and ran it. */
export const upsertReviewProcedure = protectedProcedure
  .input(reviewInputSchema)
  .output(reviewSchema)
  .mutation(({ ctx, input }) =>
    upsertReview(ctx.db, { userId: ctx.principal.user.id, origin: requestOrigin(ctx) }, input),
  );

export const deleteReviewProcedure = protectedProcedure
  .input(z.strictObject({ agent: agentNameInputSchema.shape.name }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(({ ctx, input }) =>
    deleteReview(
      ctx.db,
      { userId: ctx.principal.user.id, origin: requestOrigin(ctx) },
      input.agent,
    ),
  );

/** Platform-wide numbers: agents, versions, installs, tasks, success rate, latency, tokens. */
export const analytics = protectedProcedure
  .input(analyticsInputSchema)
  .output(platformAnalyticsSchema)
  .query(({ ctx, input }) => platformAnalytics(ctx.db, input.periodDays));

/** One agent's numbers, for its publisher (and admins). */
export const agentAnalyticsProcedure = protectedProcedure
  .input(agentAnalyticsInputSchema)
  .output(agentAnalyticsSchema)
  .query(async ({ ctx, input }) => {
    const agent = await ctx.db
      .selectFrom('agents')
      .innerJoin('publishers', 'publishers.scope', 'agents.publisher')
      .select(['agents.id', 'agents.name', 'agents.install_count', 'publishers.owner_user_id'])
      .where('agents.name', '=', input.name)
      .executeTakeFirst();
    if (!agent) throw new AppError('NOT_FOUND', `There is no agent called "${input.name}".`);
    if (agent.owner_user_id !== ctx.principal.user.id && ctx.principal.user.role !== 'admin') {
      throw new AppError('FORBIDDEN', "Only the agent's publisher can see its analytics.");
    }
    return agentAnalytics(ctx.db, agent, input.periodDays);
  });
