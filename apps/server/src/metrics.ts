import type { ApiObserver, EventBus, LlmClient, SubscriptionTracker } from '@capecontrol/api';
import { LlmError } from '@capecontrol/api';
import type { Database } from '@capecontrol/db';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * This process's Prometheus metrics (`GET /metrics`). Counters count what happened in this
 * process (sum them across processes); the queue gauges are read from the database at scrape
 * time, so every process reports the same, cluster-wide, value.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Per-procedure call counts and latency, for `createServices`. */
  readonly observer: ApiObserver;
  /** The bus, counting the task outcomes and lease re-claims it announces. */
  instrumentBus(bus: EventBus): EventBus;
  /** The model client, counting tokens, requests and errors. */
  instrumentLlm(llm: LlmClient): LlmClient;
  /** Scrape-time gauges: the queue (from the database) and open subscriptions. */
  bind(sources: { db: Database['db']; subscriptions: SubscriptionTracker }): void;
}

export function createServerMetrics(logger: Logger): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cape_' });

  const procedureSeconds = new Histogram({
    name: 'cape_trpc_procedure_duration_seconds',
    help: 'tRPC procedure calls by procedure, type and result code (ok or the tRPC error code); for subscriptions, the time to set the stream up.',
    labelNames: ['procedure', 'type', 'code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const taskOutcomes = new Counter({
    name: 'cape_task_outcomes_total',
    help: 'Tasks that reached a terminal status in this process, by status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const leaseReclaims = new Counter({
    name: 'cape_task_lease_reclaims_total',
    help: 'Running tasks whose lease expired (worker lost), by what became of them: queued again or a terminal status.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: 'cape_llm_tokens_total',
    help: 'Model tokens used by this process, by provider, model and kind (prompt or completion).',
    labelNames: ['provider', 'model', 'kind'] as const,
    registers: [registry],
  });
  const llmRequests = new Counter({
    name: 'cape_llm_requests_total',
    help: 'Model requests by provider and outcome: ok or the LlmError code (rate_limited, unavailable, timeout, bad_response, unauthorized, invalid_request, aborted).',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });

  let sources: { db: Database['db']; subscriptions: SubscriptionTracker } | null = null;
  let snapshot: { at: number; value: Promise<QueueSnapshot | null> } | null = null;
  /** One query per scrape, shared by the queue gauges. */
  const queueSnapshot = (): Promise<QueueSnapshot | null> => {
    if (!sources) return Promise.resolve(null);
    const now = Date.now();
    if (!snapshot || now - snapshot.at > 500) {
      snapshot = {
        at: now,
        value: readQueue(sources.db).catch((error: unknown) => {
          logger.warn({ err: error }, 'metrics: could not read the task queue');
          return null;
        }),
      };
    }
    return snapshot.value;
  };
  const queueGauge = (name: string, help: string, pick: (queue: QueueSnapshot) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const queue = await queueSnapshot();
        // An unreadable database reports NaN rather than a stale figure.
        this.set(queue ? pick(queue) : Number.NaN);
      },
    });
  queueGauge(
    'cape_task_queue_depth',
    'Tasks waiting in the queue (all processes).',
    (q) => q.queued,
  );
  queueGauge(
    'cape_task_queue_oldest_age_seconds',
    'Age of the oldest queued task since it was created, 0 when the queue is empty.',
    (q) => q.oldestAgeSeconds,
  );
  queueGauge('cape_tasks_running', 'Tasks running now (all processes).', (q) => q.running);
  new Gauge({
    name: 'cape_subscriptions_open',
    help: 'tRPC subscriptions (task and agent streams) open in this process.',
    registers: [registry],
    collect() {
      this.set(sources?.subscriptions.open ?? 0);
    },
  });

  return {
    registry,
    observer: {
      procedure(path, type, code, seconds) {
        procedureSeconds.observe({ procedure: path, type, code }, seconds);
      },
    },
    instrumentBus(bus) {
      return {
        kind: bus.kind,
        healthy: () => bus.healthy(),
        publish(taskId, events) {
          for (const event of events) {
            if (event.type === 'terminal') taskOutcomes.inc({ status: event.status });
            else if (event.type === 'status' && event.reason === 'lease_expired')
              leaseReclaims.inc({ result: event.status });
          }
          return bus.publish(taskId, events);
        },
        subscribe: (taskId, afterId, listener) => bus.subscribe(taskId, afterId, listener),
        publishControl: (control) => bus.publishControl(control),
        subscribeControl: (listener) => bus.subscribeControl(listener),
        subscriberCount: () => bus.subscriberCount(),
        close: () => bus.close(),
      };
    },
    instrumentLlm(llm) {
      const provider = llm.provider;
      return {
        provider,
        model: llm.model,
        async *stream(request, signal) {
          try {
            for await (const chunk of llm.stream(request, signal)) {
              if (chunk.type === 'usage') {
                llmTokens.inc({ provider, model: chunk.model, kind: 'prompt' }, chunk.promptTokens);
                llmTokens.inc(
                  { provider, model: chunk.model, kind: 'completion' },
                  chunk.completionTokens,
                );
              }
              yield chunk;
            }
            llmRequests.inc({ provider, outcome: 'ok' });
          } catch (error) {
            llmRequests.inc({
              provider,
              outcome: error instanceof LlmError ? error.code : 'error',
            });
            throw error;
          }
        },
      };
    },
    bind(bound) {
      sources = bound;
    },
  };
}

interface QueueSnapshot {
  queued: number;
  running: number;
  oldestAgeSeconds: number;
}

async function readQueue(db: Database['db']): Promise<QueueSnapshot> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('status', '=', 'queued').as('queued'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'running').as('running'),
      eb.fn.min('created_at').filterWhere('status', '=', 'queued').as('oldest'),
    ])
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return {
    queued: Number(row?.queued ?? 0),
    running: Number(row?.running ?? 0),
    oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
  };
}
