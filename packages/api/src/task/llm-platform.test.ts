import { GUIDE_AGENT_ID, type TaskEvent } from '@capecontrol/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiClient } from '../agent/llm/openai-client';
import { startFakeOpenAi, type FakeOpenAi } from '../agent/llm/testing/fake-openai-server';
import {
  createTestHarness,
  type TestHarness,
  insertTaskActor,
  startTestWorker,
  taskTranscript,
} from '../testing/harness';
import { cancelTask, createTask, getTask, type TaskActor } from './tasks';
import type { TaskWorker } from './worker';

/**
 * The platform against a fake OpenAI-compatible server, through the real `openai` client: an
 * agent call is a task whose tokens, usage, retries, failures, timeouts and cancellation are
 * visible in its stream, steps and final state.
 */
let fake: FakeOpenAi;
let harness: TestHarness;
let worker: TaskWorker;
let actor: TaskActor;
const sleeps: number[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAi();
  const llm = createOpenAiClient({
    apiKey: 'sk-test-not-a-real-key',
    baseURL: fake.baseURL,
    model: 'gpt-4o-mini',
    requestTimeoutMs: 5_000,
    streamIdleTimeoutMs: 400,
    maxRetries: 2,
    // Record the waits instead of sleeping them.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  harness = await createTestHarness({}, { llm, taskConfig: { pollIntervalMs: 50 } });
  actor = await insertTaskActor(harness, 'llm@example.com');
  worker = await startTestWorker(harness);
});
afterEach(() => {
  sleeps.length = 0;
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.close();
  await fake.close();
});

const ask = (question: string, timeoutMs?: number) =>
  createTask(harness.database.db, harness.services.tasks, actor, {
    agent: GUIDE_AGENT_ID,
    input: { question },
    ...(timeoutMs ? { timeoutMs } : {}),
  });

const transcript = (taskId: string, onEvent?: (event: TaskEvent) => void) =>
  taskTranscript(harness, taskId, { onEvent });

const tokensOf = (events: TaskEvent[]) =>
  events.flatMap((event) => (event.type === 'token' ? [event.text] : []));
const QUESTION = 'How do I publish an agent to the marketplace?';

describe('the Guide over an OpenAI-compatible server', () => {
  it('relays each token as its own event, grounded in the retrieved passages', async () => {
    const tokens = ['To', ' publish', ',', ' run', ' `cape publish`', ' [1]', '.'];
    fake.enqueue({ kind: 'stream', tokens, usage: { prompt: 321, completion: 7 } });
    const events = await transcript((await ask(QUESTION)).id);
    expect(tokensOf(events)).toEqual(tokens);
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'succeeded',
      output: { answer: tokens.join(''), grounded: true },
    });
    // The prompt sent upstream carries the numbered passages the citations point at.
    const citations = events.filter((event) => event.type === 'citation');
    expect(citations.length).toBeGreaterThan(0);
    const prompt = JSON.stringify(fake.requests.at(-1)?.body.messages);
    expect(prompt).toContain('[1]');
  });

  it('records the provider usage on the step, the task and the stream', async () => {
    fake.enqueue({
      kind: 'stream',
      tokens: ['Use', ' cape', ' publish.'],
      usage: { prompt: 500, completion: 3 },
    });
    const task = await ask(QUESTION);
    const events = await transcript(task.id);
    expect(events.find((event) => event.type === 'usage')).toMatchObject({
      promptTokens: 500,
      completionTokens: 3,
      model: expect.any(String),
    });
    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored.usage).toEqual({ promptTokens: 500, completionTokens: 3 });
    expect(stored.steps.find((step) => step.kind === 'llm')).toMatchObject({
      promptTokens: 500,
      completionTokens: 3,
      status: 'succeeded',
    });
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    const before = fake.requests.length;
    fake.enqueue(
      { kind: 'status', status: 429, retryAfter: '2' },
      { kind: 'stream', tokens: ['Fine', ' now.'] },
    );
    const events = await transcript((await ask(QUESTION)).id);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded' });
    expect(fake.requests.length - before).toBe(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2_000);
  });

  it('ends failed, with the reason, when the server keeps answering 500', async () => {
    fake.enqueue(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 500 })));
    const task = await ask(QUESTION);
    const events = await transcript(task.id);
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'failed',
      error: { code: 'llm_unavailable', message: expect.stringMatching(/3 attempts/) },
    });
    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored.steps.find((step) => step.kind === 'llm')).toMatchObject({ status: 'failed' });
  });

  it('gives up on a stalled stream after the idle timeout, aborting the upstream request', async () => {
    fake.enqueue(...Array.from({ length: 3 }, () => ({ kind: 'stall' as const, afterTokens: [] })));
    const events = await transcript((await ask(QUESTION)).id);
    expect(events.at(-1)).toMatchObject({ status: 'failed', error: { code: 'llm_timeout' } });
    const last = fake.requests.at(-1);
    await last?.closed;
    expect(last?.aborted).toBe(true);
  });

  it('ends timed_out when a slow answer outlives the task time limit, keeping the partial answer', async () => {
    // Tokens keep trickling (so the idle timeout never fires) for longer than the task may run.
    const tokens = Array.from({ length: 40 }, (_, index) => ` w${index}`);
    fake.enqueue({ kind: 'stream', tokens, delayMs: 100 });
    const events = await transcript((await ask(QUESTION, 1_000)).id);
    const terminal = events.at(-1);
    expect(terminal).toMatchObject({
      type: 'terminal',
      status: 'timed_out',
      error: { code: 'timeout' },
    });
    const partial = (terminal as { output: { text: string } }).output.text;
    expect(partial.length).toBeGreaterThan(0);
    expect(tokens.join('').startsWith(partial)).toBe(true);
    const request = fake.requests.at(-1);
    await request?.closed;
    expect(request?.aborted).toBe(true);
  });

  it('cancels mid-stream: the upstream request is aborted and the partial answer kept', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.enqueue({
      kind: 'stream',
      tokens: ['First', ' part', ' second', ' part'],
      beforeToken: (index) => (index === 2 ? held : undefined),
    });
    const task = await ask(QUESTION);
    let cancelled = false;
    const events = await transcript(task.id, (event) => {
      if (event.type === 'token' && event.text === ' part' && !cancelled) {
        cancelled = true;
        void cancelTask(harness.database.db, harness.services.tasks, actor, task.id);
      }
    });
    release();
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'cancelled',
      output: { partial: true, text: 'First part' },
    });
    expect(events.filter((event) => event.type === 'terminal')).toHaveLength(1);
    const request = fake.requests.at(-1);
    await request?.closed;
    expect(request?.aborted).toBe(true);
    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored.steps.find((step) => step.kind === 'llm')).toMatchObject({
      status: 'cancelled',
      output: { partialText: 'First part' },
    });
  });
});
