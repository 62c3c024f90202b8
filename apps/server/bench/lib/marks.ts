/**
 * High-resolution timestamps keyed by task or job id, recorded by one side (a worker) and
 * awaited by the other (the benchmark loop), whichever comes first.
 */
export class Marks {
  readonly #times = new Map<string, number>();
  readonly #waiters = new Map<string, (time: number) => void>();

  /** Records `performance.now()` for `key` (the first mark wins). */
  mark(key: string, time = performance.now()): void {
    if (this.#times.has(key)) return;
    this.#times.set(key, time);
    const waiter = this.#waiters.get(key);
    if (waiter) {
      this.#waiters.delete(key);
      waiter(time);
    }
  }

  get(key: string): number | undefined {
    return this.#times.get(key);
  }

  get size(): number {
    return this.#times.size;
  }

  /** Resolves with the mark of `key`; rejects after `timeoutMs` so a lost task cannot hang the run. */
  wait(key: string, timeoutMs = 30_000): Promise<number> {
    const known = this.#times.get(key);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        reject(new Error(`no mark for ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.set(key, (time) => {
        clearTimeout(timer);
        resolve(time);
      });
    });
  }

  values(): number[] {
    return [...this.#times.values()];
  }

  clear(): void {
    this.#times.clear();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
