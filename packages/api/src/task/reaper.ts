import type { DB } from '@capecontrol/db';
import type { TaskEvent, TaskEventPayload } from '@capecontrol/schema';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../audit/audit';
import type { TaskRuntime } from './deps';
import { appendLockedEvents } from './tasks';

/**
 * Finds running tasks whose lease expired (their worker crashed, hung or lost the database) and
 * decides their fate: back to the queue for another attempt, or a terminal state when the
 * attempts, the time limit or the user's patience (cancel) have run out. Bumping the fencing
 * token shuts the old holder out even if it comes back. Returns how many it handled.
 */
export async function reclaimExpiredLeases(
  db: Kysely<DB>,
  runtime: TaskRuntime,
  limit = 20,
): Promise<number> {
  let handled = 0;
  for (let index = 0; index < limit; index += 1) {
    const result = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('tasks')
        .select([
          'id',
          'attempt',
          'max_attempts',
          'deadline_at',
          'cancel_requested_at',
          'lease_owner',
        ])
        .where('status', '=', 'running')
        .where('lease_expires_at', '<', sql<Date>`now()`)
        .orderBy('lease_expires_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      const expired = row.deadline_at !== null && row.deadline_at.getTime() <= Date.now();
      const outcome = row.cancel_requested_at
        ? ({
            status: 'cancelled',
            code: 'cancelled',
            message: 'Cancelled while its worker was unresponsive.',
          } as const)
        : expired
          ? ({
              status: 'timed_out',
              code: 'timeout',
              message: 'The task ran past its time limit while its worker was unresponsive.',
            } as const)
          : row.attempt >= row.max_attempts
            ? ({
                status: 'failed',
                code: 'worker_lost',
                message: `The worker running this task stopped responding ${row.attempt} times; giving up.`,
              } as const)
            : null;
      let payloads: TaskEventPayload[];
      if (outcome) {
        await trx
          .updateTable('tasks')
          .set((eb) => ({
            status: outcome.status,
            error_code: outcome.code,
            error_message: outcome.message,
            finished_at: sql`now()`,
            lease_owner: null,
            lease_expires_at: null,
            fencing_token: eb('fencing_token', '+', 1),
            updated_at: sql`now()`,
          }))
          .where('id', '=', row.id)
          .execute();
        payloads = [
          { type: 'status', status: outcome.status, attempt: row.attempt, reason: 'lease_expired' },
          {
            type: 'terminal',
            status: outcome.status,
            error: { code: outcome.code, message: outcome.message },
            output: null,
          },
        ];
      } else {
        await trx
          .updateTable('tasks')
          .set((eb) => ({
            status: 'queued',
            lease_owner: null,
            lease_expires_at: null,
            fencing_token: eb('fencing_token', '+', 1),
            updated_at: sql`now()`,
          }))
          .where('id', '=', row.id)
          .execute();
        payloads = [
          { type: 'status', status: 'queued', attempt: row.attempt, reason: 'lease_expired' },
        ];
      }
      const events: TaskEvent[] = await appendLockedEvents(trx, row.id, payloads);
      await recordAudit(trx, {
        action: outcome ? `task.${outcome.status}` : 'task.reclaim',
        outcome: outcome && outcome.status !== 'cancelled' ? 'failure' : 'success',
        actor: { type: 'system' },
        target: { type: 'task', id: row.id },
        metadata: {
          attempt: row.attempt,
          previousWorker: row.lease_owner,
          reason: 'lease_expired',
        },
      });
      return { id: row.id, events, requeued: !outcome };
    });
    if (!result) break;
    handled += 1;
    await runtime.bus.publish(result.id, result.events).catch(() => undefined);
    if (result.requeued) await runtime.notifier.notify().catch(() => undefined);
  }
  return handled;
}
