import { z } from 'zod';
import type { AgentDefinition } from '../agent/runtime';

/**
 * Gates let a test hold an agent at a precise point (no sleeps): the agent awaits
 * `gate(name)`, the test calls `openGate(name)`. `reached(name)` resolves when an agent
 * arrives at the gate.
 */
const gates = new Map<
  string,
  { opened: Promise<void>; open: () => void; arrived: Promise<void>; arrive: () => void }
>();

function gateOf(name: string) {
  let entry = gates.get(name);
  if (!entry) {
    let open!: () => void;
    let arrive!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    entry = { opened, open, arrived, arrive };
    gates.set(name, entry);
  }
  return entry;
}

export function openGate(name: string): void {
  gateOf(name).open();
}

export function reached(name: string): Promise<void> {
  return gateOf(name).arrived;
}

async function waitAtGate(name: string, signal: AbortSignal): Promise<void> {
  const gate = gateOf(name);
  gate.arrive();
  await new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    void gate.opened.then(resolve);
  });
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    // The listener goes when the pause ends either way: a long task pauses many times.
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How many times each named step body actually ran (checkpoint replay skips it). */
export const stepExecutions = new Map<string, number>();

const stepsInput = z.strictObject({
  steps: z.number().int().min(0).max(50).default(2),
  tokens: z.number().int().min(0).max(500).default(3),
  /** Wait at gate `<gate>:<step>` before that step's tokens. */
  gate: z.string().optional(),
  gateAtStep: z.number().int().min(1).optional(),
  failAtStep: z.number().int().min(1).optional(),
  /** Pause between tokens (stream tests that disconnect while the task is live). */
  delayMs: z.number().int().min(0).max(1_000).default(0),
  label: z.string().default('run'),
});

/** A deterministic agent: N steps, each streaming M tokens; can wait at a gate or fail. */
export const stepsAgent: AgentDefinition<typeof stepsInput, { text: string; steps: number }> = {
  id: 'test-steps',
  displayName: 'Test steps',
  description: 'Streams tokens over several steps (tests only).',
  inputSchema: stepsInput,
  outputSchema: z.object({ text: z.string(), steps: z.number() }),
  async run(ctx, input) {
    let text = '';
    for (let step = 1; step <= input.steps; step += 1) {
      const part = await ctx.step(
        { kind: 'llm', name: `step-${step}`, input: { step } },
        async (scope) => {
          const key = `${input.label}:${step}`;
          stepExecutions.set(key, (stepExecutions.get(key) ?? 0) + 1);
          let produced = '';
          for (let token = 1; token <= input.tokens; token += 1) {
            if (input.gate && input.gateAtStep === step && token === 2)
              await waitAtGate(input.gate, scope.signal);
            if (input.delayMs > 0) await pause(input.delayMs, scope.signal);
            const piece = `s${step}t${token} `;
            produced += piece;
            await ctx.emit({ type: 'token', text: piece });
          }
          if (input.failAtStep === step) throw new Error(`step ${step} failed on purpose`);
          await scope.recordUsage({
            promptTokens: 10,
            completionTokens: input.tokens,
            model: 'test',
          });
          return produced;
        },
      );
      text += part;
    }
    return { text, steps: input.steps };
  },
  async health() {
    return {};
  },
};

/** Does nothing in one step: for queue throughput tests and benchmarks. */
export const noopAgent: AgentDefinition<z.ZodObject<Record<string, never>>, { ok: true }> = {
  id: 'test-noop',
  displayName: 'No-op',
  description: 'Completes immediately (tests and benchmarks).',
  inputSchema: z.strictObject({}),
  outputSchema: z.object({ ok: z.literal(true) }),
  async run(ctx) {
    await ctx.step({ kind: 'compose', name: 'noop' }, async () => null);
    return { ok: true as const };
  },
  async health() {
    return {};
  },
};
