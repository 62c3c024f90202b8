import {
  queueHealthSchema,
  taskFailurePageSchema,
  taskFailuresInputSchema,
  taskIdInputSchema,
  taskSchema,
} from '@capecontrol/schema';
import { requestOrigin } from '../context';
import { adminProcedure, noInput, router, type ProtectedContext } from '../trpc';
import { listTaskFailures, queueHealth, redriveTask, type Operator } from './operations';

function operatorOf(ctx: ProtectedContext): Operator {
  const { user, apiKeyId } = ctx.principal;
  return {
    actor: apiKeyId
      ? { type: 'api_key', userId: user.id, apiKeyId }
      : { type: 'user', userId: user.id },
    origin: requestOrigin(ctx),
  };
}

/** Queue health for the operations page (admin-only). */
export const queueRouter = router({
  health: adminProcedure
    .input(noInput)
    .output(queueHealthSchema)
    .query(({ ctx }) => queueHealth(ctx.db, ctx.tasks.config.leaseMs)),
});

/** Every user's failed tasks, and re-driving them (admin-only). */
export const adminTasksRouter = router({
  failures: adminProcedure
    .input(taskFailuresInputSchema)
    .output(taskFailurePageSchema)
    .query(({ ctx, input }) => listTaskFailures(ctx.db, input)),
  redrive: adminProcedure
    .input(taskIdInputSchema)
    .output(taskSchema)
    .mutation(({ ctx, input }) => redriveTask(ctx.db, ctx.tasks, operatorOf(ctx), input.id)),
});
