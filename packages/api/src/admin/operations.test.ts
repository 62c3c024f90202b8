import type { Role, TaskStatus } from '@capecontrol/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentDefinition } from '../agent/runtime';
import { createTask } from '../task/tasks';
import type { TaskWorker } from '../task/worker';
import {
  callerAsRole,
  callerFor,
  createTestHarness,
  insertUserPerRole,
  startTestWorker,
  type TestHarness,
  taskTranscript,
} from '../testing/harness';

/** Fails while `flaky.failing` is set: a fault that an operator fixes, then re-drives. */
const flaky = { failing: true };
const flakyAgent: AgentDefinition<z.ZodObject<{ n: z.ZodNumber }>, { ok: true; n: number }> = {
  id: 'test-flaky',
  displayName: 'Flaky',
  description: 'Fails until the test says otherwise.',
  inputSchema: z.strictObject({ n: z.number() }),
  outputSchema: z.object({ ok: z.literal(true), n: z.number() }),
  async run(ctx, input) {
    await ctx.step({ kind: 'llm', name: 'call' }, async () => {
      if (flaky.failing) throw new Error('upstream answered 500');
      return null;
    });
    return { ok: true as const, n: input.n };
  },
  async health() {
    return {};
  },
};

interface World {
  harness: TestHarness;
  ids: Record<Role, string>;
}

async function createWorld(): Promise<World> {
  const harness = await createTestHarness({}, { agents: [flakyAgent] });
  return { harness, ids: await insertUserPerRole(harness) };
}

function callerAs(world: World, role: Role) {
  return callerAsRole(world.harness.services, world.ids[role], role, 'req-ops');
}

async function runToEnd(world: World, taskId: string): Promise<void> {
  await taskTranscript(world.harness, taskId);
}

describe('operator procedures refuse everyone but administrators', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
  });
  afterAll(() => world.harness.close());

  it('refuses users and publishers with FORBIDDEN', async () => {
    for (const role of ['user', 'publisher'] as const) {
      const caller = callerAs(world, role);
      await expect(caller.admin.queue.health()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.admin.tasks.failures()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        caller.admin.tasks.redrive({ id: '00000000-0000-4000-8000-000000000001' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses anonymous callers with UNAUTHORIZED', async () => {
    const { caller } = callerFor(world.harness.services);
    await expect(caller.admin.queue.health()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.admin.tasks.failures()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('admin.queue.health', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(); // no worker: the seeded tasks stay as seeded
  });
  afterAll(() => world.harness.close());

  async function seed(
    status: TaskStatus,
    options: {
      createdAgo?: string;
      finishedAgo?: string;
      leaseOwner?: string;
      leaseIn?: string;
    } = {},
  ): Promise<void> {
    await sql`
      insert into tasks (user_id, agent, input, timeout_ms, status, created_at, finished_at,
        lease_owner, lease_expires_at)
      values (${world.ids.user}, 'test-flaky', '{"n":1}'::jsonb, 60000, ${status},
        now() - ${options.createdAgo ?? '0 seconds'}::interval,
        now() - ${options.finishedAgo ?? null}::interval,
        ${options.leaseOwner ?? null},
        now() + ${options.leaseIn ?? null}::interval)
    `.execute(world.harness.database.db);
  }

  it('reports an empty queue as zeros', async () => {
    const health = await callerAs(world, 'admin').admin.queue.health();
    expect(health).toMatchObject({
      queued: 0,
      oldestQueuedAgeMs: null,
      running: 0,
      leases: { expired: 0, expiringSoon: 0 },
      activeWorkers: [],
    });
    expect(health.throughput).toHaveLength(15);
    expect(health.throughput.every((minute) => minute.succeeded + minute.failed === 0)).toBe(true);
  });

  it('matches the seeded tasks', async () => {
    await seed('queued', { createdAgo: '90 seconds' });
    await seed('queued', { createdAgo: '5 seconds' });
    // Leases: one expired, one within a lease period (30 s), one comfortably ahead.
    await seed('running', {
      createdAgo: '2 minutes',
      leaseOwner: 'worker-a',
      leaseIn: '-5 seconds',
    });
    await seed('running', {
      createdAgo: '2 minutes',
      leaseOwner: 'worker-a',
      leaseIn: '10 seconds',
    });
    await seed('running', { createdAgo: '2 minutes', leaseOwner: 'worker-b', leaseIn: '1 hour' });
    await seed('succeeded', { createdAgo: '10 minutes', finishedAgo: '0 seconds' });
    await seed('succeeded', { createdAgo: '10 minutes', finishedAgo: '0 seconds' });
    await seed('failed', { createdAgo: '3 hours', finishedAgo: '0 seconds' });
    await seed('timed_out', { createdAgo: '30 minutes', finishedAgo: '0 seconds' });
    await seed('cancelled', { createdAgo: '2 days', finishedAgo: '2 days' });

    const health = await callerAs(world, 'admin').admin.queue.health();
    expect(health.queued).toBe(2);
    expect(health.oldestQueuedAgeMs).toBeGreaterThanOrEqual(89_000);
    expect(health.oldestQueuedAgeMs).toBeLessThan(120_000);
    expect(health.running).toBe(3);
    expect(health.leases).toEqual({ expired: 1, expiringSoon: 1, expiringWithinMs: 30_000 });
    expect(health.activeWorkers.map(({ id, running }) => ({ id, running }))).toEqual([
      { id: 'worker-a', running: 2 },
      { id: 'worker-b', running: 1 },
    ]);
    expect(health.statusCounts.lastHour).toEqual({
      queued: 2,
      running: 3,
      succeeded: 2,
      failed: 0,
      cancelled: 0,
      timed_out: 1,
    });
    expect(health.statusCounts.lastDay).toEqual({
      queued: 2,
      running: 3,
      succeeded: 2,
      failed: 1,
      cancelled: 0,
      timed_out: 1,
    });
    const current = health.throughput.at(-1);
    expect(current).toEqual(expect.objectContaining({ succeeded: 2, failed: 2, cancelled: 0 }));
    expect(health.throughput.slice(0, -1).every((minute) => minute.succeeded === 0)).toBe(true);
  });
});

describe('admin.tasks.failures and admin.tasks.redrive', () => {
  let world: World;
  let worker: TaskWorker;
  beforeAll(async () => {
    world = await createWorld();
    worker = await startTestWorker(world.harness);
  });
  afterAll(async () => {
    await worker.stop(1_000);
    await world.harness.close();
  });

  async function failedTask(n: number): Promise<string> {
    flaky.failing = true;
    const task = await createTask(
      world.harness.database.db,
      world.harness.services.tasks,
      { userId: world.ids.user, apiKeyId: null, origin: null },
      { agent: 'test-flaky', input: { n } },
    );
    await runToEnd(world, task.id);
    return task.id;
  }

  it('lists every user’s failures, newest first, with owner and error, page by page', async () => {
    const first = await failedTask(1);
    const second = await failedTask(2);
    const third = await failedTask(3);
    const admin = callerAs(world, 'admin');

    const page = await admin.admin.tasks.failures({ limit: 2 });
    expect(page.items.map((item) => item.id)).toEqual([third, second]);
    expect(page.items[0]).toMatchObject({
      agent: 'test-flaky',
      status: 'failed',
      owner: { id: world.ids.user, email: 'user@example.com', displayName: 'user' },
      error: { code: expect.any(String) as string, message: expect.any(String) as string },
      retriedAs: null,
    });
    expect(page.nextCursor).not.toBeNull();
    const next = await admin.admin.tasks.failures({ limit: 2, cursor: page.nextCursor });
    expect(next.items.map((item) => item.id)).toEqual([first]);
    expect(next.nextCursor).toBeNull();

    await expect(admin.admin.tasks.failures({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('re-drives a failed task to success, owned by its owner, naming the admin in the audit log', async () => {
    const original = await failedTask(7);
    flaky.failing = false;
    const admin = callerAs(world, 'admin');

    const redriven = await admin.admin.tasks.redrive({ id: original });
    expect(redriven).toMatchObject({ retryOf: original, input: { n: 7 } });
    expect(['queued', 'running']).toContain(redriven.status);
    await runToEnd(world, redriven.id);

    const owner = callerAs(world, 'user');
    const finished = await owner.task.get({ id: redriven.id });
    expect(finished).toMatchObject({ status: 'succeeded', output: { ok: true, n: 7 } });

    const listed = await admin.admin.tasks.failures({ limit: 100 });
    expect(listed.items.find((item) => item.id === original)?.retriedAs).toEqual({
      id: redriven.id,
      status: 'succeeded',
    });

    const audit = await world.harness.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'target_id', 'metadata'])
      .where('action', 'in', ['admin.task.redrive', 'task.retry', 'task.create'])
      .where((eb) => eb.or([eb('target_id', '=', original), eb('target_id', '=', redriven.id)]))
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'admin.task.redrive',
          actor_user_id: world.ids.admin,
          target_id: original,
          metadata: expect.objectContaining({
            ownerId: world.ids.user,
            newTaskId: redriven.id,
            previousStatus: 'failed',
          }) as unknown,
        }),
        expect.objectContaining({ action: 'task.retry', actor_user_id: world.ids.admin }),
        expect.objectContaining({ action: 'task.create', actor_user_id: world.ids.admin }),
      ]),
    );
  });

  it('refuses tasks that are not failed, timed out or cancelled, and unknown ids', async () => {
    flaky.failing = false;
    const done = await createTask(
      world.harness.database.db,
      world.harness.services.tasks,
      { userId: world.ids.user, apiKeyId: null, origin: null },
      { agent: 'test-flaky', input: { n: 9 } },
    );
    await runToEnd(world, done.id);
    const admin = callerAs(world, 'admin');
    await expect(admin.admin.tasks.redrive({ id: done.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await expect(
      admin.admin.tasks.redrive({ id: '00000000-0000-4000-8000-000000000002' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
