import type { DB } from '@capecontrol/db';
import { isUniqueViolation } from '@capecontrol/db';
import {
  isTerminalStatus,
  type CreateTaskInput,
  type Task,
  type TaskEvent,
  type TaskEventPayload,
  type TaskPage,
  type TaskStatus,
  type TaskWithSteps,
} from '@capecontrol/schema';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ZodError } from 'zod';
import { recordAudit, type AuditActor, type RequestOrigin } from '../audit/audit';
import { AppError } from '../errors';
import type { TaskRuntime } from './deps';
import { compiledStatement } from './compiled-statement';
import { toClaimedTask, type ClaimRow } from './claim';
import type { WorkerSlot } from './local-workers';
import {
  auditTaskInsert,
  auditTaskRow,
  taskAuditColumns,
  type TaskAuditColumns,
} from './task-audit';
import {
  eventDataJson,
  insertFencedEvents,
  lastEventId,
  toEvents,
  type PendingEvent,
} from './task-events';
import { selectTasks, toTaskDto, withSteps, type TaskRow } from './task-rows';

/** A cancel for a task not created yet is honoured by a create within this time. */
const CANCEL_INTENT_TTL_MS = 10 * 60 * 1000;

export interface TaskActor {
  /** The task's owner. */
  userId: string;
  apiKeyId: string | null;
  origin: RequestOrigin | null;
  /** Who the audit log names when it is not the owner (an administrator re-driving a task). */
  auditAs?: AuditActor;
}

const actorOf = (actor: TaskActor): AuditActor =>
  actor.auditAs ??
  (actor.apiKeyId
    ? ({ type: 'api_key', userId: actor.userId, apiKeyId: actor.apiKeyId } as const)
    : ({ type: 'user', userId: actor.userId } as const));

/** Canonical JSON (sorted keys) so "the same request" compares equal however keys were ordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}

/**
 * Appends events to a task whose row the caller has locked (`for update`) in `trx`; numbering
 * continues from the stored log. Returns them for publishing after commit.
 */
export async function appendLockedEvents(
  trx: Transaction<DB>,
  taskId: string,
  payloads: TaskEventPayload[],
): Promise<TaskEvent[]> {
  const start = await lastEventId(trx, taskId);
  const now = new Date();
  const pending = payloads.map((payload, index) => ({ id: start + index + 1, payload, at: now }));
  await insertFencedEvents(trx, taskId, null, pending);
  return toEvents(taskId, pending);
}

/**
 * Queues a task for `agent`. Idempotent: the same client-chosen id or idempotency key with the
 * same request returns the existing task; with a different request it is a CONFLICT.
 */
export async function createTask(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  actor: TaskActor,
  request: CreateTaskInput,
): Promise<Task> {
  const agent = await runtime.agents.resolve(request.agent, actor.userId);
  const parsed = agent.inputSchema.safeParse(request.input);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', `input: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      cause: prefixIssues(parsed.error, 'input'),
    });
  }
  const input = parsed.data;
  const timeoutMs = request.timeoutMs ?? runtime.config.defaultTimeoutMs;

  const queued: PendingEvent = {
    id: 1,
    payload: { type: 'status', status: 'queued', attempt: 0 },
    at: new Date(),
  };
  const task: NewTask = {
    id: request.id ?? null,
    agent: request.agent,
    input,
    idempotencyKey: request.idempotencyKey ?? null,
    timeoutMs,
    maxAttempts: runtime.config.maxAttempts,
    event: queued,
    notifyChannel: runtime.notifier.channel,
  };

  // Most creates take one statement and no reads first: it inserts nothing when this id or key
  // is taken, or when Stop was pressed for the task before it existed; the checks below decide.
  try {
    const created = await insertNew(db, runtime, actor, task);
    if (created) return created;
  } catch (error) {
    // Raced with a create of the same id or key: the checks below find the winner's task.
    if (!isUniqueViolation(error)) throw error;
  }
  for (let attempt = 0; ; attempt += 1) {
    try {
      const existing = await findExisting(db, actor.userId, request);
      if (existing) {
        if (existing.agent !== request.agent || canonical(existing.input) !== canonical(input)) {
          throw new AppError(
            'CONFLICT',
            request.idempotencyKey
              ? 'This idempotency key was already used for a different request.'
              : 'A task with this id already exists.',
          );
        }
        return toTaskDto(existing);
      }
      // Stop was pressed before this create arrived: the task is created, then cancelled at
      // once, without waking any worker.
      const cancelIntent = request.id
        ? await db
            .deleteFrom('task_cancel_intents')
            .where('task_id', '=', request.id)
            .where('user_id', '=', actor.userId)
            .where('created_at', '>', new Date(Date.now() - CANCEL_INTENT_TTL_MS))
            .returning('task_id')
            .executeTakeFirst()
        : undefined;
      if (cancelIntent) {
        // Created and cancelled in one transaction: no worker ever sees it queued.
        const outcome = await db.transaction().execute(async (trx) => {
          const row = await insertTask(trx, actor, { ...task, notifyChannel: null });
          return row ? await cancelLocked(trx, actor, row.id) : null;
        });
        if (!outcome) throw new AppError('CONFLICT', 'A task with this id already exists.');
        await runtime.bus.publish(outcome.task.id, [
          ...toEvents(outcome.task.id, [queued]),
          ...outcome.events,
        ]);
        return outcome.task;
      }
      const created = await insertNew(db, runtime, actor, task);
      if (created) return created;
      // A task with this id or key, or a Stop for it, appeared meanwhile: look again.
      if (attempt === 0) continue;
      throw new AppError('CONFLICT', 'A task with this id already exists.');
    } catch (error) {
      // Two creates with the same id or key raced: the loser finds the winner's task next time.
      if (isUniqueViolation(error) && attempt === 0) continue;
      if (isUniqueViolation(error))
        throw new AppError('CONFLICT', 'A task with this id already exists.');
      throw error;
    }
  }
}

interface NewTask {
  id: string | null;
  agent: string;
  input: unknown;
  idempotencyKey: string | null;
  timeoutMs: number;
  maxAttempts: number;
  event: PendingEvent;
  /** Postgres: the channel the insert notifies when it queues the task. */
  notifyChannel: string | null;
}

/**
 * Inserts `task` unless its id or key is taken or a Stop was stored for it (null then), and
 * starts it on an idle worker of this process when there is one; otherwise queues it and wakes
 * the workers.
 */
async function insertNew(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  actor: TaskActor,
  task: NewTask,
): Promise<Task | null> {
  const toBus = (id: string) => toEvents(id, [task.event]);
  // An idle worker of this process takes the task as it is inserted (one commit, no wake-up,
  // no claim); without one, it is queued for any worker.
  const slot = runtime.local.reserve();
  if (slot) {
    let claimed: ClaimedTaskRow | null;
    try {
      claimed = await insertClaimedTask(db, actor, task, slot);
    } catch (error) {
      slot.release();
      throw error;
    }
    if (!claimed) {
      slot.release();
      return null;
    }
    // `queued` goes to the bus before the run announces `running`: a bus delivers in the
    // order of publish calls.
    const published = runtime.bus.publish(claimed.id, toBus(claimed.id));
    slot.start(toClaimedTask(claimed));
    await published;
    return toTaskDto(claimed);
  }
  const row = await insertTask(db, actor, task);
  if (!row) return null;
  await runtime.bus.publish(row.id, toBus(row.id));
  // With a channel, the insert itself woke the workers of every process at its commit.
  await (task.notifyChannel ? runtime.notifier.notifyLocal() : runtime.notifier.notify());
  return toTaskDto(row);
}

/**
 * Inserts the row of a new task only when no task has its id or (for its user) its idempotency
 * key, and no recent Stop was stored for its id: `select … where` this, in the insert.
 */
function newTaskGuard(task: InsertTaskParams) {
  return sql`
    where not exists (select 1 from tasks t where t.id = ${task.id}::uuid)
      and not exists (
        select 1 from tasks t
        where t.user_id = ${task.userId}::uuid and t.idempotency_key = ${task.idempotencyKey}::text
      )
      and not exists (
        select 1 from task_cancel_intents i
        where i.task_id = ${task.id}::uuid and i.user_id = ${task.userId}::uuid
          and i.created_at > now() - ${CANCEL_INTENT_TTL_MS} * interval '1 millisecond'
      )
  `;
}

interface InsertTaskParams {
  id: string | null;
  userId: string;
  agent: string;
  /** JSON. */
  input: string;
  idempotencyKey: string | null;
  timeoutMs: number;
  maxAttempts: number;
  eventId: number;
  eventType: string;
  /** JSON. */
  eventData: string;
  eventAt: Date;
  actorType: TaskAuditColumns['actorType'];
  actorUserId: string | null;
  actorApiKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** JSON. */
  auditMetadata: string;
  notifyChannel: string | null;
}

/** The `task.create` audit row of the task inserted by CTE `task`. */
function createAudit(task: InsertTaskParams) {
  return auditTaskInsert('task', {
    action: 'task.create',
    outcome: 'success',
    columns: {
      actorType: task.actorType,
      actorUserId: task.actorUserId,
      actorApiKeyId: task.actorApiKeyId,
      ip: task.ip,
      userAgent: task.userAgent,
      requestId: task.requestId,
    },
    metadata: sql`${task.auditMetadata}::jsonb`,
  });
}

/** The values every new task row starts with (id, owner, agent, input, key, limits). */
function newTaskValues(task: InsertTaskParams) {
  return sql`coalesce(${task.id}::uuid, gen_random_uuid()), ${task.userId}, ${task.agent},
    ${task.input}::jsonb, ${task.idempotencyKey}, ${task.timeoutMs}, ${task.maxAttempts}`;
}

/** The new task's first event (`queued`), selected from the CTE `task`. */
function queuedEventRow(task: InsertTaskParams) {
  return sql`select task.id, ${task.eventId}::integer, ${task.eventType}::text,
    ${task.eventData}::jsonb, ${task.eventAt}::timestamptz
    from task`;
}

/** The insert of insertTask, compiled once per shape (with and without the notify). */
function insertTaskStatement(notify: boolean) {
  return compiledStatement(
    (task: InsertTaskParams) => sql<TaskRow>`
      with task as (
        insert into tasks (id, user_id, agent, input, idempotency_key, timeout_ms, max_attempts)
        select ${newTaskValues(task)}
        ${newTaskGuard(task)}
        returning *
      ), event as (
        insert into task_events (task_id, id, type, data, created_at)
        ${queuedEventRow(task)}
      ), audit as (
        ${createAudit(task)}
      )
      select task.*, ${task.eventId}::integer as last_event_id
        ${notify ? sql`, pg_notify(${task.notifyChannel}, '') is null as notified` : sql``}
      from task
    `,
  );
}

const insertTaskStatements = {
  notifying: insertTaskStatement(true),
  silent: insertTaskStatement(false),
};

/**
 * Inserts a task with its first event and its `task.create` audit row in one statement (one
 * round trip, atomic without a transaction), notifying `notifyChannel` when given; null when
 * newTaskGuard held it back. A create racing with one of the same id or key fails the whole
 * statement with a unique violation.
 */
async function insertTask(
  db: Kysely<DB>,
  actor: TaskActor,
  task: NewTask,
): Promise<TaskRow | null> {
  const statement = task.notifyChannel
    ? insertTaskStatements.notifying
    : insertTaskStatements.silent;
  const result = await statement(db, insertTaskParams(actor, task));
  return result.rows[0] ?? null;
}

function insertTaskParams(actor: TaskActor, task: NewTask): InsertTaskParams {
  return {
    id: task.id,
    userId: actor.userId,
    agent: task.agent,
    input: JSON.stringify(task.input),
    idempotencyKey: task.idempotencyKey,
    timeoutMs: task.timeoutMs,
    maxAttempts: task.maxAttempts,
    eventId: task.event.id,
    eventType: task.event.payload.type,
    eventData: eventDataJson(task.event.payload),
    eventAt: task.event.at,
    ...taskAuditColumns(actorOf(actor), actor.origin),
    auditMetadata: JSON.stringify({ agent: task.agent, idempotencyKey: task.idempotencyKey }),
    notifyChannel: task.notifyChannel,
  };
}

/** The insert of insertClaimedTask, compiled once. */
const insertClaimedTaskStatement = compiledStatement(
  (task: InsertTaskParams & { workerId: string; leaseMs: number }) => sql<ClaimedTaskRow>`
    with task as (
      insert into tasks (id, user_id, agent, input, idempotency_key, timeout_ms, max_attempts,
        status, lease_owner, lease_expires_at, fencing_token, attempt, started_at, deadline_at)
      select ${newTaskValues(task)},
        'running', ${task.workerId}, now() + ${task.leaseMs} * interval '1 millisecond', 1, 1,
        now(), now() + ${task.timeoutMs} * interval '1 millisecond'
      ${newTaskGuard(task)}
      returning *
    ), event as (
      insert into task_events (task_id, id, type, data, created_at)
      ${queuedEventRow(task)}
      union all
      select task.id, ${task.eventId}::integer + 1, 'status',
        jsonb_build_object('status', 'running', 'attempt', task.attempt), now()
      from task
    ), created as (
      ${createAudit(task)}
      returning target_id as id
    ), started as (
      -- Reads created, so its row is inserted after that one: the audit log keeps create, start.
      ${auditTaskRow('created', {
        action: 'task.start',
        outcome: 'success',
        actor: { type: 'system' },
        metadata: sql`jsonb_build_object('attempt', 1)`,
      })}
    )
    select task.*, ${task.eventId}::integer + 1 as last_event_id, false as resumed,
      ${task.eventId}::integer + 1 as event_id, now() as event_at
    from task
  `,
);

/** The task's row, and what a claim returns for it. */
type ClaimedTaskRow = TaskRow & ClaimRow;

/**
 * Inserts a task already claimed by the worker holding `slot`: what insertTask and a claim
 * write together (the task running under a new lease with fencing token 1, its `queued` and
 * `running` events, its `task.create` and `task.start` audit rows), in one statement; null
 * when newTaskGuard held it back.
 */
async function insertClaimedTask(
  db: Kysely<DB>,
  actor: TaskActor,
  task: NewTask,
  slot: WorkerSlot,
): Promise<ClaimedTaskRow | null> {
  const result = await insertClaimedTaskStatement(db, {
    ...insertTaskParams(actor, task),
    workerId: slot.workerId,
    leaseMs: slot.leaseMs,
  });
  return result.rows[0] ?? null;
}

async function findExisting(
  db: Kysely<DB>,
  userId: string,
  request: CreateTaskInput,
): Promise<TaskRow | undefined> {
  if (request.idempotencyKey) {
    const byKey = await selectTasks(db)
      .where('tasks.user_id', '=', userId)
      .where('tasks.idempotency_key', '=', request.idempotencyKey)
      .executeTakeFirst();
    if (byKey) return byKey;
  }
  if (request.id) {
    const byId = await selectTasks(db).where('tasks.id', '=', request.id).executeTakeFirst();
    // Another user's id: refuse without saying whose.
    if (byId && byId.user_id !== userId)
      throw new AppError('CONFLICT', 'A task with this id already exists.');
    return byId;
  }
  return undefined;
}

function prefixIssues(error: ZodError, prefix: string): ZodError {
  return new ZodError(error.issues.map((issue) => ({ ...issue, path: [prefix, ...issue.path] })));
}

/** A task of `userId` with its steps; NOT_FOUND for anyone else's (no existence oracle). */
export async function getTask(db: Kysely<DB>, userId: string, id: string): Promise<TaskWithSteps> {
  const row = await requireOwnTask(db, userId, id);
  const steps = await db
    .selectFrom('runs')
    .selectAll()
    .where('task_id', '=', id)
    .orderBy('seq')
    .execute();
  return withSteps(toTaskDto(row), steps);
}

export async function requireOwnTask(db: Kysely<DB>, userId: string, id: string): Promise<TaskRow> {
  const row = await selectTasks(db)
    .where('tasks.id', '=', id)
    .where('tasks.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such task.');
  return row;
}

/** The caller's tasks, newest first, keyset-paginated (stable while new tasks arrive). */
export async function listTasks(
  db: Kysely<DB>,
  userId: string,
  options: {
    status?: TaskStatus[] | undefined;
    agent?: string | undefined;
    limit: number;
    cursor?: string | null | undefined;
  },
): Promise<TaskPage> {
  let query = selectTasks(db).where('tasks.user_id', '=', userId);
  if (options.status && options.status.length > 0)
    query = query.where('tasks.status', 'in', options.status);
  if (options.agent) query = query.where('tasks.agent', '=', options.agent);
  if (options.cursor) {
    const { createdAt, id } = decodeCursor(options.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('tasks.created_at', '<', createdAt),
        eb.and([eb('tasks.created_at', '=', createdAt), eb('tasks.id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('tasks.created_at', 'desc')
    .orderBy('tasks.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map(toTaskDto),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor.');
  }
  return { createdAt, id };
}

/**
 * Asks a task to stop. A queued task is cancelled at once (with its terminal event); a running
 * one is flagged, and its worker stops at the next step boundary or model call, aborting any
 * call in flight, keeping the partial output. Cancelling a finished task changes nothing.
 */
export async function cancelTask(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  actor: TaskActor,
  id: string,
): Promise<Task> {
  const outcome = await db.transaction().execute((trx) => cancelLocked(trx, actor, id));
  if (!outcome) {
    throw new AppError(
      'NOT_FOUND',
      'No such task yet. If it is created with this id, it will start cancelled.',
    );
  }
  await runtime.bus.publish(id, outcome.events);
  if (outcome.wasRunning) await runtime.bus.publishControl({ taskId: id, action: 'cancel' });
  return outcome.task;
}

/**
 * cancelTask's writes, in `trx`: null when the task does not exist (a cancel intent is stored
 * then); otherwise the task after the cancel and the events to publish once `trx` commits.
 */
async function cancelLocked(
  trx: Transaction<DB>,
  actor: TaskActor,
  id: string,
): Promise<{ task: Task; events: TaskEvent[]; wasRunning: boolean } | null> {
  const row = await trx
    .selectFrom('tasks')
    .select(['id', 'status', 'attempt', 'cancel_requested_at'])
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    // Not created yet (or not this user's): remember the cancel in case a create with this id
    // is still on its way. Another user's id stays untouched and unrevealed.
    await sql`
      insert into task_cancel_intents (task_id, user_id)
      select ${id}::uuid, ${actor.userId}::uuid
      where not exists (select 1 from tasks where id = ${id}::uuid)
      on conflict (task_id) do nothing
    `.execute(trx);
    return null;
  }
  let events: TaskEvent[] = [];
  if (!isTerminalStatus(row.status as TaskStatus)) {
    if (row.status === 'queued') {
      await trx
        .updateTable('tasks')
        .set((eb) => ({
          status: 'cancelled',
          cancel_requested_at: new Date(),
          finished_at: new Date(),
          updated_at: new Date(),
          error_code: 'cancelled',
          error_message: 'Cancelled before it started.',
          fencing_token: eb('fencing_token', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      events = await appendLockedEvents(trx, id, [
        { type: 'status', status: 'cancelled', attempt: row.attempt },
        {
          type: 'terminal',
          status: 'cancelled',
          error: { code: 'cancelled', message: 'Cancelled before it started.' },
          output: null,
        },
      ]);
    } else if (!row.cancel_requested_at) {
      await trx
        .updateTable('tasks')
        .set({ cancel_requested_at: new Date(), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(trx, {
      action: 'task.cancel',
      outcome: 'success',
      actor: actorOf(actor),
      target: { type: 'task', id },
      origin: actor.origin,
      metadata: { previousStatus: row.status },
    });
  }
  const task = await selectTasks(trx).where('tasks.id', '=', id).executeTakeFirstOrThrow();
  return { task: toTaskDto(task), events, wasRunning: row.status === 'running' };
}

/** Runs a finished task again as a new task with the same agent and input. */
export async function retryTask(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  actor: TaskActor,
  id: string,
): Promise<Task> {
  const original = await requireOwnTask(db, actor.userId, id);
  if (!isTerminalStatus(original.status as TaskStatus)) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'Only a finished task can be retried; cancel it first.',
    );
  }
  const task = await createTask(db, runtime, actor, {
    agent: original.agent,
    input: original.input,
    timeoutMs: original.timeout_ms,
  });
  await db.updateTable('tasks').set({ retry_of: id }).where('id', '=', task.id).execute();
  await recordAudit(db, {
    action: 'task.retry',
    outcome: 'success',
    actor: actorOf(actor),
    target: { type: 'task', id },
    origin: actor.origin,
    metadata: { newTaskId: task.id },
  });
  return { ...task, retryOf: id };
}
