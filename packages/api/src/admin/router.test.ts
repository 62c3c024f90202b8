import type { Role } from '@capecontrol/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type Principal } from '../context';
import { appRouter } from '../root';
import { streamTaskEvents } from '../task/stream';
import { createTask } from '../task/tasks';
import { TaskWorker } from '../task/worker';
import { createTestHarness, testRequest, type TestHarness } from '../testing/harness';
import { stepsAgent } from '../testing/test-agents';
import { createCallerFactory } from '../trpc';

let harness: TestHarness;
let worker: TaskWorker;
const ids: Record<Role, string> = { user: '', publisher: '', admin: '' };

beforeAll(async () => {
  harness = await createTestHarness({}, { agents: [stepsAgent] });
  for (const role of ['user', 'publisher', 'admin'] as const) {
    ids[role] = (
      await harness.database.db
        .insertInto('users')
        .values({ email: `${role}@example.com`, display_name: role, password_hash: 'x', role })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  worker = new TaskWorker({
    db: harness.database.db,
    runtime: harness.services.tasks,
    logger: harness.services.logger,
  });
  await worker.start();
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.close();
});

const createCaller = createCallerFactory(appRouter);

function callerAs(role: Role) {
  const principal: Principal = {
    user: {
      id: ids[role],
      email: `${role}@example.com`,
      displayName: role,
      role,
      createdAt: new Date(),
    },
    via: 'bearer',
    sessionId: '00000000-0000-4000-8000-000000000009',
    apiKeyId: null,
    scopes: [],
    accessTokenExpiresAt: null,
  };
  return createCaller(
    createInnerContext(harness.services, {
      request: testRequest({ authorization: 'Bearer test', requestId: 'req-audit' }),
      auth: { status: 'authenticated', principal },
      responseHeaders: new Headers(),
    }),
  );
}

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
    for await (const _envelope of streamTaskEvents(
      harness.database.db,
      harness.services.tasks,
      task.id,
      0,
      undefined,
    ));
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
