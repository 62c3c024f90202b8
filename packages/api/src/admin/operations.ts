import type { DB } from '@capecontrol/db';
import {
  redrivableTaskStatuses,
  taskStatuses,
  type QueueHealth,
  type Task,
  type TaskFailure,
  type TaskFailurePage,
  type TaskStatus,
  type TaskStatusCounts,
} from '@capecontrol/schema';
import { sql, type Kysely } from 'kysely';
import { recordAudit, type AuditActor, type RequestOrigin } from '../audit/audit';
import { AppError } from '../errors';
import type { TaskRuntime } from '../task/deps';
import { retryTask } from '../task/tasks';

/** Minutes of history in the throughput series. */
export const THROUGHPUT_MINUTES = 15;

const emptyCounts = (): TaskStatusCounts =>
  Object.fromEntries(taskStatuses.map((status) => [status, 0])) as TaskStatusCounts;

/**
 * The queue at one instant (database time, the clock leases are written with): depth and age,
 * running tasks and their leases, who holds them, recent outcomes and per-minute throughput.
 * Leases "expiring soon" are those within one lease period: a live worker renews long before.
 */
export async function queueHealth(db: Kysely<DB>, leaseMs: number): Promise<QueueHealth> {
  const [summary, workers, windows, minutes] = await Promise.all([
    sql<{
      measured_at: Date;
      queued: number;
      oldest_queued_age_ms: number | null;
      running: number;
      expired: number;
      expiring_soon: number;
    }>`
      select now() as measured_at,
        (select count(*)::int from tasks where status = 'queued') as queued,
        (select floor(extract(epoch from now() - min(created_at)) * 1000)::bigint
          from tasks where status = 'queued') as oldest_queued_age_ms,
        count(*)::int as running,
        (count(*) filter (where lease_expires_at < now()))::int as expired,
        (count(*) filter (where lease_expires_at >= now()
          and lease_expires_at < now() + ${leaseMs} * interval '1 millisecond'))::int as expiring_soon
      from tasks where status = 'running'
    `.execute(db),
    db
      .selectFrom('tasks')
      .select((eb) => [
        'lease_owner',
        eb.fn.countAll<number>().as('running'),
        eb.fn.min('lease_expires_at').as('next_lease_expires_at'),
      ])
      .where('status', '=', 'running')
      .where('lease_owner', 'is not', null)
      .groupBy('lease_owner')
      .orderBy('lease_owner')
      .execute(),
    sql<{ status: string; last_hour: number; last_day: number }>`
      select status,
        (count(*) filter (where created_at >= now() - interval '1 hour'))::int as last_hour,
        count(*)::int as last_day
      from tasks where created_at >= now() - interval '1 day'
      group by status
    `.execute(db),
    sql<{ minute: Date; succeeded: number; failed: number; cancelled: number }>`
      select m.minute,
        (count(t.id) filter (where t.status = 'succeeded'))::int as succeeded,
        (count(t.id) filter (where t.status in ('failed', 'timed_out')))::int as failed,
        (count(t.id) filter (where t.status = 'cancelled'))::int as cancelled
      from generate_series(date_trunc('minute', now()) - ${THROUGHPUT_MINUTES - 1} * interval '1 minute',
        date_trunc('minute', now()), interval '1 minute') as m(minute)
      left join tasks t on t.finished_at >= m.minute and t.finished_at < m.minute + interval '1 minute'
      group by m.minute order by m.minute
    `.execute(db),
  ]);
  const row = summary.rows[0];
  if (!row) throw new Error('the queue summary returned no row');
  const lastHour = emptyCounts();
  const lastDay = emptyCounts();
  for (const window of windows.rows) {
    const status = window.status as TaskStatus;
    lastHour[status] = window.last_hour;
    lastDay[status] = window.last_day;
  }
  return {
    measuredAt: new Date(row.measured_at).toISOString(),
    queued: row.queued,
    oldestQueuedAgeMs:
      row.oldest_queued_age_ms === null ? null : Math.max(0, Number(row.oldest_queued_age_ms)),
    running: row.running,
    leases: { expired: row.expired, expiringSoon: row.expiring_soon, expiringWithinMs: leaseMs },
    activeWorkers: workers.map((worker) => ({
      id: worker.lease_owner ?? '',
      running: Number(worker.running),
      nextLeaseExpiresAt: worker.next_lease_expires_at
        ? new Date(worker.next_lease_expires_at).toISOString()
        : null,
    })),
    statusCounts: { lastHour, lastDay },
    throughput: minutes.rows.map((minute) => ({
      minute: new Date(minute.minute).toISOString(),
      succeeded: minute.succeeded,
      failed: minute.failed,
      cancelled: minute.cancelled,
    })),
  };
}

/** Failed and timed-out tasks of every user, most recently finished first, keyset-paginated. */
export async function listTaskFailures(
  db: Kysely<DB>,
  options: { limit: number; cursor?: string | null | undefined; agent?: string | undefined },
): Promise<TaskFailurePage> {
  let query = db
    .selectFrom('tasks')
    .innerJoin('users', 'users.id', 'tasks.user_id')
    .select([
      'tasks.id',
      'tasks.agent',
      'tasks.status',
      'tasks.error_code',
      'tasks.error_message',
      'tasks.attempt',
      'tasks.max_attempts',
      'tasks.created_at',
      'tasks.finished_at',
      'users.id as owner_id',
      'users.email as owner_email',
      'users.display_name as owner_display_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('tasks as retry')
        .select(sql<string>`json_build_object('id', retry.id, 'status', retry.status)`.as('r'))
        .whereRef('retry.retry_of', '=', 'tasks.id')
        .orderBy('retry.created_at', 'desc')
        .limit(1)
        .as('retried_as'),
    )
    // Matches the partial index tasks_failures_idx; finished_at is always set on these.
    .where('tasks.status', 'in', ['failed', 'timed_out'])
    .where('tasks.finished_at', 'is not', null);
  if (options.agent) query = query.where('tasks.agent', '=', options.agent);
  if (options.cursor) {
    const { finishedAt, id } = decodeCursor(options.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('tasks.finished_at', '<', finishedAt),
        eb.and([eb('tasks.finished_at', '=', finishedAt), eb('tasks.id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('tasks.finished_at', 'desc')
    .orderBy('tasks.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const items = page.map((row): TaskFailure => ({
    id: row.id,
    agent: row.agent,
    status: row.status === 'timed_out' ? 'timed_out' : 'failed',
    owner: { id: row.owner_id, email: row.owner_email, displayName: row.owner_display_name },
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    retriedAs: (row.retried_as as TaskFailure['retriedAs'] | null) ?? null,
  }));
  return {
    items,
    nextCursor:
      rows.length > options.limit && last?.finished_at
        ? encodeCursor(last.finished_at, last.id)
        : null,
  };
}

function encodeCursor(finishedAt: Date, id: string): string {
  return Buffer.from(`${finishedAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { finishedAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const finishedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(finishedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor.');
  }
  return { finishedAt, id };
}

export interface Operator {
  /** Who the audit log names: the administrator (or their API key). */
  actor: AuditActor;
  origin: RequestOrigin | null;
}

/**
 * Runs a failed, timed-out or cancelled task of any user again, through the same path as the
 * owner's own `task.retry`: a new task for the owner with the same agent and input, `retryOf`
 * the original. The audit log names the administrator, on the retry and on an
 * `admin.task.redrive` row that also names the owner.
 */
export async function redriveTask(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  operator: Operator,
  id: string,
): Promise<Task> {
  const original = await db
    .selectFrom('tasks')
    .select(['user_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!original) throw new AppError('NOT_FOUND', 'No such task.');
  if (!(redrivableTaskStatuses as readonly string[]).includes(original.status)) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `Only failed, timed-out or cancelled tasks can be re-driven; this one is ${original.status.replace('_', ' ')}.`,
    );
  }
  const task = await retryTask(
    db,
    runtime,
    { userId: original.user_id, apiKeyId: null, origin: operator.origin, auditAs: operator.actor },
    id,
  );
  await recordAudit(db, {
    action: 'admin.task.redrive',
    outcome: 'success',
    actor: operator.actor,
    target: { type: 'task', id },
    origin: operator.origin,
    metadata: { ownerId: original.user_id, previousStatus: original.status, newTaskId: task.id },
  });
  return task;
}
