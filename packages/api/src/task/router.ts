import {
  createTaskInputSchema,
  listTasksInputSchema,
  streamTaskInputSchema,
  taskIdInputSchema,
  taskPageSchema,
  taskSchema,
  taskWithStepsSchema,
} from '@capecontrol/schema';
import { requestOrigin } from '../context';
import { protectedProcedure, router, type ProtectedContext } from '../trpc';
import { limitTaskCreation } from '../usage-limits';
import { streamTaskEvents, parseLastEventId } from './stream';
import { cancelTask, createTask, getTask, listTasks, retryTask, type TaskActor } from './tasks';

export function taskActor(ctx: ProtectedContext): TaskActor {
  return {
    userId: ctx.principal.user.id,
    apiKeyId: ctx.principal.apiKeyId,
    origin: requestOrigin(ctx),
  };
}

export const taskRouter = router({
  create: protectedProcedure
    .use(limitTaskCreation)
    .input(createTaskInputSchema)
    .output(taskSchema)
    .mutation(({ ctx, input }) => createTask(ctx.db, ctx.tasks, taskActor(ctx), input)),
  get: protectedProcedure
    .input(taskIdInputSchema)
    .output(taskWithStepsSchema)
    .query(({ ctx, input }) => getTask(ctx.db, ctx.principal.user.id, input.id)),
  list: protectedProcedure
    .input(listTasksInputSchema)
    .output(taskPageSchema)
    .query(({ ctx, input }) => listTasks(ctx.db, ctx.principal.user.id, input)),
  cancel: protectedProcedure
    .input(taskIdInputSchema)
    .output(taskSchema)
    .mutation(({ ctx, input }) => cancelTask(ctx.db, ctx.tasks, taskActor(ctx), input.id)),
  retry: protectedProcedure
    .use(limitTaskCreation)
    .input(taskIdInputSchema)
    .output(taskSchema)
    .mutation(({ ctx, input }) => retryTask(ctx.db, ctx.tasks, taskActor(ctx), input.id)),
  /**
   * The task's events, resumable: reconnecting with `lastEventId` yields exactly the missed
   * events. Ends after the terminal event. Closing the stream never cancels the task.
   */
  stream: protectedProcedure.input(streamTaskInputSchema).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    // Only the owner's: NOT_FOUND before anything is yielded (checked by the first read).
    yield* streamTaskEvents(
      ctx.db,
      ctx.tasks,
      input.id,
      parseLastEventId(input.lastEventId),
      signal,
      ctx.principal.user.id,
    );
  }),
});
