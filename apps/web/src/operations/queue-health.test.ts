import type { QueueHealth } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { failuresLastHour, healthAlerts, shortId, throughputSummary } from './queue-health';

const zeros = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, timed_out: 0 };

function health(overrides: Partial<QueueHealth> = {}): QueueHealth {
  return {
    measuredAt: '2026-11-24T10:00:00.000Z',
    queued: 0,
    oldestQueuedAgeMs: null,
    running: 0,
    leases: { expired: 0, expiringSoon: 0, expiringWithinMs: 30_000 },
    activeWorkers: [],
    statusCounts: { lastHour: zeros, lastDay: zeros },
    throughput: [],
    ...overrides,
  };
}

describe('healthAlerts', () => {
  it('says nothing about a healthy queue', () => {
    expect(healthAlerts(health())).toEqual([]);
    expect(healthAlerts(health({ queued: 3, oldestQueuedAgeMs: 2_000, running: 1 }))).toEqual([]);
  });

  it('calls a queue nobody works on an error, and a slow one a warning', () => {
    const stuck = healthAlerts(health({ queued: 2, oldestQueuedAgeMs: 120_000 }));
    expect(stuck).toEqual([
      expect.objectContaining({
        tone: 'error',
        message: expect.stringMatching(/2 tasks are waiting/),
      }),
    ]);
    const slow = healthAlerts(health({ queued: 2, oldestQueuedAgeMs: 120_000, running: 4 }));
    expect(slow).toEqual([
      expect.objectContaining({ tone: 'warning', message: expect.stringMatching(/2 min/) }),
    ]);
  });

  it('warns about expired leases', () => {
    const alerts = healthAlerts(
      health({ running: 1, leases: { expired: 1, expiringSoon: 0, expiringWithinMs: 30_000 } }),
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        tone: 'warning',
        message: expect.stringMatching(/^1 running task has/),
      }),
    ]);
  });
});

describe('numbers in words', () => {
  it('counts failures and timeouts together', () => {
    expect(
      failuresLastHour(
        health({
          statusCounts: { lastHour: { ...zeros, failed: 2, timed_out: 1 }, lastDay: zeros },
        }),
      ),
    ).toBe(3);
  });

  it('summarises throughput', () => {
    const minute = (succeeded: number, failed: number) => ({
      minute: '2026-11-24T10:00:00.000Z',
      succeeded,
      failed,
      cancelled: 0,
    });
    expect(throughputSummary([minute(0, 0), minute(0, 0)])).toBe(
      'No task finished in the last 2 minutes.',
    );
    expect(throughputSummary([minute(3, 1), minute(2, 0)])).toMatch(
      /5 tasks succeeded, 1 failed or timed out/,
    );
  });

  it('shortens ids', () => {
    expect(shortId('0f8e2a1c-0000-4000-8000-000000000000')).toBe('0f8e2a1c');
  });
});
