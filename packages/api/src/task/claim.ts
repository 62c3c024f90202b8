import type { DB } from '@capecontrol/db';
import { sql, type Kysely } from 'kysely';
import { compiledStatement } from './compiled-statement';
import { auditTaskRow } from './task-audit';

export interface ClaimedTask {
  id: string;
  userId: string;
  agent: string;
  input: unknown;
  attempt: number;
  maxAttempts: number;
  fencingToken: number;
  deadlineAt: Date;
  timeoutMs: number;
  cancelRequested: boolean;
  /** True when an earlier attempt started the task: its steps must be loaded and replayed. */
  resumed: boolean;
  promptTokens: number;
  completionTokens: number;
  /** The `running` status event the claim appended (its id is the task's last event id). */
  startEvent: { id: number; attempt: number; at: Date };
}

/**
 * Claims the oldest queued task: FOR UPDATE SKIP LOCKED, so concurrent workers never take the
 * same one, and a new fencing token that every later write of this holder must present.
 */
export async function claimNextTask(
  db: Kysely<DB>,
  workerId: string,
  leaseMs: number,
): Promise<ClaimedTask | null> {
  return (await claimNextTasks(db, workerId, leaseMs, 1))[0] ?? null;
}

/** What a statement that starts an attempt returns per task (the claim, a handed-over create). */
export interface ClaimRow {
  id: string;
  user_id: string;
  agent: string;
  input: unknown;
  attempt: number;
  max_attempts: number;
  /** bigint: pg returns it as a string. */
  fencing_token: number | string;
  deadline_at: Date;
  timeout_ms: number;
  cancel_requested_at: Date | null;
  prompt_tokens: number;
  completion_tokens: number;
  resumed: boolean;
  /** The attempt's `running` event. */
  event_id: number;
  event_at: Date;
}

export function toClaimedTask(row: ClaimRow): ClaimedTask {
  return {
    id: row.id,
    userId: row.user_id,
    agent: row.agent,
    input: row.input,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    fencingToken: Number(row.fencing_token),
    deadlineAt: row.deadline_at,
    timeoutMs: row.timeout_ms,
    cancelRequested: row.cancel_requested_at !== null,
    resumed: row.resumed,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    startEvent: { id: Number(row.event_id), attempt: row.attempt, at: row.event_at },
  };
}

/** The claim, compiled once (it runs on every wake-up of every worker). */
const claimStatement = compiledStatement(
  ({ workerId, leaseMs, limit }: { workerId: string; leaseMs: number; limit: number }) =>
    sql<ClaimRow>`
      with next as (
        select id, started_at from tasks
        where status = 'queued'
        order by created_at, id
        limit ${limit}
        for update skip locked
      ), claimed as (
        update tasks set
          status = 'running',
          lease_owner = ${workerId},
          lease_expires_at = now() + ${leaseMs} * interval '1 millisecond',
          fencing_token = tasks.fencing_token + 1,
          attempt = tasks.attempt + 1,
          started_at = coalesce(tasks.started_at, now()),
          deadline_at = coalesce(tasks.deadline_at, now() + tasks.timeout_ms * interval '1 millisecond'),
          updated_at = now()
        from next
        where tasks.id = next.id
        returning tasks.id, tasks.user_id, tasks.agent, tasks.input, tasks.attempt, tasks.max_attempts,
          tasks.fencing_token, tasks.deadline_at, tasks.timeout_ms, tasks.cancel_requested_at,
          tasks.prompt_tokens, tasks.completion_tokens, next.started_at is not null as resumed,
          (select coalesce(max(e.id), 0) from task_events e where e.task_id = tasks.id) + 1 as event_id
      ), start_event as (
        insert into task_events (task_id, id, type, data, created_at)
        select id, event_id, 'status', jsonb_build_object('status', 'running', 'attempt', attempt), now()
        from claimed
        returning task_id, created_at
      ), audit as (
        ${auditTaskRow('claimed', {
          action: 'task.start',
          outcome: 'success',
          actor: { type: 'system' },
          metadata: sql`jsonb_build_object('attempt', claimed.attempt)`,
        })}
      )
      select claimed.*, start_event.created_at as event_at
      from claimed join start_event on start_event.task_id = claimed.id
      order by claimed.event_id
    `,
);

/**
 * Claims up to `limit` of the oldest queued tasks (a worker asks for as many as it has free
 * slots, so it never holds a task it cannot start at once).
 *
 * One statement does the whole start of an attempt, so a claim costs one round trip: it also
 * appends each task's `running` status event and `task.start` audit row, and returns what the
 * executor needs (token totals, the last event id, whether an earlier attempt ran). The event
 * id is read under the claim's row lock: every other writer of a task's events holds that
 * lock (or, fenced, waits for it and then finds its token stale).
 */
export async function claimNextTasks(
  db: Kysely<DB>,
  workerId: string,
  leaseMs: number,
  limit: number,
): Promise<ClaimedTask[]> {
  const result = await claimStatement(db, { workerId, leaseMs, limit });
  return result.rows.map(toClaimedTask);
}

/** Extends the lease; false when the holder was fenced out. Also reports a pending cancel. */
export async function heartbeat(
  db: Kysely<DB>,
  taskId: string,
  fencingToken: number,
  leaseMs: number,
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const row = await db
    .updateTable('tasks')
    .set({ lease_expires_at: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where('id', '=', taskId)
    .where('fencing_token', '=', fencingToken)
    .where('status', '=', 'running')
    .returning(['cancel_requested_at'])
    .executeTakeFirst();
  return { held: row !== undefined, cancelRequested: row?.cancel_requested_at != null };
}
