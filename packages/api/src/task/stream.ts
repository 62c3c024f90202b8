import type { DB } from '@capecontrol/db';
import type { TaskEvent } from '@capecontrol/schema';
import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { Kysely } from 'kysely';
import { AppError } from '../errors';
import type { TaskRuntime } from './deps';
import { readEvents, readOwnEvents } from './task-events';

/** Parses a resume cursor (tRPC hands back the last `tracked` id as a string). */
export function parseLastEventId(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const parsed = typeof value === 'number' ? value : Number.parseInt(value, 10);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : 0;
}

/**
 * A task's events from `afterId` on, ending after the terminal event. Order of operations is
 * what makes resumption exact: subscribe to the bus first (buffering), then replay the stored
 * log, then tail the bus, skipping ids already sent and filling any gap from the database.
 * When the bus is unhealthy it polls the database instead; it re-reads the database now and
 * then anyway, so a lost message costs latency, never an event.
 *
 * With `ownerId`, nothing is yielded unless the task is that user's: NOT_FOUND otherwise
 * (whether it exists or not). The check rides on the first database read.
 */
export async function* streamTaskEvents(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  taskId: string,
  afterId: number,
  signal: AbortSignal | undefined,
  ownerId?: string,
): AsyncGenerator<TrackedEnvelope<TaskEvent>> {
  const inbox: TaskEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await runtime.bus.subscribe(taskId, afterId, (events) => {
    inbox.push(...events);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  let last = afterId;
  try {
    // A client resuming after the terminal event already has everything. (From the start,
    // the replay below reaches the terminal event anyway: no extra round trip.)
    let unchecked = ownerId !== undefined;
    const notFound = () => new AppError('NOT_FOUND', 'No such task.');
    if (afterId > 0) {
      const task = await db
        .selectFrom('tasks')
        .select(['status', 'user_id'])
        .where('id', '=', taskId)
        .executeTakeFirst();
      if (unchecked && task?.user_id !== ownerId) throw notFound();
      unchecked = false;
      const finished =
        task !== undefined &&
        ['succeeded', 'failed', 'cancelled', 'timed_out'].includes(task.status);
      if (finished && (await readEvents(db, taskId, afterId, 1)).length === 0) return;
    }
    for (;;) {
      if (signal?.aborted) return;
      // Replay or catch up from the record.
      for (;;) {
        let batch: TaskEvent[];
        if (unchecked && ownerId !== undefined) {
          const own = await readOwnEvents(db, taskId, ownerId, last, 500);
          if (!own) throw notFound();
          unchecked = false;
          batch = own;
        } else {
          batch = await readEvents(db, taskId, last, 500);
        }
        for (const event of batch) {
          last = event.id;
          yield tracked(String(event.id), event);
          if (event.type === 'terminal') return;
        }
        if (batch.length < 500) break;
      }
      // Tail the bus until a gap, a timeout or the end.
      let gap = false;
      while (!gap && !signal?.aborted) {
        const event = inbox.shift();
        if (!event) {
          const pollMs = runtime.bus.healthy()
            ? runtime.config.streamSafetyPollMs
            : runtime.config.streamPollMs;
          const timedOut = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => {
              wake = null;
              resolve(true);
            }, pollMs);
            wake = () => {
              wake = null;
              clearTimeout(timer);
              resolve(false);
            };
          });
          if (timedOut) gap = true;
          continue;
        }
        if (event.id <= last) continue;
        if (event.id > last + 1) {
          inbox.unshift(event);
          gap = true;
          continue;
        }
        last = event.id;
        yield tracked(String(event.id), event);
        if (event.type === 'terminal') return;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
