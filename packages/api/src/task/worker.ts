import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { claimNextTasks, type ClaimedTask } from './claim';
import type { TaskRuntime } from './deps';
import type { Unsubscribe } from './event-bus';
import { TaskRun } from './executor';
import { reclaimExpiredLeases } from './reaper';
import { StatementBatcher } from './statement-batcher';

export interface WorkerOptions {
  db: Kysely<DB>;
  runtime: TaskRuntime;
  logger: Logger;
  /** Identifies this worker in leases and logs. */
  id?: string;
}

/**
 * Claims and runs tasks, `concurrency` at a time: woken by the queue notifier, polling as a
 * fallback, and re-claiming expired leases on a timer. `stop()` drains.
 */
export class TaskWorker {
  readonly id: string;
  readonly #options: WorkerOptions;
  readonly #logger: Logger;
  readonly #runs = new Map<string, TaskRun>();
  readonly #finisher: StatementBatcher;
  #stopping = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  /**
   * False after a claim found fewer queued tasks than it asked for, until a notify or a poll:
   * a slot that frees up then needs no claim of its own to learn that the queue is empty, and
   * a claim that took one task of a wake-up is not followed by one that finds nothing.
   */
  #mayHaveWork = true;
  #cleanups: Array<() => void> = [];
  #reaper: NodeJS.Timeout | undefined;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.id = options.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#logger = options.logger.child({ worker: this.id });
    this.#finisher = new StatementBatcher(options.db);
  }

  /** Tasks running in this worker now. */
  get active(): number {
    return this.#runs.size;
  }

  async start(): Promise<void> {
    const { runtime } = this.#options;
    this.#cleanups.push(
      runtime.notifier.onNotify(() => {
        this.#mayHaveWork = true;
        this.#signal();
      }),
    );
    const unsubscribe: Unsubscribe = await runtime.bus.subscribeControl((control) => {
      if (control.action === 'cancel') this.#runs.get(control.taskId)?.stop('cancel');
    });
    this.#cleanups.push(unsubscribe);
    this.#reaper = setInterval(() => {
      reclaimExpiredLeases(this.#options.db, runtime).catch((error: unknown) =>
        this.#logger.warn({ err: error }, 'lease reclaim failed'),
      );
    }, runtime.config.reclaimIntervalMs);
    this.#loop = this.#run();
  }

  /** Stops claiming, lets running tasks finish for up to `drainMs`, then hands the rest back to the queue. */
  async stop(drainMs = 10_000): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    clearInterval(this.#reaper);
    this.#signal();
    await this.#loop;
    const finished = Promise.all([...this.#runs.values()].map((run) => run.done));
    const timer = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), drainMs).unref(),
    );
    if ((await Promise.race([finished, timer])) === 'timeout') {
      for (const run of this.#runs.values()) run.stop('shutdown');
      await finished;
    }
    for (const cleanup of this.#cleanups) cleanup();
  }

  #signal(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    const { db, runtime } = this.#options;
    const { concurrency, leaseMs, pollIntervalMs } = runtime.config;
    let failures = 0;
    while (!this.#stopping) {
      if (this.#runs.size >= concurrency || !this.#mayHaveWork) {
        // A poll that runs its course (no wake-up) looks at the queue anyway: a wake-up may
        // have been lost, and re-queued or skipped-over tasks send none of their own.
        if (await this.#sleep(pollIntervalMs)) this.#mayHaveWork = true;
        continue;
      }
      const wanted = concurrency - this.#runs.size;
      // Cleared for the claim: a notify that arrives while it runs (a task it may not have
      // seen) sets it again.
      this.#mayHaveWork = false;
      let claimed: ClaimedTask[];
      try {
        claimed = await claimNextTasks(db, this.id, leaseMs, wanted);
        failures = 0;
      } catch (error) {
        this.#mayHaveWork = true;
        failures += 1;
        this.#logger.warn({ err: error }, 'could not claim tasks');
        await this.#sleep(Math.min(5_000, 100 * 2 ** failures));
        continue;
      }
      // As many as asked for: more may be queued. Fewer: the queue was empty as of the claim.
      if (claimed.length === wanted) this.#mayHaveWork = true;
      for (const task of claimed) {
        const run = new TaskRun(
          { db, runtime, logger: this.#logger, finisher: this.#finisher },
          task,
        );
        this.#runs.set(task.id, run);
        run.done = run.execute().finally(() => {
          this.#runs.delete(task.id);
          this.#signal();
        });
      }
    }
  }

  /** Waits `ms` or until a wake-up; true when the full time passed. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve(true);
      }, ms);
      this.#wake = () => {
        this.#wake = null;
        clearTimeout(timer);
        resolve(false);
      };
    });
  }
}
