import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness, insertTaskActor } from '../testing/harness';
import { noopAgent } from '../testing/test-agents';
import { StatementBatcher, type StatementPart } from './statement-batcher';
import { createTask, type TaskActor } from './tasks';

let harness: TestHarness;
let actor: TaskActor;

beforeAll(async () => {
  harness = await createTestHarness({}, { agents: [noopAgent] });
  actor = await insertTaskActor(harness, 'batches@example.com');
});
afterAll(async () => {
  await harness.close();
});

/** A part that sets a task's output while `token` is its fencing token. */
const fencedUpdate =
  (taskId: string, token: number, output: string): StatementPart =>
  (suffix) => ({
    ctes: [
      sql`${sql.table(`done${suffix}`)} as (
        update tasks set output = ${JSON.stringify(output)}::jsonb
        where id = ${taskId} and fencing_token = ${token}
        returning id
      )`,
    ],
    counted: `done${suffix}`,
  });

const outputOf = async (taskId: string) =>
  (
    await harness.database.db
      .selectFrom('tasks')
      .select('output')
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow()
  ).output;

describe('finishing together', () => {
  it('sends parts submitted together as one statement, each guarded on its own', async () => {
    const create = () =>
      createTask(harness.database.db, harness.services.tasks, actor, {
        agent: 'test-noop',
        input: {},
      });
    const [held, fenced] = [await create(), await create()];
    const batcher = new StatementBatcher(harness.database.db);
    const counts = await Promise.all([
      batcher.submit(fencedUpdate(held.id, 0, 'kept')),
      batcher.submit(fencedUpdate(fenced.id, 7, 'refused')),
    ]);
    expect(counts).toEqual([1, 0]);
    expect(await outputOf(held.id)).toBe('kept');
    expect(await outputOf(fenced.id)).toBeNull();
    await sql`update tasks set status = 'cancelled' where id in (${held.id}, ${fenced.id})`.execute(
      harness.database.db,
    );
  });

  it('confines a failing part to its own submission', async () => {
    const task = await createTask(harness.database.db, harness.services.tasks, actor, {
      agent: 'test-noop',
      input: {},
    });
    const batcher = new StatementBatcher(harness.database.db);
    const failing: StatementPart = (suffix) => ({
      // An event of a task that does not exist: a foreign-key violation.
      ctes: [
        sql`${sql.table(`bad${suffix}`)} as (
          insert into task_events (task_id, id, type, data)
          values (gen_random_uuid(), 1, 'status', '{}'::jsonb)
          returning task_id
        )`,
      ],
      counted: `bad${suffix}`,
    });
    const [good, bad] = await Promise.allSettled([
      batcher.submit(fencedUpdate(task.id, 0, 'stored')),
      batcher.submit(failing),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: 1 });
    expect(bad.status).toBe('rejected');
    expect(await outputOf(task.id)).toBe('stored');
    await sql`update tasks set status = 'cancelled' where id = ${task.id}`.execute(
      harness.database.db,
    );
  });
});
