import { EventEmitter } from 'node:events';
import type { DB } from '@capecontrol/db';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Wakes idle workers when work arrives, so a new task starts in milliseconds rather than at
 * the next poll. Workers also poll, so a lost wake-up only costs latency.
 */
export interface QueueNotifier {
  /** Tell every worker (in every process) that a task is ready. */
  notify(): Promise<void>;
  /**
   * Postgres: the channel workers LISTEN on. A writer may send `pg_notify(channel, '')` in the
   * statement that makes a task claimable (Postgres delivers it when that commits: no extra
   * round trip) and then call notifyLocal() instead of notify(). Null: call notify().
   */
  readonly channel: string | null;
  /** Wakes the workers of this process only. */
  notifyLocal(): Promise<void>;
  onNotify(listener: () => void): () => void;
  close(): Promise<void>;
}

export const QUEUE_CHANNEL = 'cape_task_queued';

export function createInProcessNotifier(): QueueNotifier {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const wake = async () => {
    emitter.emit('ready');
  };
  return {
    notify: wake,
    channel: null,
    notifyLocal: wake,
    onNotify(listener) {
      emitter.on('ready', listener);
      return () => emitter.off('ready', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Postgres LISTEN/NOTIFY: a dedicated connection listens (reconnecting when it drops); notifies
 * go through the application's pool. Local listeners are also woken directly, so an API+worker
 * process does not wait for the round trip. The connection opens with the first `onNotify`:
 * a process without a worker (`--role api`) only sends, and holds no listening backend that
 * Postgres would have to signal on every notify.
 */
export function createPostgresNotifier(url: string, db: Kysely<DB>, logger: Logger): QueueNotifier {
  const local = createInProcessNotifier();
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, 1_000);
  };
  const listen = async () => {
    if (closed) return;
    const connection = new pg.Client({ connectionString: url });
    connection.on('notification', () => void local.notify());
    connection.on('error', (error) => {
      logger.warn(
        { err: error },
        'queue notifier connection lost; relying on polling until it is back',
      );
      if (client === connection) client = null;
      connection.end().catch(() => undefined);
      schedule();
    });
    try {
      await connection.connect();
      await connection.query(`listen ${QUEUE_CHANNEL}`);
      if (closed) await connection.end();
      else client = connection;
    } catch (error) {
      logger.warn({ err: error }, 'queue notifier could not listen; relying on polling');
      connection.end().catch(() => undefined);
      schedule();
    }
  };

  return {
    async notify() {
      await local.notify();
      await sql`select pg_notify(${QUEUE_CHANNEL}, '')`.execute(db).catch(() => undefined);
    },
    channel: QUEUE_CHANNEL,
    notifyLocal: () => local.notify(),
    onNotify(listener) {
      if (!listening && !closed) {
        listening = true;
        void listen();
      }
      return local.onNotify(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
      await local.close();
    },
  };
}
