import {
  advisoryInputSchema,
  deprecateInputSchema,
  publishInputSchema,
  publishResultSchema,
  validationReportSchema,
  yankInputSchema,
} from '@capecontrol/schema';
import { z } from 'zod';
import { requestOrigin } from '../../context';
import { adminProcedure, noInput, protectedProcedure } from '../../trpc';
import { addAdvisory, becomePublisher, deprecate, yank } from '../lifecycle';
import { publishVersion, validateForPublish } from '../publish';
import { lifecycleActor } from './shared';

const ok = z.object({ ok: z.literal(true) });

/** Publishes a version through the validation pipeline (publisher role; scope owner). */
export const publish = protectedProcedure
  .meta({ scope: 'publish' })
  .input(publishInputSchema)
  .output(publishResultSchema)
  .mutation(({ ctx, input }) =>
    publishVersion(
      ctx.db,
      ctx.marketplace.signing,
      {
        userId: ctx.principal.user.id,
        role: ctx.principal.user.role,
        apiKeyId: ctx.principal.apiKeyId,
        origin: requestOrigin(ctx),
      },
      input.manifest,
    ),
  );

/** The report a publish would produce, without publishing. */
export const validate = protectedProcedure
  .meta({ scope: 'read' })
  .input(publishInputSchema)
  .output(validationReportSchema)
  // A mutation only so large manifests travel in the body; it changes nothing.
  .mutation(({ ctx, input }) => validateForPublish(ctx.db, input.manifest));

export const deprecateProcedure = protectedProcedure
  .meta({ scope: 'publish' })
  .input(deprecateInputSchema)
  .output(ok)
  .mutation(({ ctx, input }) => deprecate(ctx.db, lifecycleActor(ctx), input));

export const yankProcedure = protectedProcedure
  .meta({ scope: 'publish' })
  .input(yankInputSchema)
  .output(ok)
  .mutation(({ ctx, input }) => yank(ctx.db, lifecycleActor(ctx), input));

export const createAdvisory = adminProcedure
  .input(advisoryInputSchema)
  .output(z.object({ id: z.uuid() }))
  .mutation(({ ctx, input }) => addAdvisory(ctx.db, lifecycleActor(ctx), input));

/** Self-service upgrade to the publisher role. */
export const registerPublisher = protectedProcedure
  .input(noInput)
  .output(z.object({ role: z.enum(['publisher', 'admin']) }))
  .mutation(({ ctx }) => becomePublisher(ctx.db, lifecycleActor(ctx)));
