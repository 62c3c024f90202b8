import { randomUUID } from 'node:crypto';
import {
  createLlmClient,
  createPostgresNotifier,
  createServices,
  TaskWorker,
  type AgentDefinition,
  type LlmClient,
  type Services,
} from '@capecontrol/api';
import { callerFor } from '@capecontrol/api/testing';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { createDatabase, type Database } from '@capecontrol/db';
import { GUIDE_AGENT_ID, type TaskEvent } from '@capecontrol/schema';
import { pino } from 'pino';
import { z } from 'zod';
import { createApp, parseEnv, type App } from '../src/index';
import { startFakeOpenAiProcess } from './lib/fake-openai-process';
import type { ScratchServer } from './lib/scratch';
import {
  percentile,
  summarizeLatency,
  summarizeRepeats,
  type LatencySummary,
  type RepeatSummary,
} from './lib/stats';

/**
 * Time to first token. Baseline: our OpenAI client (the `openai` SDK) calling the fake
 * OpenAI-compatible server directly, from the call to the first non-empty delta. Platform: from
 * the `agent.guide.stream` call (which creates the task) to the first `token` event its
 * subscriber receives: createTask (the task handed to the idle worker as it is inserted) → the
 * Guide's retrieve step (knowledge search in Postgres) → answer step → model call → event
 * stored in task_events → bus → stream. The fake server runs in a process of its own, as a
 * model provider runs elsewhere (lib/fake-openai-process.ts).
 * Measured in-process (tRPC caller) and over real HTTP + SSE with @capecontrol/client, plus a
 * one-step LLM agent that isolates the platform from the Guide's own work.
 */
export interface FirstTokenOptions {
  samples: number;
  warmup: number;
  repeats: number;
  block: number;
  poolSize: number;
}

export type FirstTokenVariant = 'direct' | 'guide-in-process' | 'guide-http-sse' | 'llm-agent';

export type Phase =
  | 'queue'
  | 'retrieveWork'
  | 'runtimeBeforeModel'
  | 'modelFirstDelta'
  | 'deltaToSubscriber'
  | 'platformOverhead';

export interface FirstTokenVariantResult {
  label: string;
  firstToken: LatencySummary;
  p50ByRepeat: RepeatSummary;
  /** Platform variants: p50 minus the baseline's p50, within each repeat. */
  addedP50ByRepeat?: RepeatSummary;
  /** Platform variants: where the time goes (see Sample). */
  phases?: Partial<Record<Phase, LatencySummary>>;
}

export interface FirstTokenResult {
  options: FirstTokenOptions;
  question: string;
  request: { messages: number; bytes: number };
  tokensPerAnswer: number;
  variants: Record<FirstTokenVariant, FirstTokenVariantResult>;
}

const QUESTION = 'How do I publish an agent to the marketplace?';
const LLM_AGENT_ID = 'bench-llm';
/** The benchmark's users start tasks far faster than the default per-user limit allows. */
const TASK_START_LIMIT = { points: 1_000_000, durationSeconds: 60 };

const LABELS: Record<FirstTokenVariant, string> = {
  direct: 'openai client → fake server, first delta (baseline)',
  'guide-in-process': 'agent.guide.stream (tRPC caller) → first token event',
  'guide-http-sse': 'agent.guide.stream over HTTP + SSE (@capecontrol/client) → first token',
  'llm-agent': 'task.create + task.stream (tRPC caller), one-step LLM agent → first token',
};

type ChatMessage = Parameters<LlmClient['stream']>[0]['messages'][number];
type RunContext = Parameters<AgentDefinition['run']>[0];

/** Timestamps (performance.now()) of one platform sample; tasks run one at a time. */
class Probe {
  runStart = 0;
  /** Start and end of each step body (the agent's own work), by step name. */
  steps = new Map<string, { start: number; end: number }>();
  modelCall = 0;
  firstDelta = 0;
  reset(): void {
    this.runStart = 0;
    this.steps.clear();
    this.modelCall = 0;
    this.firstDelta = 0;
  }
}

/** Times the model call inside the platform: when it is made and when its first delta arrives. */
class TimedLlm implements LlmClient {
  readonly provider: LlmClient['provider'];
  readonly model: string;
  constructor(
    private readonly inner: LlmClient,
    private readonly probe: Probe,
  ) {
    this.provider = inner.provider;
    this.model = inner.model;
  }
  async *stream(...args: Parameters<LlmClient['stream']>) {
    this.probe.modelCall = performance.now();
    for await (const chunk of this.inner.stream(...args)) {
      if (!this.probe.firstDelta && chunk.type === 'delta' && chunk.text) {
        this.probe.firstDelta = performance.now();
      }
      yield chunk;
    }
  }
}

/** The same agent, noting when run() starts and how long each step body takes. */
function timedAgent(agent: AgentDefinition, probe: Probe): AgentDefinition {
  return {
    ...agent,
    run(ctx, input) {
      probe.runStart = performance.now();
      const step: RunContext['step'] = (spec, fn) =>
        ctx.step(spec, async (scope) => {
          const start = performance.now();
          try {
            return await fn(scope);
          } finally {
            probe.steps.set(spec.name, { start, end: performance.now() });
          }
        });
      return agent.run({ ...ctx, step }, input);
    },
  };
}

/**
 * The least an LLM agent does: one `llm` step streaming the answer to the same request the
 * Guide sends, each delta a `token` event. Measures the platform without the Guide's work.
 */
function llmAgent(messages: () => ChatMessage[]): AgentDefinition {
  return {
    id: LLM_AGENT_ID,
    displayName: 'Bench LLM',
    description: 'Streams one model answer (benchmarks only).',
    inputSchema: z.strictObject({}),
    outputSchema: z.object({ text: z.string() }),
    async run(ctx) {
      const text = await ctx.step({ kind: 'llm', name: 'answer' }, async (scope) => {
        let answer = '';
        for await (const chunk of ctx.llm.stream(
          { messages: messages(), maxTokens: 900, offline: () => '' },
          scope.signal,
        )) {
          if (chunk.type === 'usage') await scope.recordUsage(chunk);
          else if (chunk.text) {
            answer += chunk.text;
            await ctx.emit({ type: 'token', text: chunk.text });
          }
        }
        return answer;
      });
      return { text };
    },
    async health() {
      return {};
    },
  };
}

interface Sample {
  firstToken: number;
  /** Call → the agent's run() starts (task creation, NOTIFY, claim). */
  queue?: number;
  /** The Guide's retrieve step body: knowledge search in Postgres, citation events. */
  retrieveWork?: number;
  /** run() start → model call, less the retrieve step body: the runtime's step bookkeeping. */
  runtimeBeforeModel?: number;
  /** Model call → first delta (what the baseline measures). */
  modelFirstDelta?: number;
  /** First delta → the subscriber has the token (event stored, bus, stream). */
  deltaToSubscriber?: number;
  /** First token less the retrieve step body and the model's own time to first delta. */
  platformOverhead?: number;
}

function phasesOf(probe: Probe, begin: number, token: number): Sample {
  const retrieve = probe.steps.get('retrieve');
  const retrieveWork = retrieve ? retrieve.end - retrieve.start : 0;
  const modelFirstDelta = probe.firstDelta - probe.modelCall;
  return {
    firstToken: token - begin,
    queue: probe.runStart - begin,
    retrieveWork,
    runtimeBeforeModel: probe.modelCall - probe.runStart - retrieveWork,
    modelFirstDelta,
    deltaToSubscriber: token - probe.firstDelta,
    platformOverhead: token - begin - retrieveWork - modelFirstDelta,
  };
}

/** Reads a tRPC subscription until the terminal event; resolves with the first token's time. */
async function firstTokenOf(
  events: AsyncIterable<TaskEvent>,
): Promise<{ at: number; tokens: number }> {
  let at = 0;
  let tokens = 0;
  for await (const event of events) {
    if (event.type === 'token') {
      tokens += 1;
      if (!at) at = performance.now();
    }
    if (event.type === 'terminal') {
      if (event.status !== 'succeeded') throw new Error(`task ended ${event.status}`);
      break;
    }
  }
  if (!at) throw new Error('no token event');
  return { at, tokens };
}

/**
 * The events of a server-side subscription. tRPC types them as `{ id, data }` (what a client
 * receives); in-process the generator's `tracked()` envelopes arrive as `[id, data, symbol]`.
 */
async function* unwrap(items: AsyncIterable<unknown>): AsyncGenerator<TaskEvent> {
  for await (const item of items) {
    yield (Array.isArray(item) ? item[1] : (item as { data: unknown }).data) as TaskEvent;
  }
}

export async function benchFirstToken(
  scratch: ScratchServer,
  templates: { cape: string },
  options: FirstTokenOptions,
  log: (line: string) => void,
): Promise<FirstTokenResult> {
  const fake = await startFakeOpenAiProcess();
  const openai = () =>
    createLlmClient({
      apiKey: 'sk-bench-not-a-real-key',
      baseURL: fake.baseURL,
      model: 'gpt-4o-mini',
      requestTimeoutMs: 30_000,
      streamIdleTimeoutMs: 30_000,
      maxRetries: 0,
    });
  const direct = openai();
  const inProcessProbe = new Probe();
  const httpProbe = new Probe();
  const inProcessDb = await scratch.create('ttft_inproc', templates.cape);
  const httpDb = await scratch.create('ttft_http', templates.cape);
  let messages: ChatMessage[] = [];
  let database: Database | null = null;
  let services: Services | null = null;
  let worker: TaskWorker | null = null;
  let app: App | null = null;
  try {
    // In-process: the services and worker of a one-process server on Postgres.
    const logger = pino({ level: 'silent' });
    database = await createDatabase({
      kind: 'postgres',
      url: inProcessDb.url,
      poolSize: options.poolSize,
    });
    services = await createServices({
      db: database.db,
      logger,
      llm: new TimedLlm(openai(), inProcessProbe),
      notifier: createPostgresNotifier(inProcessDb.url, database.db, logger),
      // One user starts over a thousand tasks in minutes: lift the per-user start limit.
      config: { rateLimits: { taskCreatePerUser: TASK_START_LIMIT } },
      agents: [
        timedAgent(
          llmAgent(() => messages),
          inProcessProbe,
        ),
      ],
    });
    const registry = services.tasks.agents;
    registry.register(timedAgent(registry.require(GUIDE_AGENT_ID), inProcessProbe));
    worker = new TaskWorker({ db: database.db, runtime: services.tasks, logger });
    await worker.start();
    const user = await database.db
      .insertInto('users')
      .values({ email: 'ttft@example.com', display_name: 'TTFT', password_hash: 'x' })
      .returning(['id', 'email', 'display_name', 'created_at'])
      .executeTakeFirstOrThrow();
    const { caller } = callerFor(services, {
      auth: {
        status: 'authenticated',
        principal: {
          user: {
            id: user.id,
            email: user.email,
            displayName: user.display_name,
            role: 'user',
            createdAt: user.created_at,
          },
          via: 'bearer',
          sessionId: null,
          apiKeyId: null,
          scopes: [],
          accessTokenExpiresAt: null,
        },
      },
    });

    // Over HTTP: the real server (its own pool, worker and Postgres notifier).
    const parsed = parseEnv({
      DATABASE_URL: httpDb.url,
      DATABASE_POOL_SIZE: String(options.poolSize),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_TASKS_PER_MINUTE: String(TASK_START_LIMIT.points),
    });
    if (!parsed.ok) throw new Error(parsed.message);
    app = await createApp({ env: parsed.env, llm: new TimedLlm(openai(), httpProbe) });
    const appAgents = app.services.tasks.agents;
    appAgents.register(timedAgent(appAgents.require(GUIDE_AGENT_ID), httpProbe));
    const url = await app.listen(0, '127.0.0.1');
    const session = await createCapeClient({ url }).auth.register.mutate({
      email: 'ttft-http@example.com',
      password: 'correct horse battery staple',
      displayName: 'TTFT',
      transport: 'bearer',
    });
    if (!('accessToken' in session) || typeof session.accessToken !== 'string') {
      throw new Error('register did not return a bearer token');
    }
    const client: CapeClient = createCapeClient({ url, accessToken: session.accessToken });

    let tokensPerAnswer = 0;
    const sample: Record<FirstTokenVariant, () => Promise<Sample>> = {
      async direct() {
        const begin = performance.now();
        let first = 0;
        for await (const chunk of direct.stream(
          { messages, temperature: 0.2, maxTokens: 900, offline: () => '' },
          new AbortController().signal,
        )) {
          if (!first && chunk.type === 'delta' && chunk.text) first = performance.now();
        }
        return { firstToken: first - begin };
      },
      async 'guide-in-process'() {
        inProcessProbe.reset();
        const begin = performance.now();
        const stream = await caller.agent.guide.stream({
          taskId: randomUUID(),
          input: { question: QUESTION },
        });
        const { at, tokens } = await firstTokenOf(unwrap(stream));
        tokensPerAnswer = tokens;
        return phasesOf(inProcessProbe, begin, at);
      },
      async 'guide-http-sse'() {
        httpProbe.reset();
        const begin = performance.now();
        let first = 0;
        await new Promise<void>((resolve, reject) => {
          const subscription = client.agent.guide.stream.subscribe(
            { taskId: randomUUID(), input: { question: QUESTION } },
            {
              onData: ({ data }) => {
                if (data.type === 'token' && !first) first = performance.now();
                if (data.type !== 'terminal') return;
                subscription.unsubscribe();
                if (data.status === 'succeeded') resolve();
                else reject(new Error(`guide task ${data.status}`));
              },
              onError: reject,
            },
          );
        });
        return phasesOf(httpProbe, begin, first);
      },
      async 'llm-agent'() {
        inProcessProbe.reset();
        const begin = performance.now();
        const task = await caller.task.create({ agent: LLM_AGENT_ID, input: {} });
        const stream = await caller.task.stream({ id: task.id });
        const { at } = await firstTokenOf(unwrap(stream));
        return phasesOf(inProcessProbe, begin, at);
      },
    };

    // The baseline sends exactly the request the Guide sends (system prompt, passages, question).
    await sample['guide-in-process']();
    const guideRequest = (await fake.lastRequestBody()) as { messages?: ChatMessage[] } | null;
    if (!guideRequest?.messages) throw new Error('the Guide did not call the model');
    messages = guideRequest.messages;
    const request = { messages: messages.length, bytes: JSON.stringify(messages).length };
    log(
      `  the Guide's model request: ${request.messages} messages, ${request.bytes} bytes; answer: ${tokensPerAnswer} tokens`,
    );

    const variants = Object.keys(sample) as FirstTokenVariant[];
    log(`  warm-up: ${options.warmup} samples of each`);
    for (let index = 0; index < options.warmup; index += 1) {
      for (const variant of variants) await sample[variant]();
    }
    const collected = Object.fromEntries(
      variants.map((variant) => [variant, [] as Sample[][]]),
    ) as Record<FirstTokenVariant, Sample[][]>;
    const perRepeat = Math.ceil(options.samples / options.repeats);
    let round = 0;
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      for (const variant of variants) collected[variant].push([]);
      for (let done = 0; done < perRepeat; done += options.block) {
        const order = variants.map((_, index) => variants[(index + round) % variants.length]!);
        round += 1;
        for (const variant of order) {
          const count = Math.min(options.block, perRepeat - done);
          for (let index = 0; index < count; index += 1) {
            collected[variant].at(-1)!.push(await sample[variant]());
          }
        }
      }
      log(
        `  repeat ${repeat + 1}/${options.repeats}: ${variants
          .map((variant) => {
            const values = collected[variant].at(-1)!.map((one) => one.firstToken);
            return `${variant} p50 ${percentile(values, 50).toFixed(2)} ms`;
          })
          .join(', ')}`,
      );
    }

    const phaseNames: Phase[] = [
      'queue',
      'retrieveWork',
      'runtimeBeforeModel',
      'modelFirstDelta',
      'deltaToSubscriber',
      'platformOverhead',
    ];
    const result = {} as Record<FirstTokenVariant, FirstTokenVariantResult>;
    const p50Of = (samples: Sample[]) =>
      percentile(
        samples.map((one) => one.firstToken),
        50,
      );
    const baselineP50s = collected.direct.map(p50Of);
    for (const variant of variants) {
      const all = collected[variant].flat();
      result[variant] = {
        label: LABELS[variant],
        firstToken: summarizeLatency(all.map((one) => one.firstToken)),
        p50ByRepeat: summarizeRepeats(
          collected[variant].map((samples) =>
            percentile(
              samples.map((one) => one.firstToken),
              50,
            ),
          ),
        ),
        ...(variant === 'direct'
          ? {}
          : {
              addedP50ByRepeat: summarizeRepeats(
                collected[variant].map((samples, index) => p50Of(samples) - baselineP50s[index]!),
              ),
              phases: Object.fromEntries(
                phaseNames
                  .filter((name) => variant !== 'llm-agent' || name !== 'retrieveWork')
                  .map((name) => [name, summarizeLatency(all.map((one) => one[name] ?? 0))]),
              ),
            }),
      };
    }
    return { options, question: QUESTION, request, tokensPerAnswer, variants: result };
  } finally {
    await app?.close();
    await worker?.stop(5_000);
    await services?.tasks.notifier.close();
    await services?.tasks.bus.close();
    await database?.close();
    await fake.close();
    await scratch.drop(inProcessDb.name);
    await scratch.drop(httpDb.name);
  }
}
