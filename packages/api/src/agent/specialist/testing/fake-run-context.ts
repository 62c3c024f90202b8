import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { GenerateChunk, GenerateRequest, LlmClient } from '../../llm/types';
import type { AgentEvent, AgentRunContext, StepSpec } from '../../runtime';

export interface RecordedStep extends StepSpec {
  seq: number;
  status: 'succeeded' | 'failed';
  output?: unknown;
  error?: string;
}

export interface FakeRun {
  ctx: AgentRunContext;
  events: AgentEvent[];
  steps: RecordedStep[];
  usage: { promptTokens: number; completionTokens: number; model: string }[];
}

/**
 * An `AgentRunContext` without a database or task runtime: it records events, steps and usage
 * in memory so agent tests can assert on exactly what a run emitted, in order.
 */
export function createFakeRunContext(llm: LlmClient): FakeRun {
  const events: AgentEvent[] = [];
  const steps: RecordedStep[] = [];
  const usage: FakeRun['usage'] = [];
  const controller = new AbortController();
  // The Specialist never touches the database; any access is a bug worth a loud failure.
  const db = new Proxy({} as Kysely<DB>, {
    get(_target, property) {
      throw new Error(`The fake run context has no database (accessed ${String(property)})`);
    },
  });
  const ctx: AgentRunContext = {
    taskId: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-000000000002',
    attempt: 1,
    signal: controller.signal,
    db,
    llm,
    logger: pino({ level: 'silent' }),
    emit(event) {
      events.push(event);
      return Promise.resolve();
    },
    async step(spec, fn) {
      const seq = steps.length + 1;
      const scope = {
        seq,
        signal: controller.signal,
        recordUsage(recorded: FakeRun['usage'][number]) {
          usage.push(recorded);
          return Promise.resolve();
        },
      };
      try {
        const output = await fn(scope);
        steps.push({ ...spec, seq, status: 'succeeded', output });
        return output;
      } catch (error) {
        steps.push({
          ...spec,
          seq,
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    },
  };
  return { ctx, events, steps, usage };
}

/** A scripted reply meaning "what the offline engine would say" (the request's own `offline`). */
export const OFFLINE_REPLY = Symbol('offline reply');

/**
 * A model stand-in that answers each request with the next scripted reply (the last one repeats),
 * streamed in small pieces, and records the requests.
 */
export function scriptedLlm(
  replies: (string | typeof OFFLINE_REPLY)[],
): LlmClient & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return {
    provider: 'openai',
    model: 'scripted',
    requests,
    async *stream(request: GenerateRequest): AsyncGenerator<GenerateChunk> {
      requests.push(request);
      const scripted = replies[Math.min(requests.length - 1, replies.length - 1)] ?? '';
      const text = scripted === OFFLINE_REPLY ? await request.offline() : scripted;
      for (let i = 0; i < text.length; i += 40)
        yield { type: 'delta', text: text.slice(i, i + 40) };
      yield {
        type: 'usage',
        promptTokens: 100,
        completionTokens: Math.ceil(text.length / 4),
        model: 'scripted',
      };
    },
  };
}
