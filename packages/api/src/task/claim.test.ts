import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestHarness,
  type TestHarness,
  insertTaskActor,
  taskTranscript,
} from '../testing/harness';
import { noopAgent, openGate, reached, stepsAgent } from '../testing/test-agents';
import { claimNextTasks } from './claim';
import { createTask, getTask, type TaskActor } from './tasks';
import { TaskWorker } from './worker';

/**
 * The one-statement paths of the runtime: a claim that also starts the attempt, a step that
 * checks cancel and lease as it is recorded, and a create that writes nothing half-way.
 */
let harness: TestHarness;
let actor: TaskActor;

beforeAll(async () => {
  harness = await createTestHarness({}, { agents: [stepsAgent, noopAgent] });
  actor = await insertTaskActor(harness, 'claims@example.com');
});
afterAll(async () => {
  await harness.close();
});

const create = (agent: string, input: Record<string, unknown>, extra = {}) =>
  createTask(harness.database.db, harness.services.tasks, actor, { agent, input, ...extra });

const transcript = (taskId: string) => taskTranscript(harness, taskId);

const auditActions = async (taskId: string) =>
  (
    await harness.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', taskId)
      .orderBy('seq')
      .execute()
  ).map((row) => row.action);

describe('claiming', () => {
  it('claims up to the limit, oldest first, each with its running event and task.start audit row', async () => {
    const tasks = [];
    for (let index = 0; index < 3; index += 1) tasks.push(await create('test-noop', {}));
    const claimed = await claimNextTasks(harness.database.db, 'batch-worker', 30_000, 2);
    expect(claimed.map((task) => task.id)).toEqual([tasks[0]?.id, tasks[1]?.id]);
    for (const task of claimed) {
      expect(task).toMatchObject({
        attempt: 1,
        resumed: false,
        startEvent: { id: 2, attempt: 1 },
      });
      const stored = await harness.database.db
        .selectFrom('task_events')
        .select(['id', 'type', 'data'])
        .where('task_id', '=', task.id)
        .orderBy('id')
        .execute();
      expect(stored).toEqual([
        { id: 1, type: 'status', data: { status: 'queued', attempt: 0 } },
        { id: 2, type: 'status', data: { status: 'running', attempt: 1 } },
      ]);
      expect(await auditActions(task.id)).toEqual(['task.create', 'task.start']);
    }
    // A concurrent claimer gets the rest, never a task already taken.
    const rest = await claimNextTasks(harness.database.db, 'other-worker', 30_000, 5);
    expect(rest.map((task) => task.id)).toEqual([tasks[2]?.id]);
    await sql`update tasks set status = 'cancelled' where id in (${sql.join(tasks.map((task) => task.id))})`.execute(
      harness.database.db,
    );
  });
});

describe('steps', () => {
  it('does not record a step once a cancel is stored, and leaves no gap in the event ids', async () => {
    const worker = new TaskWorker({
      db: harness.database.db,
      runtime: harness.services.tasks,
      logger: harness.services.logger,
    });
    await worker.start();
    try {
      const task = await create('test-steps', {
        steps: 2,
        tokens: 2,
        gate: 'stored-cancel',
        gateAtStep: 1,
        label: 'stored-cancel',
      });
      await reached('stored-cancel');
      // Stored without the bus message a cancel also sends: only the check at the next step sees it.
      await sql`update tasks set cancel_requested_at = now() where id = ${task.id}`.execute(
        harness.database.db,
      );
      openGate('stored-cancel');
      const events = await transcript(task.id);
      expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
      expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'cancelled' });
      const stored = await getTask(harness.database.db, actor.userId, task.id);
      expect(stored.steps.map((step) => `${step.name}:${step.status}`)).toEqual([
        'step-1:succeeded',
      ]);
    } finally {
      await worker.stop(1_000);
    }
  });
});

describe('creating', () => {
  it('writes nothing for a duplicate idempotency key with a different request', async () => {
    const first = await create('test-noop', {}, { idempotencyKey: 'one-statement' });
    await expect(
      create('test-steps', { steps: 1 }, { idempotencyKey: 'one-statement' }),
    ).rejects.toThrow(/different request/);
    const rows = await harness.database.db
      .selectFrom('tasks')
      .select('id')
      .where('idempotency_key', '=', 'one-statement')
      .execute();
    expect(rows.map((row) => row.id)).toEqual([first.id]);
    expect(await auditActions(first.id)).toEqual(['task.create']);
    expect(first).toMatchObject({ status: 'queued', lastEventId: 1, attempt: 0 });
  });
});
