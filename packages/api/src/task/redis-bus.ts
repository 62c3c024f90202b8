import { taskEventSchema, type TaskEvent } from '@capecontrol/schema';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventBus, TaskControl, Unsubscribe } from './event-bus';

interface Subscription {
  afterId: number;
  listener: (events: TaskEvent[]) => void;
}

/** How long a finished task's stream stays in Redis (late joiners replay from Postgres anyway). */
const FINISHED_STREAM_TTL_SECONDS = 600;
const STREAM_MAX_LENGTH = 10_000;
const BLOCK_MS = 5_000;

/**
 * Task events through Redis Streams, one stream per task, whose entry ids are the task's own
 * event ids (`0-<id>`): a resume cursor is the same number everywhere. Each process tails all
 * the streams its subscribers watch with one blocking XREAD on a dedicated connection, woken
 * with CLIENT UNBLOCK when the set changes. Control messages use pub/sub.
 */
export async function createRedisBus(
  redis: Redis,
  options: { prefix: string; logger: Logger },
): Promise<EventBus> {
  const { prefix, logger } = options;
  const streamKey = (taskId: string) => `${prefix}:task:${taskId}:events`;
  const controlChannel = `${prefix}:control`;
  const reader = redis.duplicate({
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  // The control subscription is queued until Redis is reachable and renewed by ioredis after
  // every reconnect, so workers hear cancels again once Redis is back.
  const subscriber = redis.duplicate({
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  });
  reader.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  await Promise.all([
    reader.connect().catch(() => undefined),
    subscriber.connect().catch(() => undefined),
  ]);

  const subscriptions = new Map<string, Set<Subscription>>();
  /** Highest id each watched stream has delivered (the XREAD cursor). */
  const cursors = new Map<string, number>();
  const controlListeners = new Set<(control: TaskControl) => void>();
  let count = 0;
  let closed = false;
  let readerId: number | null = null;
  let blocked = false;
  let wake: (() => void) | null = null;

  const isHealthy = () => redis.status === 'ready' && reader.status === 'ready';

  async function interruptRead(): Promise<void> {
    wake?.();
    if (blocked && readerId !== null)
      await redis.client('UNBLOCK', readerId).catch(() => undefined);
  }

  async function readLoop(): Promise<void> {
    while (!closed) {
      if (cursors.size === 0 || reader.status !== 'ready') {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, cursors.size === 0 ? 60_000 : 500);
        });
        wake = null;
        continue;
      }
      try {
        readerId ??= Number(await reader.client('ID'));
        const taskIds = [...cursors.keys()];
        blocked = true;
        const result = await reader.xread(
          'COUNT',
          500,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...taskIds.map(streamKey),
          ...taskIds.map((id) => `0-${cursors.get(id) ?? 0}`),
        );
        blocked = false;
        for (const [key, entries] of result ?? [])
          deliver(key.slice(prefix.length + 6, -7), entries);
      } catch (error) {
        blocked = false;
        if (!closed && !String(error).includes('UNBLOCKED')) {
          logger.debug({ err: error }, 'redis event read failed');
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }
  }

  function deliver(taskId: string, entries: Array<[string, string[]]>): void {
    const events: TaskEvent[] = [];
    for (const [, fields] of entries) {
      const parsed = taskEventSchema.safeParse(JSON.parse(fields[1] ?? 'null'));
      if (parsed.success) events.push(parsed.data);
    }
    const last = events.at(-1);
    if (!last || !cursors.has(taskId)) return;
    cursors.set(taskId, Math.max(cursors.get(taskId) ?? 0, last.id));
    for (const subscription of [...(subscriptions.get(taskId) ?? [])]) {
      const fresh = events.filter((event) => event.id > subscription.afterId);
      if (fresh.length > 0) {
        subscription.afterId = fresh.at(-1)?.id ?? subscription.afterId;
        subscription.listener(fresh);
      }
    }
  }

  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== controlChannel) return;
    try {
      const control = JSON.parse(message) as TaskControl;
      for (const listener of [...controlListeners]) listener(control);
    } catch {
      // Ignore malformed control messages.
    }
  });
  subscriber
    .subscribe(controlChannel)
    .catch((error: unknown) => logger.warn({ err: error }, 'redis control subscribe failed'));
  void readLoop();

  const bus: EventBus = {
    kind: 'redis',
    healthy: isHealthy,
    async publish(taskId, events) {
      if (events.length === 0) return;
      const pipeline = redis.pipeline();
      const key = streamKey(taskId);
      for (const event of events) {
        pipeline.xadd(
          key,
          'MAXLEN',
          '~',
          STREAM_MAX_LENGTH,
          `0-${event.id}`,
          'e',
          JSON.stringify(event),
        );
      }
      if (events.some((event) => event.type === 'terminal'))
        pipeline.expire(key, FINISHED_STREAM_TTL_SECONDS);
      // An id at or below the stream's last one means it was already published (a retried
      // flush): the per-command error is expected and harmless.
      await pipeline
        .exec()
        .catch((error: unknown) =>
          logger.warn({ err: error, taskId }, 'redis publish failed; subscribers will poll'),
        );
    },
    async subscribe(taskId, afterId, listener) {
      let set = subscriptions.get(taskId);
      if (!set) {
        set = new Set();
        subscriptions.set(taskId, set);
      }
      const subscription: Subscription = { afterId, listener };
      set.add(subscription);
      count += 1;
      const cursor = cursors.get(taskId);
      if (cursor === undefined || afterId < cursor) {
        cursors.set(taskId, Math.min(cursor ?? afterId, afterId));
        await interruptRead();
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        count -= 1;
        set.delete(subscription);
        if (set.size === 0) {
          subscriptions.delete(taskId);
          cursors.delete(taskId);
        }
      };
    },
    async publishControl(control) {
      await redis.publish(controlChannel, JSON.stringify(control));
    },
    async subscribeControl(listener) {
      controlListeners.add(listener);
      return () => controlListeners.delete(listener);
    },
    subscriberCount: () => count,
    async close() {
      closed = true;
      await interruptRead();
      reader.disconnect();
      subscriber.disconnect();
    },
  };
  return bus;
}

export type { Unsubscribe };
