import type { TaskEvent } from '@capecontrol/schema';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness } from '../testing/harness';
import { stepsAgent } from '../testing/test-agents';
import { createRedisBus } from './redis-bus';
import { streamTaskEvents } from './stream';
import { createTask, type TaskActor } from './tasks';
import { readEvents } from './task-events';
import { TaskWorker } from './worker';

/**
 * Redis carries events between processes, but Postgres is the record: with Redis unreachable,
 * tasks still run and every subscriber still gets every event, from the database.
 */
let harness: TestHarness;
let redis: Redis;
let worker: TaskWorker;
let actor: TaskActor;

beforeAll(async () => {
  // Nothing listens on port 1: every Redis command fails fast.
  redis = new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 1_000,
  });
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  harness = await createTestHarness(
    {},
    { agents: [stepsAgent], taskConfig: { streamPollMs: 100, pollIntervalMs: 50 } },
  );
  const bus = await createRedisBus(redis, {
    prefix: 'cape-outage',
    logger: harness.services.logger,
  });
  harness.services.tasks.bus = bus;
  const user = await harness.database.db
    .insertInto('users')
    .values({ email: 'o@example.com', display_name: 'O', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  actor = { userId: user.id, apiKeyId: null, origin: null };
  worker = new TaskWorker({
    db: harness.database.db,
    runtime: harness.services.tasks,
    logger: harness.services.logger,
  });
  await worker.start();
});
afterAll(async () => {
  await worker.stop(1_000);
  await harness.services.tasks.bus.close();
  redis.disconnect();
  await harness.close();
});

describe('with Redis unreachable', () => {
  it('reports the bus unhealthy, and streams still deliver the whole stored log', async () => {
    expect(harness.services.tasks.bus.healthy()).toBe(false);
    const tasks = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        createTask(harness.database.db, harness.services.tasks, actor, {
          agent: 'test-steps',
          input: { steps: 2, tokens: 5, delayMs: 2, label: `outage-${index}` },
        }),
      ),
    );
    for (const task of tasks) {
      const events: TaskEvent[] = [];
      for await (const [, event] of streamTaskEvents(
        harness.database.db,
        harness.services.tasks,
        task.id,
        0,
        undefined,
      ))
        events.push(event);
      expect(events).toEqual(await readEvents(harness.database.db, task.id, 0));
      expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'succeeded' });
    }
  });
});
