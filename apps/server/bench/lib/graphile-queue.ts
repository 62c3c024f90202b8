import { createDatabase } from '@capecontrol/db';
import { Logger, makeWorkerUtils, run, runMigrations, type Runner } from 'graphile-worker';
import { sql } from 'kysely';
import { Marks } from './marks';

export const GRAPHILE_TASK = 'noop';

/** graphile-worker logs every completed job at info level; the benchmark logs nothing. */
const silentLogger = new Logger(() => () => undefined);

/** graphile-worker's documented performance preset (worker.graphile.org/docs/performance). */
export const graphileBatchingPreset = {
  localQueue: { size: 500 },
  completeJobBatchDelay: 0,
  failJobBatchDelay: 0,
};

export interface GraphileQueue {
  runner: Runner | null;
  /** Handler start of each job, by the `id` in its payload. */
  starts: Marks;
  /** `job:complete` of each job (graphile-worker sends the completion query without awaiting it). */
  completes: Marks;
  enqueue(id: string): Promise<void>;
  /** Adds jobs in one call (graphile-worker's batch API), before the runner starts. */
  enqueueMany(ids: string[]): Promise<void>;
  startRunner(): Promise<void>;
  /** Jobs still in the table: 0 once every completion has committed. */
  remaining(): Promise<number>;
  close(): Promise<void>;
}

export interface GraphileQueueOptions {
  url: string;
  concurrency: number;
  poolSize: number;
  /** Extra worker preset settings (e.g. graphileBatchingPreset); default: none. */
  preset?: Record<string, unknown>;
}

/** graphile-worker on `url` (already migrated) with default settings apart from those given. */
export async function openGraphileQueue(options: GraphileQueueOptions): Promise<GraphileQueue> {
  const starts = new Marks();
  const completes = new Marks();
  const utils = await makeWorkerUtils({ connectionString: options.url, logger: silentLogger });
  const probe = await createDatabase({ kind: 'postgres', url: options.url, poolSize: 1 });
  let runner: Runner | null = null;

  return {
    get runner() {
      return runner;
    },
    starts,
    completes,
    async enqueue(id) {
      if (!runner) throw new Error('start the runner first');
      await runner.addJob(GRAPHILE_TASK, { id });
    },
    async enqueueMany(ids) {
      for (let index = 0; index < ids.length; index += 1_000) {
        await utils.addJobs(
          ids
            .slice(index, index + 1_000)
            .map((id) => ({ identifier: GRAPHILE_TASK, payload: { id } })),
        );
      }
    },
    async startRunner() {
      runner = await run({
        connectionString: options.url,
        concurrency: options.concurrency,
        maxPoolSize: options.poolSize,
        noHandleSignals: true,
        logger: silentLogger,
        ...(options.preset ? { preset: { worker: options.preset } } : {}),
        taskList: {
          [GRAPHILE_TASK]: async (payload) => {
            starts.mark((payload as { id: string }).id);
          },
        },
      });
      runner.events.on('job:complete', ({ job }) => {
        completes.mark((job.payload as { id: string }).id);
      });
    },
    async remaining() {
      const result = await sql<{
        count: number;
      }>`select count(*)::int as count from graphile_worker._private_jobs`.execute(probe.db);
      return result.rows[0]?.count ?? 0;
    },
    async close() {
      await runner?.stop();
      await utils.release();
      await probe.close();
    },
  };
}

/** Installs graphile-worker's schema into the template database. */
export async function prepareGraphileTemplate(url: string): Promise<void> {
  await runMigrations({ connectionString: url, logger: silentLogger });
}
