import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestHarness,
  type TestHarness,
  insertTaskActor,
  startTestWorker,
  taskTranscript,
} from '../testing/harness';
import { noopAgent, openGate, reached, stepExecutions, stepsAgent } from '../testing/test-agents';
import { claimNextTask } from './claim';
import { reclaimExpiredLeases } from './reaper';
import { insertFencedEvents, readEvents } from './task-events';
import { cancelTask, createTask, getTask, type TaskActor } from './tasks';
import { TaskWorker } from './worker';

let harness: TestHarness;
let worker: TaskWorker;
let actor: TaskActor;

beforeAll(async () => {
  harness = await createTestHarness(
    {},
    {
      agents: [stepsAgent, noopAgent],
      taskConfig: { leaseMs: 1_000, reclaimIntervalMs: 100, pollIntervalMs: 50 },
    },
  );
  actor = await insertTaskActor(harness, 'runner@example.com');
  worker = await startTestWorker(harness);
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.close();
});

const transcript = (taskId: string, afterId = 0) => taskTranscript(harness, taskId, { afterId });

const run = (
  input: Record<string, unknown>,
  extra: { timeoutMs?: number; idempotencyKey?: string; id?: string } = {},
) =>
  createTask(harness.database.db, harness.services.tasks, actor, {
    agent: 'test-steps',
    input,
    ...extra,
  });

describe('task execution', () => {
  it('runs a task to success with its steps, events, usage and audit trail', async () => {
    const task = await run({ steps: 2, tokens: 3, label: 'happy' });
    // Queued, or already claimed by the idle worker as it was inserted (local-handoff.test.ts).
    expect(['queued', 'running']).toContain(task.status);
    const events = await transcript(task.id);
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('status');
    expect(types.at(-1)).toBe('terminal');
    expect(types.filter((type) => type === 'terminal')).toHaveLength(1);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(
      events
        .filter((event) => event.type === 'token')
        .map((event) => (event as { text: string }).text)
        .join(''),
    ).toBe('s1t1 s1t2 s1t3 s2t1 s2t2 s2t3 ');
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'succeeded',
      output: { text: 's1t1 s1t2 s1t3 s2t1 s2t2 s2t3 ', steps: 2 },
    });

    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored).toMatchObject({
      status: 'succeeded',
      attempt: 1,
      usage: { promptTokens: 20, completionTokens: 6 },
      lastEventId: events.length,
    });
    expect(stored.steps.map((step) => [step.seq, step.name, step.status, step.output])).toEqual([
      [1, 'step-1', 'succeeded', 's1t1 s1t2 s1t3 '],
      [2, 'step-2', 'succeeded', 's2t1 s2t2 s2t3 '],
    ]);
    const audit = await harness.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', task.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['task.create', 'task.start', 'task.succeeded']);
  });

  it('fails with the reason when the agent throws, keeping what it produced', async () => {
    const task = await run({ steps: 2, tokens: 2, failAtStep: 2, label: 'fail' });
    const events = await transcript(task.id);
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'failed',
      error: { code: 'agent_error', message: 'step 2 failed on purpose' },
    });
    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored.steps.at(-1)).toMatchObject({
      status: 'failed',
      error: 'step 2 failed on purpose',
      output: { partialText: 's2t1 s2t2 ' },
    });
  });

  it('ends timed_out when the task outlives its limit', async () => {
    const task = await run(
      { steps: 1, tokens: 3, gate: 'never-opened', gateAtStep: 1, label: 'slow' },
      { timeoutMs: 1_000 },
    );
    const events = await transcript(task.id);
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'timed_out',
      error: { code: 'timeout' },
      output: { partial: true, text: 's1t1 ' },
    });
  });
});

describe('idempotent creation', () => {
  it('returns the same task for the same idempotency key and refuses a different request under it', async () => {
    const first = await run({ steps: 0 }, { idempotencyKey: 'order-42' });
    const second = await run({ steps: 0 }, { idempotencyKey: 'order-42' });
    expect(second.id).toBe(first.id);
    await expect(run({ steps: 1 }, { idempotencyKey: 'order-42' })).rejects.toThrow(
      /different request/,
    );
  });

  it('accepts a client-chosen id, so the client can cancel before create returns', async () => {
    const id = crypto.randomUUID();
    const task = await run({ steps: 0 }, { id });
    expect(task.id).toBe(id);
    expect((await run({ steps: 0 }, { id })).id).toBe(id);
  });

  it('validates the agent input with field paths', async () => {
    await expect(run({ steps: 'many' })).rejects.toThrow(/input:/);
  });
});

describe('cancellation', () => {
  it('cancels a queued task at once with a single terminal event', async () => {
    await worker.stop(1_000);
    try {
      const task = await run({ steps: 1, tokens: 1, label: 'queued-cancel' });
      const cancelled = await cancelTask(
        harness.database.db,
        harness.services.tasks,
        actor,
        task.id,
      );
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        cancelRequested: true,
        error: { code: 'cancelled' },
      });
      const events = await transcript(task.id);
      expect(events.map((event) => event.type)).toEqual(['status', 'status', 'terminal']);
      expect(events.at(-1)).toMatchObject({ status: 'cancelled' });
      // Cancelling again changes nothing.
      await cancelTask(harness.database.db, harness.services.tasks, actor, task.id);
      expect(await readEvents(harness.database.db, task.id, 0)).toHaveLength(3);
    } finally {
      worker = new TaskWorker({
        db: harness.database.db,
        runtime: harness.services.tasks,
        logger: harness.services.logger,
      });
      await worker.start();
    }
  });

  it('honours a cancel that arrives before the create (client-chosen id)', async () => {
    const id = crypto.randomUUID();
    await expect(
      cancelTask(harness.database.db, harness.services.tasks, actor, id),
    ).rejects.toThrow(/will start cancelled/);
    const task = await run({ steps: 2, tokens: 3, label: 'early-stop' }, { id });
    expect(task).toMatchObject({ id, status: 'cancelled', cancelRequested: true });
    const events = await transcript(id);
    expect(events.some((event) => event.type === 'token')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'cancelled' });
    // The intent is used up: the same id cannot be cancelled into a second task.
    expect(
      await harness.database.db
        .selectFrom('task_cancel_intents')
        .selectAll()
        .where('task_id', '=', id)
        .execute(),
    ).toEqual([]);
  });

  it('ignores a stored cancel older than ten minutes: the create runs the task', async () => {
    const id = crypto.randomUUID();
    await harness.database.db
      .insertInto('task_cancel_intents')
      .values({
        task_id: id,
        user_id: actor.userId,
        created_at: sql`now() - interval '11 minutes'`,
      })
      .execute();
    const task = await run({ steps: 1, tokens: 1, label: 'stale-stop' }, { id });
    expect(task.cancelRequested).toBe(false);
    expect((await transcript(id)).at(-1)).toMatchObject({ type: 'terminal', status: 'succeeded' });
  });

  it('stops a running task mid-step, keeps the partial output, and ends cancelled', async () => {
    const task = await run({
      steps: 2,
      tokens: 3,
      gate: 'cancel-me',
      gateAtStep: 2,
      label: 'cancel',
    });
    await reached('cancel-me');
    await cancelTask(harness.database.db, harness.services.tasks, actor, task.id);
    const events = await transcript(task.id);
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'cancelled',
      output: { partial: true, text: 's1t1 s1t2 s1t3 s2t1 ' },
    });
    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored.status).toBe('cancelled');
    expect(stored.steps.at(-1)).toMatchObject({
      name: 'step-2',
      status: 'cancelled',
      output: { partialText: 's2t1 ' },
    });
    openGate('cancel-me');
  });
});

describe('leases and crashed workers', () => {
  it('refuses late writes from a worker whose lease was taken over (fencing)', async () => {
    const isolated = await createTestHarness(
      {},
      { agents: [stepsAgent], taskConfig: { leaseMs: 100 } },
    );
    try {
      const task = await createTask(
        isolated.database.db,
        isolated.services.tasks,
        await insertTaskActor(isolated, 'f@example.com'),
        { agent: 'test-steps', input: { steps: 1 } },
      );
      const stale = await claimNextTask(isolated.database.db, 'worker-a', 100);
      expect(stale?.id).toBe(task.id);
      await sql`update tasks set lease_expires_at = now() - interval '1 second' where id = ${task.id}`.execute(
        isolated.database.db,
      );
      expect(await reclaimExpiredLeases(isolated.database.db, isolated.services.tasks)).toBe(1);
      const fresh = await claimNextTask(isolated.database.db, 'worker-b', 10_000);
      expect(fresh?.fencingToken).toBeGreaterThan(stale?.fencingToken ?? 0);
      // Worker A wakes up and tries to write: refused, nothing stored.
      const before = await readEvents(isolated.database.db, task.id, 0);
      const lateWrite = await insertFencedEvents(
        isolated.database.db,
        task.id,
        stale?.fencingToken ?? 0,
        [{ id: before.length + 1, payload: { type: 'token', text: 'stale' }, at: new Date() }],
      );
      expect(lateWrite).toBe(false);
      expect(await readEvents(isolated.database.db, task.id, 0)).toEqual(before);
    } finally {
      await isolated.close();
    }
  });

  it('re-claims an expired lease and continues from the last completed step', async () => {
    await worker.stop(1_000);
    const task = await run({ steps: 3, tokens: 1, label: 'resume' });
    // Simulate worker A: it finished step 1, then died mid step 2 (rows as a crash leaves them).
    const claimed = await claimNextTask(harness.database.db, 'doomed-worker', 1_000);
    if (claimed?.id !== task.id) throw new Error('expected to claim the new task');
    await sql`
      insert into runs (task_id, seq, attempt, kind, name, status, output, finished_at)
      values (${task.id}, 1, 1, 'llm', 'step-1', 'succeeded', '"s1t1 "'::jsonb, now()),
             (${task.id}, 2, 1, 'llm', 'step-2', 'running', null, null)
    `.execute(harness.database.db);
    await sql`update tasks set lease_expires_at = now() - interval '1 second' where id = ${task.id}`.execute(
      harness.database.db,
    );
    stepExecutions.clear();
    worker = new TaskWorker({
      db: harness.database.db,
      runtime: harness.services.tasks,
      logger: harness.services.logger,
    });
    await worker.start();
    const events = await transcript(task.id);
    expect(events.at(-1)).toMatchObject({
      type: 'terminal',
      status: 'succeeded',
      output: { text: 's1t1 s2t1 s3t1 ' },
    });
    expect(
      events.some(
        (event) =>
          event.type === 'status' && event.status === 'queued' && event.reason === 'lease_expired',
      ),
    ).toBe(true);
    // Step 1 was replayed from its checkpoint, not run again.
    expect(stepExecutions.get('resume:1')).toBeUndefined();
    expect(stepExecutions.get('resume:2')).toBe(1);
    const stored = await getTask(harness.database.db, actor.userId, task.id);
    expect(stored.attempt).toBe(2);
    expect(stored.steps.map((step) => `${step.name}:${step.attempt}:${step.status}`)).toEqual([
      'step-1:1:succeeded',
      'step-2:1:failed',
      'step-2:2:succeeded',
      'step-3:2:succeeded',
    ]);
  });

  it('fails a task whose workers keep dying, once it is out of attempts', async () => {
    await worker.stop(1_000);
    const task = await run({ steps: 1, label: 'doomed' });
    try {
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const claimed = await claimNextTask(harness.database.db, `dying-${attempt}`, 1_000);
        expect(claimed?.attempt).toBe(attempt);
        await sql`update tasks set lease_expires_at = now() - interval '1 second' where id = ${task.id}`.execute(
          harness.database.db,
        );
        await reclaimExpiredLeases(harness.database.db, harness.services.tasks);
      }
      const events = await transcript(task.id);
      expect(events.at(-1)).toMatchObject({
        type: 'terminal',
        status: 'failed',
        error: { code: 'worker_lost' },
      });
    } finally {
      worker = new TaskWorker({
        db: harness.database.db,
        runtime: harness.services.tasks,
        logger: harness.services.logger,
      });
      await worker.start();
    }
  });
});

describe('streams', () => {
  it('resume from any event id yields exactly the rest of the stored log', async () => {
    const task = await run({ steps: 3, tokens: 4, label: 'resume-stream' });
    const full = await transcript(task.id);
    expect(full).toEqual(await readEvents(harness.database.db, task.id, 0));
    for (let cut = 0; cut <= full.length; cut += 1) {
      expect(await transcript(task.id, cut)).toEqual(full.slice(cut));
    }
  });

  it('runs many no-op tasks concurrently, each ending exactly once', async () => {
    const tasks = await Promise.all(
      Array.from({ length: 30 }, () =>
        createTask(harness.database.db, harness.services.tasks, actor, {
          agent: 'test-noop',
          input: {},
        }),
      ),
    );
    const endings = await Promise.all(
      tasks.map(async (task) =>
        (await transcript(task.id)).filter((event) => event.type === 'terminal'),
      ),
    );
    expect(
      endings.every(
        (terminals) =>
          terminals.length === 1 && (terminals[0] as { status: string }).status === 'succeeded',
      ),
    ).toBe(true);
  });
});
