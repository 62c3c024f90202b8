import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestHarness,
  startTestWorker,
  type TestHarness,
  insertTaskActor,
  taskTranscript,
} from '../testing/harness';
import { stepsAgent } from '../testing/test-agents';
import { createTask, getTask, type TaskActor } from './tasks';
import type { TaskWorker } from './worker';

/** Per-task budgets: past its steps or its tokens a task ends failed, with a reason of its own. */
let harness: TestHarness;
let worker: TaskWorker;
let actor: TaskActor;

beforeAll(async () => {
  harness = await createTestHarness(
    {},
    { agents: [stepsAgent], taskConfig: { maxStepsPerTask: 2, maxTokensPerTask: 30 } },
  );
  actor = await insertTaskActor(harness, 'budget@example.com');
  worker = await startTestWorker(harness);
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.close();
});

/** Runs the steps agent (each step records 10 prompt tokens + `tokens`) to its terminal event. */
async function run(input: { steps: number; tokens: number }) {
  const task = await createTask(harness.database.db, harness.services.tasks, actor, {
    agent: stepsAgent.id,
    input,
  });
  const terminal = (await taskTranscript(harness, task.id)).find(
    (event) => event.type === 'terminal',
  );
  return { terminal, stored: await getTask(harness.database.db, actor.userId, task.id) };
}

describe('per-task budgets', () => {
  it('lets a task within its budgets succeed', async () => {
    const { terminal } = await run({ steps: 2, tokens: 1 });
    expect(terminal).toMatchObject({ status: 'succeeded' });
  });

  it('ends a task that needs more steps than its budget, before the extra step runs', async () => {
    const { terminal, stored } = await run({ steps: 3, tokens: 1 });
    expect(terminal).toMatchObject({
      status: 'failed',
      error: { code: 'step_budget_exceeded' },
    });
    expect(stored.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('ends a task that uses more tokens than its budget, keeping its partial output', async () => {
    const { terminal, stored } = await run({ steps: 2, tokens: 15 });
    expect(terminal).toMatchObject({
      status: 'failed',
      error: { code: 'token_budget_exceeded' },
    });
    expect(terminal).toMatchObject({ output: { partial: true, text: expect.any(String) } });
    expect(stored.usage.promptTokens + stored.usage.completionTokens).toBe(50);
    expect(stored.steps.at(-1)?.status).toBe('failed');
  });
});
