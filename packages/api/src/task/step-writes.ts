import { sql, type RawBuilder } from 'kysely';
import { eventValues, type PendingEvent } from './task-events';

/** A step begun without a statement of its own: its `runs` row is inserted by the next write. */
export interface StepOpen {
  seq: number;
  kind: string;
  name: string;
  /** The step's input, serialised. */
  input: string | null;
  startedAt: Date;
}

/** The end of a step, its `runs` row written by the next statement (output serialised). */
export interface StepClose {
  seq: number;
  status: 'succeeded' | 'failed' | 'cancelled';
  output: string | null;
  error: string | null;
  promptTokens: number;
  completionTokens: number;
  finishedAt: Date;
}

/** What a task run has buffered for its next statement: events, and the step rows they imply. */
export interface Buffered {
  events: PendingEvent[];
  opening: StepOpen | null;
  closing: StepClose | null;
}

/**
 * Data-modifying CTEs (`name as (…)`) that store the step rows of `buffered` for attempt
 * `attempt` of `taskId`, each running only when the CTE `guard` (the fenced task row) has a
 * row: an open and the close of the same step become one insert of the finished row. CTE
 * names end with `suffix` (several tasks' writes in one statement).
 */
export function stepRowWrites(
  taskId: string,
  attempt: number,
  buffered: Pick<Buffered, 'opening' | 'closing'>,
  guard: string,
  suffix = '',
): RawBuilder<unknown>[] {
  const { opening, closing } = buffered;
  const from = sql.table(guard);
  const writes: RawBuilder<unknown>[] = [];
  if (opening) {
    const done = closing?.seq === opening.seq ? closing : null;
    writes.push(sql`${sql.table(`opened${suffix}`)} as (
      insert into runs (task_id, seq, attempt, kind, name, status, input, output, error,
        prompt_tokens, completion_tokens, started_at, finished_at)
      select ${taskId}::uuid, ${opening.seq}, ${attempt}, ${opening.kind}, ${opening.name},
        ${done?.status ?? 'running'}, ${opening.input}::jsonb, ${done?.output ?? null}::jsonb,
        ${done?.error ?? null}, ${done?.promptTokens ?? 0}, ${done?.completionTokens ?? 0},
        ${opening.startedAt}::timestamptz, ${done?.finishedAt ?? null}::timestamptz
      from ${from}
    )`);
  }
  if (closing && closing.seq !== opening?.seq) {
    writes.push(sql`${sql.table(`closed${suffix}`)} as (
      update runs set status = ${closing.status}, output = ${closing.output}::jsonb,
        error = ${closing.error}, prompt_tokens = ${closing.promptTokens},
        completion_tokens = ${closing.completionTokens}, finished_at = now()
      from ${from}
      where runs.task_id = ${taskId} and runs.seq = ${closing.seq}
    )`);
  }
  return writes;
}

/** A CTE `name as (insert into task_events …)` storing `events` of `taskId` when `guard` has a row. */
export function eventWrites(
  name: string,
  taskId: string,
  events: PendingEvent[],
  guard: string,
): RawBuilder<unknown>[] {
  if (events.length === 0) return [];
  return [
    sql`${sql.table(name)} as (
      insert into task_events (task_id, id, type, data, created_at)
      select ${taskId}::uuid, v.id, v.type, v.data, v.created_at
      from ${sql.table(guard)}, (values ${eventValues(events)}) as v(id, type, data, created_at)
    )`,
  ];
}
