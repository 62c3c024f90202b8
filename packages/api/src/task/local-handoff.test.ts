import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTestHarness,
  type TestHarness,
  insertTaskActor,
  taskTranscript,
} from '../testing/harness';
import { noopAgent, openGate, reached, stepsAgent } from '../testing/test-agents';
import type { TaskRuntime } from './deps';
import { LocalWorkers } from './local-workers';
import { readEvents } from './task-events';
import { createTask, type TaskActor } from './tasks';
import { TaskWorker } from './worker';

let harness: TestHarness;
let actor: TaskActor;
let worker: TaskWorker | null = null;

beforeAll(async () => {
  harness = await createTestHarness(
    {},
    // No poll during a test: the worker looks at the queue only when woken.
    { agents: [stepsAgent, noopAgent], taskConfig: { pollIntervalMs: 60_000 } },
  );
  actor = await insertTaskActor(harness, 'handoff@example.com');
});
afterEach(async () => {
  await worker?.stop(1_000);
  worker = null;
});
afterAll(async () => {
  await harness.close();
});

/** A worker of `concurrency` slots on the harness's runtime, once it has seen the queue empty. */
async function idleWorker(concurrency: number): Promise<TaskWorker> {
  const runtime: TaskRuntime = {
    ...harness.services.tasks,
    config: { ...harness.services.tasks.config, concurrency },
  };
  worker = new TaskWorker({ db: harness.database.db, runtime, logger: harness.services.logger });
  await worker.start();
  const started = worker;
  await vi.waitFor(() => {
    const slot = started.reserveSlot();
    expect(slot).not.toBeNull();
    slot?.release();
  });
  return started;
}

const create = (agent: string, input: Record<string, unknown>, runtime = harness.services.tasks) =>
  createTask(harness.database.db, runtime, actor, { agent, input });

/** A one-step task that waits at gate `gate` (see test-agents) until the test opens it. */
const gatedTask = (gate: string) =>
  create('test-steps', { steps: 1, tokens: 2, gate, gateAtStep: 1, label: gate });

const transcript = (taskId: string) => taskTranscript(harness, taskId);

async function stored(taskId: string) {
  return harness.database.db
    .selectFrom('tasks')
    .select(['status', 'lease_owner', 'fencing_token', 'attempt', 'started_at'])
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow();
}

async function auditActions(taskId: string): Promise<string[]> {
  const rows = await harness.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('target_id', '=', taskId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.action);
}

describe('handing a new task to an idle worker of the same process', () => {
  it('inserts the task claimed by the idle worker, with what a claim writes, and runs it', async () => {
    const idle = await idleWorker(2);
    const task = await gatedTask('handoff-run');

    // Claimed by the insert itself: running under the worker's lease, fencing token 1.
    expect(task).toMatchObject({ status: 'running', attempt: 1, lastEventId: 2 });
    expect(task.startedAt).not.toBeNull();
    await reached('handoff-run');
    expect(idle.active).toBe(1);
    expect(await stored(task.id)).toMatchObject({
      status: 'running',
      lease_owner: idle.id,
      fencing_token: 1,
      attempt: 1,
    });
    const log = await readEvents(harness.database.db, task.id, 0, 10);
    expect(log.slice(0, 2)).toMatchObject([
      { id: 1, type: 'status', status: 'queued', attempt: 0 },
      { id: 2, type: 'status', status: 'running', attempt: 1 },
    ]);
    expect(await auditActions(task.id)).toEqual(['task.create', 'task.start']);

    openGate('handoff-run');
    const events = await transcript(task.id);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.filter((event) => event.type === 'terminal')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'succeeded' });
    expect(await auditActions(task.id)).toEqual(['task.create', 'task.start', 'task.succeeded']);
  });

  it('queues the task when no slot is free, and the worker claims it when one frees up', async () => {
    await idleWorker(1);
    const first = await gatedTask('handoff-full');
    expect(first.status).toBe('running');
    await reached('handoff-full');

    const second = await create('test-noop', {});
    expect(second).toMatchObject({ status: 'queued', attempt: 0, lastEventId: 1 });
    expect(await stored(second.id)).toMatchObject({ status: 'queued', lease_owner: null });

    openGate('handoff-full');
    expect((await transcript(second.id)).at(-1)).toMatchObject({
      type: 'terminal',
      status: 'succeeded',
    });
    expect(await auditActions(second.id)).toEqual(['task.create', 'task.start', 'task.succeeded']);
  });

  it('does not let a new task overtake one queued before it', async () => {
    await idleWorker(2);
    const holder = await gatedTask('handoff-order');
    expect(holder.status).toBe('running');
    await reached('handoff-order');

    // As from an API process: queued, and the notify wakes the worker to claim it.
    const api: TaskRuntime = { ...harness.services.tasks, local: new LocalWorkers() };
    const earlier = await create('test-noop', {}, api);
    expect(earlier.status).toBe('queued');
    // Created before the worker has claimed `earlier`: it must queue behind it.
    const later = await create('test-noop', {});
    expect(later.status).toBe('queued');

    openGate('handoff-order');
    await transcript(later.id);
    await transcript(earlier.id);
    const [earlierRow, laterRow] = [await stored(earlier.id), await stored(later.id)];
    expect(earlierRow.started_at!.getTime()).toBeLessThanOrEqual(laterRow.started_at!.getTime());
  });

  it('gives the slot back when the insert fails, so the next task is handed over', async () => {
    await idleWorker(1);
    await expect(
      createTask(harness.database.db, harness.services.tasks, actor, {
        agent: 'test-noop',
        input: {},
        // Beyond the column's integer range: the insert fails after the slot was lent.
        timeoutMs: 2 ** 40,
      }),
    ).rejects.toThrow();
    // Returned running: the insert claimed it (a queued task is returned queued).
    const next = await create('test-noop', {});
    expect(next).toMatchObject({ status: 'running', attempt: 1 });
    expect((await transcript(next.id)).at(-1)).toMatchObject({ status: 'succeeded' });
  });
});

describe('TaskWorker.reserveSlot', () => {
  it('lends at most its free slots, takes a slot back, and drains a lent slot before stopping', async () => {
    const idle = await idleWorker(1);
    const slot = idle.reserveSlot();
    expect(slot).not.toBeNull();
    expect(idle.reserveSlot()).toBeNull();
    slot!.release();
    slot!.release(); // twice: the second is ignored
    const again = idle.reserveSlot();
    expect(again).not.toBeNull();
    expect(idle.reserveSlot()).toBeNull();

    let stopped = false;
    const stopping = idle.stop(5_000).then(() => (stopped = true));
    // Stopping: lends nothing more, and waits for the slot it lent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    again!.release();
    await stopping;
    expect(stopped).toBe(true);
    expect(idle.reserveSlot()).toBeNull();
  });
});
