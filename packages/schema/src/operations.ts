import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTimeSchema } from './common';
import { agentIdSchema, taskErrorSchema, taskStatusSchema } from './task';

const count = z.number().int().nonnegative();

/** How many tasks are in each status, every status present (zero when none). */
export const taskStatusCountsSchema = z.record(taskStatusSchema, count);
export type TaskStatusCounts = z.infer<typeof taskStatusCountsSchema>;

/** One minute of finished tasks, for the throughput chart. */
export const throughputMinuteSchema = z.object({
  /** Start of the minute. */
  minute: isoDateTimeSchema,
  succeeded: count,
  /** failed and timed_out. */
  failed: count,
  cancelled: count,
});
export type ThroughputMinute = z.infer<typeof throughputMinuteSchema>;

/** A worker process seen holding a lease right now (its `lease_owner`). */
export const activeWorkerSchema = z.object({
  id: z.string(),
  running: count,
  /** The lease of this worker that runs out first. */
  nextLeaseExpiresAt: isoDateTimeSchema.nullable(),
});
export type ActiveWorker = z.infer<typeof activeWorkerSchema>;

/** The task queue at a glance, for operators (`admin.queue.health`). */
export const queueHealthSchema = z.object({
  /** Database time the numbers were taken at. */
  measuredAt: isoDateTimeSchema,
  queued: count,
  /** Age of the oldest queued task; null when the queue is empty. */
  oldestQueuedAgeMs: count.nullable(),
  running: count,
  leases: z.object({
    /** Running tasks whose lease ran out: their worker died or stalled; the reaper re-claims them. */
    expired: count,
    /** Running tasks whose lease runs out within `expiringWithinMs`. */
    expiringSoon: count,
    expiringWithinMs: count,
  }),
  /** Distinct lease owners among running tasks. */
  activeWorkers: z.array(activeWorkerSchema),
  /** Tasks created in the window, by their current status. */
  statusCounts: z.object({ lastHour: taskStatusCountsSchema, lastDay: taskStatusCountsSchema }),
  /** Tasks finished per minute over the last `throughput.length` minutes, oldest first. */
  throughput: z.array(throughputMinuteSchema),
});
export type QueueHealth = z.infer<typeof queueHealthSchema>;

export const failedTaskStatuses = ['failed', 'timed_out'] as const;
/** Statuses an administrator can re-drive: the task ended without an answer. */
export const redrivableTaskStatuses = ['failed', 'timed_out', 'cancelled'] as const;

export const taskFailuresInputSchema = z
  .strictObject({
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).nullish(),
    /** Only tasks of this agent. */
    agent: agentIdSchema.optional(),
    /** Sent by tRPC's useInfiniteQuery; pages only go forward. */
    direction: z.enum(['forward', 'backward']).optional(),
  })
  .default({ limit: 20 });
export type TaskFailuresInput = z.input<typeof taskFailuresInputSchema>;

/** A failed or timed-out task, of any user, as operators see it. */
export const taskFailureSchema = z.object({
  id: idSchema,
  agent: z.string(),
  status: z.enum(failedTaskStatuses),
  owner: z.object({ id: idSchema, email: z.string(), displayName: z.string() }),
  error: taskErrorSchema.nullable(),
  attempt: count,
  maxAttempts: count,
  createdAt: isoDateTimeSchema,
  finishedAt: isoDateTimeSchema.nullable(),
  /** The newest task retried or re-driven from this one, if any. */
  retriedAs: z.object({ id: idSchema, status: taskStatusSchema }).nullable(),
});
export type TaskFailure = z.infer<typeof taskFailureSchema>;

export const taskFailurePageSchema = z.object({
  items: z.array(taskFailureSchema),
  nextCursor: cursorSchema,
});
export type TaskFailurePage = z.infer<typeof taskFailurePageSchema>;
