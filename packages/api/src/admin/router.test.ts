import type { Role } from '@capecontrol/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../task/tasks';
import type { TaskWorker } from '../task/worker';
import {
  callerAsRole,
  createTestHarness,
  insertUserPerRole,
  startTestWorker,
  type TestHarness,
  taskTranscript,
} from '../testing/harness';
import { stepsAgent } from '../testing/test-agents';

let harness: TestHarness;
let worker: TaskWorker;
let ids: Record<Role, string>;

beforeAll(async () => {
  harness = await createTestHarness({}, { agents: [stepsAgent] });
  ids = await insertUserPerRole(harness);
  worker = await startTestWorker(harness);
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.close();
});

const callerAs = (role: Role) => callerAsRole(harness.services, ids[role], role, 'req-audit');

describe('admin.audit.verify', () => {
  it('is for administrators only', async () => {
    for (const role of ['user', 'publisher'] as const) {
      await expect(callerAs(role).admin.audit.verify()).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
  });

  it('seals and verifies rows from every writer, the task runtime included', async () => {
    const task = await createTask(
      harness.database.db,
      harness.services.tasks,
      { userId: ids.user, apiKeyId: null, origin: null },
      { agent: 'test-steps', input: { steps: 2 } },
    );
    // Drain the stream to the terminal event: the run's transitions are all in the log.
    await taskTranscript(harness, task.id);
    const taskRows = await harness.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', task.id)
      .execute();
    expect(taskRows.length).toBeGreaterThanOrEqual(3);

    const result = await callerAs('admin').admin.audit.verify();
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.checked).toBeGreaterThanOrEqual(taskRows.length);
    expect(result.head.chainSeq).toBe(result.checked);

    const recorded = await harness.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'actor_user_id', 'metadata'])
      .where('action', '=', 'audit.verify')
      .executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ outcome: 'success', actor_user_id: ids.admin });
  });

  it('fails, naming the row, after a row is edited directly in the database', async () => {
    const victim = await harness.database.db
      .selectFrom('audit_events')
      .select(['id', 'chain_seq'])
      .where('chain_seq', '=', 2)
      .executeTakeFirstOrThrow();
    await sql`alter table audit_events disable trigger audit_events_no_update_or_delete`.execute(
      harness.database.db,
    );
    await sql`update audit_events set actor_type = 'anonymous' where id = ${victim.id}`.execute(
      harness.database.db,
    );
    await sql`alter table audit_events enable trigger audit_events_no_update_or_delete`.execute(
      harness.database.db,
    );
    const result = await callerAs('admin').admin.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'altered', chainSeq: 2, id: victim.id });
  });
});
