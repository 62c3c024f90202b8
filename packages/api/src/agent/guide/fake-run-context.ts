import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { AgentEvent, AgentRunContext, StepSpec } from '../runtime';
import type { LlmClient } from '../llm/types';

/** A step as the fake runtime recorded it. */
export interface RecordedStep extends StepSpec {
  seq: number;
  status: 'succeeded' | 'failed';
  output: unknown;
  usage: { promptTokens: number; completionTokens: number; model: string }[];
}

export interface FakeRunContext extends AgentRunContext {
  readonly events: AgentEvent[];
  readonly steps: RecordedStep[];
  /** Concatenated text of the `token` events. */
  tokenText(): string;
}

/**
 * A minimal AgentRunContext for agent tests: runs steps in order and records them and the
 * events emitted, with none of the task runtime (no leases, no rows, no cancellation).
 */
export function createFakeRunContext(options: { db: Kysely<DB>; llm: LlmClient }): FakeRunContext {
  const events: AgentEvent[] = [];
  const steps: RecordedStep[] = [];
  const controller = new AbortController();
  return {
    taskId: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-000000000002',
    attempt: 1,
    signal: controller.signal,
    db: options.db,
    llm: options.llm,
    logger: pino({ level: 'silent' }),
    events,
    steps,
    emit(event) {
      events.push(event);
      return Promise.resolve();
    },
    async step(spec, fn) {
      const step: RecordedStep = {
        ...spec,
        seq: steps.length + 1,
        status: 'succeeded',
        output: null,
        usage: [],
      };
      steps.push(step);
      try {
        step.output = await fn({
          seq: step.seq,
          signal: controller.signal,
          recordUsage: (usage) => {
            step.usage.push(usage);
            return Promise.resolve();
          },
        });
        return step.output as Awaited<ReturnType<typeof fn>>;
      } catch (error) {
        step.status = 'failed';
        throw error;
      }
    },
    tokenText() {
      return events.map((event) => (event.type === 'token' ? event.text : '')).join('');
    },
  };
}
