import type { DB } from '@capecontrol/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * One task's part of a batched statement: its data-modifying CTEs, named with `suffix` so that
 * parts never clash, and the name of the CTE whose row count is the part's result.
 */
export type StatementPart = (suffix: string) => { ctes: RawBuilder<unknown>[]; counted: string };

interface Submission {
  part: StatementPart;
  resolve: (count: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the parts submitted while a batch is on its way (and those submitted in the
 * same event-loop turn as the first) are sent together as one statement, so tasks finishing
 * together share one round trip and one commit. Each part stays guarded by its own CTEs
 * (fencing, status): a part that finds its guard gone counts 0 without affecting the others.
 * If a batch fails, its parts are sent again one by one, so one part's error is only its own.
 */
export class StatementBatcher {
  readonly #db: Kysely<DB>;
  readonly #maxParts: number;
  #queue: Submission[] = [];
  #busy = false;

  constructor(db: Kysely<DB>, maxParts = 32) {
    this.#db = db;
    this.#maxParts = maxParts;
  }

  /** Runs `part` in the next batch; resolves with the row count of its counted CTE. */
  submit(part: StatementPart): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ part, resolve, reject });
      if (!this.#busy) {
        this.#busy = true;
        // Parts of tasks finishing in this same turn join the first.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxParts);
      try {
        const counts = await run(this.#db, batch);
        batch.forEach((submission, index) => submission.resolve(counts[index] ?? 0));
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else
          await Promise.all(
            batch.map((submission) =>
              run(this.#db, [submission]).then(
                ([count]) => submission.resolve(count ?? 0),
                (single: unknown) => submission.reject(single),
              ),
            ),
          );
      }
    }
    this.#busy = false;
  }
}

async function run(db: Kysely<DB>, batch: Submission[]): Promise<number[]> {
  const parts = batch.map((submission, index) => submission.part(`_${index}`));
  const result = await sql<Record<string, number>>`
    with ${sql.join(parts.flatMap((part) => part.ctes))}
    select ${sql.join(
      parts.map(
        (part, index) =>
          sql`(select count(*)::int from ${sql.table(part.counted)}) as ${sql.ref(`c${index}`)}`,
      ),
    )}
  `.execute(db);
  const row = result.rows[0] ?? {};
  return parts.map((_, index) => row[`c${index}`] ?? 0);
}
