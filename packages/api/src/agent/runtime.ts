import type { DB } from '@capecontrol/db';
import type { AgentHealth, StepKind, TaskEventPayload } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { LlmClient } from './llm/types';

/** Events an agent may emit itself; the runtime emits status, step, usage and terminal events. */
export type AgentEvent = Extract<
  TaskEventPayload,
  { type: 'token' | 'citation' | 'suggestion' | 'domain' | 'playbook_step' | 'insight' }
>;

export interface StepSpec {
  kind: StepKind;
  name: string;
  /** Recorded as the step's input in `runs` (keep it small and free of secrets). */
  input?: unknown;
}

export interface StepScope {
  readonly seq: number;
  /** Aborted when the task is cancelled, times out or loses its lease. */
  readonly signal: AbortSignal;
  /** Adds token usage to this step (and the task's totals); the runtime emits a `usage` event. */
  recordUsage(usage: {
    promptTokens: number;
    completionTokens: number;
    model: string;
  }): Promise<void>;
}

/**
 * What an agent sees while it runs as a task. Every write (events, steps) goes through the
 * runtime, which checks the worker still holds the task's lease (fencing token) and that the
 * task was not cancelled before each step.
 */
export interface AgentRunContext {
  readonly taskId: string;
  readonly userId: string;
  readonly attempt: number;
  readonly signal: AbortSignal;
  /** For reads (knowledge search); agents never write tables directly. */
  readonly db: Kysely<DB>;
  readonly llm: LlmClient;
  readonly logger: Logger;
  emit(event: AgentEvent): Promise<void>;
  /**
   * Runs `fn` as a recorded step (`runs` row, `step.started`/`step.finished` events). Checks
   * for cancellation first. The value `fn` returns is stored as the step's output; if the
   * step is cancelled, the text of the `token` events it emitted is kept as partial output.
   *
   * Checkpoints: when a task is re-claimed after a worker died, steps that already succeeded
   * are not run again — `step` returns their stored output (JSON round-tripped) without calling
   * `fn` or re-emitting events. So an agent must take everything it needs from a step from its
   * return value, never from variables `fn` assigns, and steps must run in a deterministic order.
   */
  step<TResult>(spec: StepSpec, fn: (scope: StepScope) => Promise<TResult>): Promise<TResult>;
}

export interface AgentHealthDeps {
  db: Kysely<DB>;
  llm: LlmClient;
}

export interface AgentDefinition<TInputSchema extends z.ZodType = z.ZodType, TOutput = unknown> {
  id: string;
  displayName: string;
  description: string;
  inputSchema: TInputSchema;
  outputSchema: z.ZodType<TOutput>;
  run(ctx: AgentRunContext, input: z.output<TInputSchema>): Promise<TOutput>;
  health(deps: AgentHealthDeps): Promise<AgentHealth['details']>;
}

/** Streams an LLM completion into `token` events; returns the full text. */
export async function streamTokens(
  ctx: Pick<AgentRunContext, 'llm' | 'emit'>,
  scope: StepScope,
  request: Parameters<LlmClient['stream']>[0],
  options: { emitTokens?: boolean } = {},
): Promise<string> {
  let text = '';
  for await (const chunk of ctx.llm.stream(request, scope.signal)) {
    if (chunk.type === 'delta') {
      text += chunk.text;
      if (options.emitTokens !== false) await ctx.emit({ type: 'token', text: chunk.text });
    } else {
      await scope.recordUsage(chunk);
    }
  }
  return text;
}
