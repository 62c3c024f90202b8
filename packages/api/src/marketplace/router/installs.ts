import {
  installInputSchema,
  installPlanInputSchema,
  installPlanSchema,
  installationSchema,
  uninstallInputSchema,
} from '@capecontrol/schema';
import { z } from 'zod';
import { noInput, protectedProcedure } from '../../trpc';
import { planChange } from '../install-plan';
import { applyInstall, uninstall } from '../installer';
import { listInstallations } from '../installations';
import { installActor } from './shared';

/** Dry run: resolved versions, new permissions, compatibility and advisories. */
export const installPlan = protectedProcedure
  .input(installPlanInputSchema)
  .output(installPlanSchema)
  .query(
    async ({ ctx, input }) =>
      (
        await planChange(ctx.db, ctx.principal.user.id, {
          name: input.name,
          range: input.version ?? '*',
          pin: input.pin ?? false,
        })
      ).plan,
  );

export const install = protectedProcedure
  .input(installInputSchema)
  .output(installPlanSchema)
  .mutation(({ ctx, input }) =>
    applyInstall(
      { db: ctx.db, signing: ctx.marketplace.signing, encryptionKey: ctx.keys.encryption },
      installActor(ctx),
      input,
      'install',
    ),
  );

/** Re-resolves (or moves to a chosen version); asks for consent when permissions grow. */
export const update = protectedProcedure
  .input(installInputSchema)
  .output(installPlanSchema)
  .mutation(({ ctx, input }) =>
    applyInstall(
      { db: ctx.db, signing: ctx.marketplace.signing, encryptionKey: ctx.keys.encryption },
      installActor(ctx),
      input,
      'update',
    ),
  );

export const uninstallProcedure = protectedProcedure
  .input(uninstallInputSchema)
  .output(z.object({ removed: z.array(z.string()) }))
  .mutation(({ ctx, input }) => uninstall(ctx.db, installActor(ctx), input));

export const listInstallationsProcedure = protectedProcedure
  .input(noInput)
  .output(z.array(installationSchema))
  .query(({ ctx }) => listInstallations(ctx.db, ctx.principal.user.id));
