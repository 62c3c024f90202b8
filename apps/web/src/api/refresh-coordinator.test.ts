import type { SessionResult } from '@capecontrol/schema';
import { describe, expect, test } from 'vitest';
import {
  createRefreshCoordinator,
  proactiveRefreshDelay,
  REFRESH_LOCK,
  type RefreshCoordinatorOptions,
} from './refresh-coordinator';

const session = { accessTokenExpiresAt: '2026-11-23T12:15:00.000Z' } as SessionResult;

class SessionError extends Error {}

/** A fake Web Locks manager that runs callbacks one at a time, like the browser's. */
function fakeLocks() {
  let tail: Promise<unknown> = Promise.resolve();
  const names: string[] = [];
  return {
    names,
    request: ((name: string, callback: () => Promise<unknown>) => {
      names.push(name);
      const run = tail.then(callback);
      tail = run.catch(() => undefined);
      return run;
    }) as unknown as LockManager['request'],
  };
}

function setup(overrides: Partial<RefreshCoordinatorOptions> = {}) {
  let csrf: string | null = 'csrf-1';
  let calls = 0;
  const coordinator = createRefreshCoordinator({
    refresh: () => {
      calls += 1;
      csrf = `csrf-${calls + 1}`;
      return Promise.resolve(session);
    },
    readCsrfToken: () => csrf,
    isSessionError: (error) => error instanceof SessionError,
    messageOf: (error) => (error as Error).message,
    ...overrides,
  });
  return {
    coordinator,
    calls: () => calls,
    setCsrf: (value: string | null) => {
      csrf = value;
    },
  };
}

describe('refresh coordinator', () => {
  test('callers in one tab asking at the same time share a single refresh', async () => {
    const { coordinator, calls } = setup();
    const outcomes = await Promise.all([
      coordinator.refresh(),
      coordinator.refresh(),
      coordinator.refresh(),
    ]);
    expect(calls()).toBe(1);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'refreshed',
      'refreshed',
      'refreshed',
    ]);
    // Once settled, the next request refreshes again.
    await coordinator.refresh();
    expect(calls()).toBe(2);
  });

  test('refreshes inside the cross-tab lock', async () => {
    const locks = fakeLocks();
    const { coordinator } = setup({ locks });
    await coordinator.refresh();
    expect(locks.names).toEqual([REFRESH_LOCK]);
  });

  test('skips the refresh when another tab refreshed while this one waited for the lock', async () => {
    const locks = fakeLocks();
    // Another tab holds the lock and, before releasing it, rotates the cookies.
    const release = await new Promise<() => void>((held) => {
      void locks.request(REFRESH_LOCK, () => new Promise<void>((resolve) => held(resolve)));
    });
    const { coordinator, calls, setCsrf } = setup({ locks });
    const pending = coordinator.refresh();
    setCsrf('csrf-from-other-tab');
    release();
    expect(await pending).toEqual({ kind: 'refreshed-elsewhere' });
    expect(calls()).toBe(0);
  });

  test('without a CSRF cookie there is no session to refresh', async () => {
    const { coordinator, calls, setCsrf } = setup();
    setCsrf(null);
    expect((await coordinator.refresh()).kind).toBe('ended');
    expect(calls()).toBe(0);
  });

  test('a refused refresh ends the session with the server’s words; other failures do not', async () => {
    const refused = setup({
      refresh: () => Promise.reject(new SessionError('Your session has expired; sign in again.')),
    });
    expect(await refused.coordinator.refresh()).toEqual({
      kind: 'ended',
      message: 'Your session has expired; sign in again.',
    });
    const offline = setup({ refresh: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect((await offline.coordinator.refresh()).kind).toBe('failed');
  });

  test('tells subscribers every outcome', async () => {
    const { coordinator } = setup();
    const seen: string[] = [];
    const unsubscribe = coordinator.subscribe((outcome) => seen.push(outcome.kind));
    await coordinator.refresh();
    unsubscribe();
    await coordinator.refresh();
    expect(seen).toEqual(['refreshed']);
  });
});

describe('proactive refresh delay', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  test('a minute before a 15-minute token expires', () => {
    expect(proactiveRefreshDelay(now + 15 * 60_000, now)).toBe(14 * 60_000);
  });
  test('half-way through a short-lived token', () => {
    expect(proactiveRefreshDelay(now + 30_000, now)).toBe(15_000);
  });
  test('at once when already expired', () => {
    expect(proactiveRefreshDelay(now - 1000, now)).toBe(0);
  });
});
