import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestHarness,
  type TestHarness,
  insertTaskActor,
  startTestWorker,
  taskTranscript,
} from '../testing/harness';
import { stepsAgent } from '../testing/test-agents';
import { createRedisBus } from './redis-bus';
import { createTask, type TaskActor } from './tasks';
import { readEvents } from './task-events';
import type { TaskWorker } from './worker';

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
  actor = await insertTaskActor(harness, 'o@example.com');
  worker = await startTestWorker(harness);
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
      const events = await taskTranscript(harness, task.id);
      expect(events).toEqual(await readEvents(harness.database.db, task.id, 0));
      expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'succeeded' });
    }
  });
});
