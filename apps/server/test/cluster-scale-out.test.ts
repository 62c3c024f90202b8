import { randomUUID } from 'node:crypto';
import { startFakeOpenAi, type FakeOpenAi } from '@capecontrol/api/testing';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { createTestDatabase, testEnv, type TestDatabase } from '@capecontrol/db/testing';
import { GUIDE_AGENT_ID, type TaskEvent } from '@capecontrol/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../scripts/lib/processes';
import { fakeWebDist, registerWithBearer } from './helpers';

/**
 * The scale-out shape of `npm run cluster -- --api 2 --workers 2`: two API processes and two
 * worker processes, all separate, on one Postgres + Redis. Needs DATABASE_URL and REDIS_URL
 * (CI's second test run).
 */
const enabled = Boolean(testEnv.DATABASE_URL && testEnv.REDIS_URL);

let database: TestDatabase;
let fake: FakeOpenAi;
const processes: ServerProcess[] = [];
let apiA: ServerProcess;
let apiB: ServerProcess;
let workerPids: number[];
let clientA: CapeClient;
let clientB: CapeClient;

/** Follows a task on `clients[0]`, moving to the next client after each `switchEvery` events. */
function followAcross(
  clients: CapeClient[],
  taskId: string,
  switchEvery: number,
): Promise<{ events: TaskEvent[]; switches: number }> {
  const events: TaskEvent[] = [];
  let switches = 0;
  return new Promise((resolve, reject) => {
    const connect = (index: number, lastEventId: number | undefined) => {
      let received = 0;
      let left = false;
      const client = clients[index % clients.length] as CapeClient;
      const subscription = client.task.stream.subscribe(
        { id: taskId, ...(lastEventId ? { lastEventId } : {}) },
        {
          onData: ({ data }) => {
            if (left) return;
            events.push(data as TaskEvent);
            received += 1;
            if (data.type === 'terminal') {
              subscription.unsubscribe();
              resolve({ events, switches });
            } else if (received >= switchEvery) {
              left = true;
              subscription.unsubscribe();
              switches += 1;
              connect(index + 1, data.id);
            }
          },
          onError: reject,
        },
      );
    };
    connect(0, undefined);
  });
}

async function storedLog(taskId: string) {
  return database.db
    .selectFrom('task_events')
    .select(['id', 'type'])
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
}

describe.skipIf(!enabled)('two API processes and two worker processes', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    // Answers slow enough that a stream is still running when the client moves.
    fake = await startFakeOpenAi({
      fallback: {
        kind: 'stream',
        tokens: Array.from({ length: 24 }, (_, index) => ` word${index}`),
        delayMs: 15,
      },
    });
    const env = {
      DATABASE_URL: database.url ?? '',
      REDIS_URL: testEnv.REDIS_URL ?? '',
      REDIS_KEY_PREFIX: `cape-scale-${randomUUID().slice(0, 8)}`,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-scale-out-test',
      LLM_MAX_RETRIES: '0',
      WORKER_CONCURRENCY: '4',
      WEB_DIST_DIR: fakeWebDist(),
    };
    apiA = await startServerProcess({ role: 'api', env, entry: 'source', label: 'api-a' });
    processes.push(apiA);
    const started = await Promise.all([
      startServerProcess({ role: 'api', env, entry: 'source', label: 'api-b' }),
      startServerProcess({ role: 'worker', env, entry: 'source', label: 'worker-1' }),
      startServerProcess({ role: 'worker', env, entry: 'source', label: 'worker-2' }),
    ]);
    processes.push(...started);
    apiB = started[0];
    workerPids = started.slice(1).map((worker) => worker.pid);
    // One session, used on both API processes: tokens are checked against the shared database.
    const { accessToken } = await registerWithBearer(apiA.url);
    clientA = createCapeClient({ url: apiA.url, accessToken });
    clientB = createCapeClient({ url: apiB.url, accessToken });
  });
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop(10_000)));
    await fake?.close();
    await database?.close();
  });

  it('streams on API process A a task that a worker process executes, and B sees the same task', async () => {
    const task = await clientA.task.create.mutate({
      agent: GUIDE_AGENT_ID,
      input: { question: 'How do I publish an agent?' },
    });
    // While it runs, the lease names its owner: one of the worker processes.
    let leaseOwner: string | null = null;
    const events: TaskEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = clientA.task.stream.subscribe(
        { id: task.id },
        {
          onData: ({ data }) => {
            events.push(data as TaskEvent);
            if (data.type === 'token' && leaseOwner === null) {
              leaseOwner = '';
              database.db
                .selectFrom('tasks')
                .select('lease_owner')
                .where('id', '=', task.id)
                .executeTakeFirstOrThrow()
                .then((row) => (leaseOwner = row.lease_owner ?? ''), reject);
            }
            if (data.type === 'terminal') {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'succeeded' });
    expect(events.filter((event) => event.type === 'token').length).toBeGreaterThanOrEqual(24);
    const owner = workerPids.find((pid) => String(leaseOwner).includes(`:${pid}:`));
    expect(owner, String(leaseOwner)).toBeDefined();
    // Task control and reads work through the other process.
    const fromB = await clientB.task.get.query({ id: task.id });
    expect(fromB.status).toBe('succeeded');
  });

  it('a client switching between A and B mid-stream resumes without a gap or a duplicate', async () => {
    for (const switchEvery of [3, 5, 7]) {
      const task = await clientB.task.create.mutate({
        agent: GUIDE_AGENT_ID,
        input: { question: `How do retries work? (${switchEvery})` },
      });
      const { events, switches } = await followAcross([clientA, clientB], task.id, switchEvery);
      expect(switches).toBeGreaterThan(2);
      const log = await storedLog(task.id);
      expect(events.map((event) => [event.id, event.type])).toEqual(
        log.map((row) => [row.id, row.type]),
      );
      expect(events.filter((event) => event.type === 'terminal')).toHaveLength(1);
    }
  });

  it('cancels through B a task streaming on A', async () => {
    fake.enqueue({
      kind: 'stream',
      tokens: Array.from({ length: 400 }, (_, index) => ` slow${index}`),
      delayMs: 25,
    });
    const task = await clientA.task.create.mutate({
      agent: GUIDE_AGENT_ID,
      input: { question: 'Tell me everything about the marketplace.' },
    });
    const transcript = new Promise<TaskEvent[]>((resolve, reject) => {
      const events: TaskEvent[] = [];
      let cancelled = false;
      const subscription = clientA.task.stream.subscribe(
        { id: task.id },
        {
          onData: ({ data }) => {
            events.push(data as TaskEvent);
            if (data.type === 'token' && !cancelled) {
              cancelled = true;
              clientB.task.cancel.mutate({ id: task.id }).catch(reject);
            }
            if (data.type === 'terminal') {
              subscription.unsubscribe();
              resolve(events);
            }
          },
          onError: reject,
        },
      );
    });
    const events = await transcript;
    expect(events.at(-1)).toMatchObject({ type: 'terminal', status: 'cancelled' });
  });
});
