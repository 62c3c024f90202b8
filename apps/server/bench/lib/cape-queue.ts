import {
  createInProcessBus,
  createOfflineEngine,
  createPostgresNotifier,
  createServices,
  LocalWorkers,
  TaskWorker,
  type EventBus,
  type LlmClient,
  type QueueNotifier,
  type Services,
} from '@capecontrol/api';
import { noopAgent } from '@capecontrol/api/testing';
import { createDatabase, type Database } from '@capecontrol/db';
import { pino } from 'pino';
// The domain functions are not part of @capecontrol/api's public surface; the benchmark
// measures createTask itself (not the tRPC procedure around it), so it imports the module.
import { createTask, type TaskActor } from '../../../../packages/api/src/task/tasks';
import { Marks } from './marks';

export const BENCH_AGENT_ID = 'bench-noop';

/** noopAgent (one `compose` step) that also marks when its run() starts. */
function probeAgent(starts: Marks): typeof noopAgent {
  return {
    ...noopAgent,
    id: BENCH_AGENT_ID,
    run(ctx, input) {
      starts.mark(ctx.taskId);
      return noopAgent.run(ctx, input);
    },
  };
}

/** The in-process bus, noting when each task's terminal event is published (after its commit). */
function observedBus(finishes: Marks): EventBus {
  const bus = createInProcessBus();
  return {
    kind: bus.kind,
    healthy: () => bus.healthy(),
    async publish(taskId, events) {
      if (events.some((event) => event.type === 'terminal')) finishes.mark(taskId);
      await bus.publish(taskId, events);
    },
    subscribe: (taskId, afterId, listener) => bus.subscribe(taskId, afterId, listener),
    publishControl: (control) => bus.publishControl(control),
    subscribeControl: (listener) => bus.subscribeControl(listener),
    subscriberCount: () => bus.subscriberCount(),
    close: () => bus.close(),
  };
}

export interface CapeQueue {
  database: Database;
  services: Services;
  worker: TaskWorker;
  actor: TaskActor;
  /** run() start of each task, by task id. */
  starts: Marks;
  /** Terminal event published (the final transaction committed), by task id. */
  finishes: Marks;
  /**
   * Enqueues one task. `via: 'postgres'` creates it as an API process would (a second notifier,
   * no local worker), so the worker is woken only by Postgres NOTIFY and claims it; `via:
   * 'local'` uses the worker's own runtime (the default one-process server), which hands the
   * task to the idle worker as it is inserted.
   */
  enqueue(via: 'postgres' | 'local'): Promise<string>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface CapeQueueOptions {
  url: string;
  concurrency: number;
  poolSize: number;
  llm?: LlmClient;
}

/** CapeControl's task runtime on `url` (already migrated), wired as apps/server wires it on Postgres. */
export async function openCapeQueue(options: CapeQueueOptions): Promise<CapeQueue> {
  const logger = pino({ level: 'silent' });
  const database = await createDatabase({
    kind: 'postgres',
    url: options.url,
    poolSize: options.poolSize,
  });
  const starts = new Marks();
  const finishes = new Marks();
  const workerNotifier: QueueNotifier = createPostgresNotifier(options.url, database.db, logger);
  const apiNotifier: QueueNotifier = createPostgresNotifier(options.url, database.db, logger);
  const services = await createServices({
    db: database.db,
    logger,
    llm: options.llm ?? createOfflineEngine(),
    bus: observedBus(finishes),
    notifier: workerNotifier,
    agents: [probeAgent(starts)],
    taskConfig: { concurrency: options.concurrency },
  });
  // An API process: its own notifier, and no worker of its own to hand a new task to.
  const apiRuntime = { ...services.tasks, notifier: apiNotifier, local: new LocalWorkers() };
  const user = await database.db
    .insertInto('users')
    .values({ email: 'bench@example.com', display_name: 'Bench', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: TaskActor = { userId: user.id, apiKeyId: null, origin: null };
  const worker = new TaskWorker({ db: database.db, runtime: services.tasks, logger });
  let started = false;

  return {
    database,
    services,
    worker,
    actor,
    starts,
    finishes,
    async enqueue(via) {
      const task = await createTask(
        database.db,
        via === 'postgres' ? apiRuntime : services.tasks,
        actor,
        { agent: BENCH_AGENT_ID, input: {} },
      );
      return task.id;
    },
    async startWorker() {
      started = true;
      await worker.start();
    },
    async close() {
      if (started) await worker.stop(5_000);
      await services.tasks.bus.close();
      await workerNotifier.close();
      await apiNotifier.close();
      await database.close();
    },
  };
}

/** Creates the CapeControl template: migrated, instance secret and knowledge base seeded. */
export async function prepareCapeTemplate(url: string): Promise<void> {
  const database = await createDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await database.migrate();
    await createServices({
      db: database.db,
      logger: pino({ level: 'silent' }),
      llm: createOfflineEngine(),
    });
  } finally {
    await database.close();
  }
}
