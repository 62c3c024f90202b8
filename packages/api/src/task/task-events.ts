import type { DB } from '@capecontrol/db';
import { taskEventPayloadSchema, type TaskEvent, type TaskEventPayload } from '@capecontrol/schema';
import { sql, type Kysely } from 'kysely';
import { compiledStatement } from './compiled-statement';

interface EventRow {
  task_id: string;
  id: number;
  type: string;
  data: unknown;
  created_at: Date;
}

export function toTaskEvent(row: EventRow): TaskEvent {
  const payload = taskEventPayloadSchema.parse({ ...(row.data as object), type: row.type });
  return { ...payload, id: row.id, taskId: row.task_id, at: row.created_at.toISOString() };
}

/** The read of readEvents, compiled once (every stream starts with it). */
const readEventsStatement = compiledStatement(
  (params: { taskId: string; afterId: number; limit: number }) => sql<EventRow>`
    select task_id, id, type, data, created_at from task_events
    where task_id = ${params.taskId} and id > ${params.afterId}
    order by id
    limit ${params.limit}
  `,
);

/** Stored events of a task with id > `afterId`, in order. */
export async function readEvents(
  db: Kysely<DB>,
  taskId: string,
  afterId: number,
  limit = 1_000,
): Promise<TaskEvent[]> {
  const result = await readEventsStatement(db, { taskId, afterId, limit });
  return result.rows.map(toTaskEvent);
}

/** readEvents for the task's owner only: no rows at all when it is not `ownerId`'s task. */
const readOwnEventsStatement = compiledStatement(
  (params: { taskId: string; ownerId: string; afterId: number; limit: number }) => sql<
    Partial<EventRow>
  >`
    select e.task_id, e.id, e.type, e.data, e.created_at
    from tasks t
    left join lateral (
      select * from task_events e
      where e.task_id = t.id and e.id > ${params.afterId}
      order by e.id
      limit ${params.limit}
    ) e on true
    where t.id = ${params.taskId}::uuid and t.user_id = ${params.ownerId}::uuid
  `,
);

/**
 * readEvents, and the owner check in the same statement: null when task `taskId` is not
 * `ownerId`'s (or does not exist).
 */
export async function readOwnEvents(
  db: Kysely<DB>,
  taskId: string,
  ownerId: string,
  afterId: number,
  limit = 1_000,
): Promise<TaskEvent[] | null> {
  const { rows } = await readOwnEventsStatement(db, { taskId, ownerId, afterId, limit });
  if (rows.length === 0) return null;
  return rows.filter((row): row is EventRow => row.id != null).map(toTaskEvent);
}

export async function lastEventId(db: Kysely<DB>, taskId: string): Promise<number> {
  const row = await db
    .selectFrom('task_events')
    .select((eb) => eb.fn.max('id').as('last'))
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

export interface PendingEvent {
  id: number;
  payload: TaskEventPayload;
  at: Date;
}

/**
 * Inserts events only while `fencingToken` is still the task's token: a worker that lost its
 * lease writes nothing. Returns false when fenced out.
 */
export async function insertFencedEvents(
  db: Kysely<DB>,
  taskId: string,
  fencingToken: number | null,
  events: PendingEvent[],
): Promise<boolean> {
  if (events.length === 0) return true;
  const guard = fencingToken === null ? sql`true` : fencedBy(taskId, fencingToken);
  const result = await sql`
    insert into task_events (task_id, id, type, data, created_at)
    select ${taskId}::uuid, v.id, v.type, v.data, v.created_at
    from (values ${eventValues(events)}) as v(id, type, data, created_at)
    where ${guard}
  `.execute(db);
  return Number(result.numAffectedRows ?? 0) === events.length;
}

/** Rows `(id, type, data, created_at)` for a `values` list (at least one event). */
export function eventValues(events: PendingEvent[]) {
  return sql.join(
    events.map(
      (event) =>
        sql`(${event.id}::integer, ${event.payload.type}::text, ${eventDataJson(event.payload)}::jsonb, ${event.at}::timestamptz)`,
    ),
  );
}

/**
 * True while `token` is the task's fencing token. FOR SHARE makes a write wait for a concurrent
 * re-claim (which bumps the token) to commit, and then see the new token.
 */
export function fencedBy(taskId: string, token: number) {
  return sql<boolean>`exists (select 1 from tasks where id = ${taskId} and fencing_token = ${token} for share)`;
}

/** An event's `data` column (the payload without its type), serialised. */
export function eventDataJson(payload: TaskEventPayload): string {
  return JSON.stringify(dataOf(payload));
}

function dataOf(payload: TaskEventPayload): Omit<TaskEventPayload, 'type'> {
  const { type: _type, ...data } = payload;
  return data;
}

export function toEvents(taskId: string, pending: PendingEvent[]): TaskEvent[] {
  return pending.map((event) => ({
    ...event.payload,
    id: event.id,
    taskId,
    at: event.at.toISOString(),
  }));
}
