import type { QueueHealth, ThroughputMinute } from '@capecontrol/schema';
import { formatDuration } from '../tasks/task-format';

/** A queued task older than this means workers are not keeping up (or not running). */
export const SLOW_QUEUE_MS = 60_000;

export interface HealthAlert {
  tone: 'error' | 'warning';
  message: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What on the queue needs an operator's attention, most serious first; empty when healthy. */
export function healthAlerts(health: QueueHealth): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  const waited = health.oldestQueuedAgeMs ?? 0;
  if (health.queued > 0 && health.running === 0 && waited >= SLOW_QUEUE_MS) {
    alerts.push({
      tone: 'error',
      message: `${plural(health.queued, 'task is', 'tasks are')} waiting and none is running: the oldest has waited ${formatDuration(waited)}. Check that worker processes are up and can reach the database.`,
    });
  } else if (waited >= SLOW_QUEUE_MS) {
    alerts.push({
      tone: 'warning',
      message: `The oldest queued task has waited ${formatDuration(waited)}: workers are not keeping up.`,
    });
  }
  if (health.leases.expired > 0) {
    alerts.push({
      tone: 'warning',
      message: `${plural(health.leases.expired, 'running task has', 'running tasks have')} an expired lease: its worker stopped renewing it. The reaper re-claims such tasks within seconds; if this stays, workers are stalling.`,
    });
  }
  return alerts;
}

/** Failed (and timed-out) tasks among those created in the last hour. */
export function failuresLastHour(health: QueueHealth): number {
  return health.statusCounts.lastHour.failed + health.statusCounts.lastHour.timed_out;
}

const minuteFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "14:05": a throughput minute as a chart label (24-hour clock: short labels fit the axis). */
export function minuteLabel(iso: string): string {
  return minuteFormat.format(new Date(iso));
}

/** One sentence for the throughput chart: totals over the window. */
export function throughputSummary(minutes: readonly ThroughputMinute[]): string {
  const total = (key: 'succeeded' | 'failed' | 'cancelled') =>
    minutes.reduce((sum, minute) => sum + minute[key], 0);
  const succeeded = total('succeeded');
  const failed = total('failed');
  const cancelled = total('cancelled');
  if (succeeded + failed + cancelled === 0)
    return `No task finished in the last ${minutes.length} minutes.`;
  return `In the last ${minutes.length} minutes ${succeeded} tasks succeeded, ${failed} failed or timed out and ${cancelled} were cancelled.`;
}

/** The first block of a UUID: enough to tell tasks apart in a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
