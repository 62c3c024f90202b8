import type { ClaimedTask } from './claim';

/**
 * A free slot of an idle worker in this process, held for one task being created: the create
 * statement claims the task for `workerId` as it inserts it (one commit instead of an insert,
 * a wake-up and a claim), then hands it over with start().
 */
export interface WorkerSlot {
  readonly workerId: string;
  readonly leaseMs: number;
  /** Runs the task the create claimed (call it in the turn the statement's result arrived). */
  start(task: ClaimedTask): void;
  /** Gives the slot back unused (the create failed or found an existing task). */
  release(): void;
}

export interface SlotSource {
  /** A slot, or null when this worker should not take a task directly now. */
  reserveSlot(): WorkerSlot | null;
}

/**
 * The workers running in this process, for `createTask` to hand a new task straight to one of
 * them. An API-only process (`--role api`) has none, and its tasks are queued and claimed by a
 * worker process as before.
 */
export class LocalWorkers {
  readonly #workers = new Set<SlotSource>();

  register(worker: SlotSource): () => void {
    this.#workers.add(worker);
    return () => this.#workers.delete(worker);
  }

  /** A slot of the first registered worker that grants one. */
  reserve(): WorkerSlot | null {
    for (const worker of this.#workers) {
      const slot = worker.reserveSlot();
      if (slot) return slot;
    }
    return null;
  }
}
