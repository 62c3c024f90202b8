import { AppError } from './errors';

/**
 * The subscriptions (task and agent streams) open in this process: a count for metrics, and a
 * cap per user so one client cannot hold unbounded connections and listeners.
 */
export class SubscriptionTracker {
  readonly maxPerUser: number;
  #open = 0;
  readonly #perUser = new Map<string, number>();

  constructor(maxPerUser: number) {
    this.maxPerUser = maxPerUser;
  }

  /** Subscriptions open now. */
  get open(): number {
    return this.#open;
  }

  /** Open subscriptions of one user. */
  openFor(userId: string): number {
    return this.#perUser.get(userId) ?? 0;
  }

  /**
   * Yields from `source` while holding one of the user's slots (taken when the stream starts,
   * given back however it ends). Past the cap the stream fails with TOO_MANY_REQUESTS.
   */
  async *hold<TValue>(
    userId: string | null,
    source: AsyncIterable<TValue>,
  ): AsyncGenerator<TValue> {
    const release = this.#acquire(userId);
    try {
      yield* source;
    } finally {
      release();
    }
  }

  #acquire(userId: string | null): () => void {
    if (userId !== null) {
      const held = this.openFor(userId);
      if (held >= this.maxPerUser) {
        throw new AppError(
          'TOO_MANY_REQUESTS',
          `Too many open streams: at most ${this.maxPerUser} per user. Close one and try again.`,
          { retryAfterSeconds: 1 },
        );
      }
      this.#perUser.set(userId, held + 1);
    }
    this.#open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open -= 1;
      if (userId === null) return;
      const held = this.openFor(userId) - 1;
      if (held > 0) this.#perUser.set(userId, held);
      else this.#perUser.delete(userId);
    };
  }
}
