import {
  agentHealthSchema,
  agentSummarySchema,
  GUIDE_AGENT_ID,
  guideInputSchema,
  guideOutputSchema,
  SPECIALIST_AGENT_ID,
  specialistCapabilitiesSchema,
  specialistInputSchema,
  specialistOutputSchema,
  streamAgentInputSchema,
  type AgentHealth,
  type AgentSummary,
} from '@capecontrol/schema';
import { z } from 'zod';
import type { Context } from '../context';
import { AppError } from '../errors';
import { streamTaskEvents, parseLastEventId } from '../task/stream';
import { taskActor } from '../task/router';
import { createTask } from '../task/tasks';
import { noInput, protectedProcedure, router, type ProtectedContext } from '../trpc';
import { limitTaskCreation } from '../usage-limits';
import { listInstallations } from '../marketplace/installations';
import { knowledgeRouter } from './knowledge/router';
import { specialistCapabilities } from './specialist';

/**
 * Runs one agent call as a task and waits for its end: every `ask` shows in the task list with
 * its steps. Leaving early does not cancel the task.
 */
async function askAgent(
  ctx: ProtectedContext,
  agent: string,
  input: unknown,
  signal: AbortSignal | undefined,
): Promise<{ taskId: string; output: unknown }> {
  const task = await createTask(ctx.db, ctx.tasks, taskActor(ctx), { agent, input });
  for await (const [, event] of streamTaskEvents(ctx.db, ctx.tasks, task.id, 0, signal)) {
    if (event.type !== 'terminal') continue;
    if (event.status === 'succeeded') return { taskId: task.id, output: event.output };
    const message = event.error?.message ?? 'The agent could not answer.';
    if (event.status === 'timed_out') throw new AppError('GATEWAY_TIMEOUT', message);
    if (event.status === 'cancelled') throw new AppError('CLIENT_CLOSED_REQUEST', message);
    throw new AppError('BAD_GATEWAY', message);
  }
  throw new AppError('CLIENT_CLOSED_REQUEST', 'The request was closed before the agent finished.');
}

async function agentHealth(ctx: Context, agentId: string): Promise<AgentHealth> {
  const agent = ctx.tasks.agents.require(agentId);
  const details = await agent.health({ db: ctx.db, llm: ctx.tasks.llm });
  return {
    agent: agent.id,
    status: details.knowledgeReady === false ? 'degraded' : 'ok',
    llm: { provider: ctx.tasks.llm.provider, model: ctx.tasks.llm.model },
    details,
  };
}

/** `ask` (wait for the answer), `stream` (watch it arrive, resumable) and `health` for one agent. */
function agentProcedures<TInput extends z.ZodObject, TAskOutput extends z.ZodType>(
  agentId: string,
  inputSchema: TInput,
  /** The agent's output plus the `taskId` of the task that produced it. */
  askOutputSchema: TAskOutput,
) {
  return {
    ask: protectedProcedure
      .use(limitTaskCreation)
      .input(inputSchema)
      .output(askOutputSchema)
      .mutation(async ({ ctx, input, signal }) => {
        const { taskId, output } = await askAgent(ctx, agentId, input, signal);
        // tRPC cannot relate a generic schema to its output type here; callers see the exact type.
        return askOutputSchema.parse({ ...(output as object), taskId }) as never;
      }),
    /**
     * Creates the task with the caller-chosen `taskId` (or rejoins it on reconnect) and yields its
     * events until the terminal one.
     */
    stream: protectedProcedure
      .use(limitTaskCreation)
      .input(streamAgentInputSchema(inputSchema))
      .subscription(async function* ({ ctx, input, signal }) {
        // The schema is generic here; its parsed shape is fixed.
        const request = input as {
          taskId: string;
          input: unknown;
          lastEventId?: string | number | null;
        };
        await createTask(ctx.db, ctx.tasks, taskActor(ctx), {
          agent: agentId,
          input: request.input,
          id: request.taskId,
        });
        yield* streamTaskEvents(
          ctx.db,
          ctx.tasks,
          request.taskId,
          parseLastEventId(request.lastEventId),
          signal,
        );
      }),
    health: protectedProcedure
      .input(noInput)
      .output(agentHealthSchema)
      .query(({ ctx }) => agentHealth(ctx, agentId)),
  };
}

export const agentRouter = router({
  /** Agents the caller can run: the built-ins and the marketplace agents they installed. */
  list: protectedProcedure
    .input(noInput)
    .output(z.array(agentSummarySchema))
    .query(async ({ ctx }): Promise<AgentSummary[]> => {
      const builtin = ctx.tasks.agents.list().map((agent) => ({
        id: agent.id,
        displayName: agent.displayName,
        description: agent.description,
        kind: 'builtin' as const,
        streaming: true,
      }));
      const installed = await listInstallations(ctx.db, ctx.principal.user.id);
      return [
        ...builtin,
        ...installed
          .filter((installation) => installation.requested)
          .map((installation) => ({
            id: installation.name,
            displayName: installation.displayName,
            description: `Installed from the marketplace (${installation.version}).`,
            kind: 'installed' as const,
            streaming: true,
          })),
      ];
    }),
  guide: router(
    agentProcedures(
      GUIDE_AGENT_ID,
      guideInputSchema,
      guideOutputSchema.extend({ taskId: z.uuid() }),
    ),
  ),
  domainSpecialist: router({
    ...agentProcedures(
      SPECIALIST_AGENT_ID,
      specialistInputSchema,
      specialistOutputSchema.extend({ taskId: z.uuid() }),
    ),
    capabilities: protectedProcedure
      .input(noInput)
      .output(specialistCapabilitiesSchema)
      .query(() => specialistCapabilities()),
  }),
  knowledge: knowledgeRouter,
});
