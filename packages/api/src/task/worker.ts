import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { claimNextTasks, type ClaimedTask } from './claim';
import type { TaskRuntime } from './deps';
import type { Unsubscribe } from './event-bus';
import { TaskRun } from './executor';
import type { SlotSource, WorkerSlot } from './local-workers';
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
 *
 * It also lends free slots to `createTask` in this process (`runtime.local`): while it is idle
 * and last saw the queue empty, a new task is inserted already claimed by this worker and
 * handed over, so it starts one commit after the create began instead of after a wake-up and
 * a claim of its own.
 */
export class TaskWorker implements SlotSource {
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
  /** Slots lent to creates whose statement has not returned yet. */
  #lent = 0;
  #lentSettled: Array<() => void> = [];
  /** A claim is on its way: it asked for the free slots, so none is lent meanwhile. */
  #claiming = false;
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
    this.#cleanups.push(runtime.local.register(this));
    this.#loop = this.#run();
  }

  /**
   * A slot for a task being created in this process, or null: when stopping, full, claiming,
   * or when the queue may hold tasks (they were queued first and are claimed first).
   */
  reserveSlot(): WorkerSlot | null {
    const { concurrency, leaseMs } = this.#options.runtime.config;
    if (!this.#loop || this.#stopping || this.#claiming || this.#mayHaveWork) return null;
    if (this.#runs.size + this.#lent >= concurrency) return null;
    this.#lent += 1;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.#lent -= 1;
      if (this.#lent === 0) for (const resolve of this.#lentSettled.splice(0)) resolve();
      return true;
    };
    return {
      workerId: this.id,
      leaseMs,
      start: (task) => {
        if (settle()) this.#launch(task);
      },
      release: () => {
        if (settle()) this.#signal();
      },
    };
  }

  /** Stops claiming, lets running tasks finish for up to `drainMs`, then hands the rest back to the queue. */
  async stop(drainMs = 10_000): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    clearInterval(this.#reaper);
    this.#signal();
    const timer = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), drainMs).unref(),
    );
    await this.#loop;
    // A create holding a lent slot hands its task over (or gives the slot back) as soon as its
    // statement returns: wait for it, so that task is drained with the others.
    if (this.#lent > 0) {
      const lentSettled = new Promise<void>((resolve) => this.#lentSettled.push(resolve));
      await Promise.race([lentSettled, timer]);
    }
    const finished = Promise.all([...this.#runs.values()].map((run) => run.done));
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
      if (this.#runs.size + this.#lent >= concurrency || !this.#mayHaveWork) {
        // A poll that runs its course (no wake-up) looks at the queue anyway: a wake-up may
        // have been lost, and re-queued or skipped-over tasks send none of their own.
        if (await this.#sleep(pollIntervalMs)) this.#mayHaveWork = true;
        continue;
      }
      const wanted = concurrency - this.#runs.size - this.#lent;
      // Cleared for the claim: a notify that arrives while it runs (a task it may not have
      // seen) sets it again.
      this.#mayHaveWork = false;
      let claimed: ClaimedTask[];
      this.#claiming = true;
      try {
        claimed = await claimNextTasks(db, this.id, leaseMs, wanted);
        failures = 0;
      } catch (error) {
        // Lends nothing while it backs off: the queue may have work.
        this.#mayHaveWork = true;
        failures += 1;
        this.#logger.warn({ err: error }, 'could not claim tasks');
        await this.#sleep(Math.min(5_000, 100 * 2 ** failures));
        continue;
      } finally {
        this.#claiming = false;
      }
      // As many as asked for: more may be queued. Fewer: the queue was empty as of the claim.
      if (claimed.length === wanted) this.#mayHaveWork = true;
      for (const task of claimed) this.#launch(task);
    }
  }

  #launch(task: ClaimedTask): void {
    const { db, runtime } = this.#options;
    const run = new TaskRun({ db, runtime, logger: this.#logger, finisher: this.#finisher }, task);
    this.#runs.set(task.id, run);
    run.done = run.execute().finally(() => {
      this.#runs.delete(task.id);
      this.#signal();
    });
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
