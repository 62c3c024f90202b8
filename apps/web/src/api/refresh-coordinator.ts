import type { SessionResult } from '@capecontrol/schema';

/** The name of the Web Lock every tab takes around `auth.refresh`. */
export const REFRESH_LOCK = 'cape-refresh';

export type RefreshOutcome =
  /** This tab exchanged the refresh token; the new session is here. */
  | { kind: 'refreshed'; session: SessionResult }
  /** Another tab refreshed (or signed in) while this one waited; the cookies are already new. */
  | { kind: 'refreshed-elsewhere' }
  /** The server refused: the session is over and the user must sign in again. */
  | { kind: 'ended'; message: string }
  /** Network or server trouble: the session may still be fine, so try again later. */
  | { kind: 'failed'; error: unknown };

export interface RefreshCoordinatorOptions {
  /** Calls `auth.refresh` (the refresh cookie travels with it). */
  refresh: () => Promise<SessionResult>;
  /** The current CSRF cookie value; it changes with every refresh and sign-in. */
  readCsrfToken: () => string | null;
  /** True when the server said the refresh token is no good (UNAUTHORIZED or FORBIDDEN). */
  isSessionError: (error: unknown) => boolean;
  /** The message to show when the server said so. */
  messageOf: (error: unknown) => string;
  /** `navigator.locks` where the browser has it (secure contexts). */
  locks?: Pick<LockManager, 'request'> | undefined;
}

export interface RefreshCoordinator {
  /**
   * Refreshes the session once, however many callers ask at the same time: callers in this tab
   * share one request, and tabs take turns through a Web Lock, so a refresh token is never
   * presented twice (the server would treat that as theft and end the session). Never rejects.
   */
  refresh(): Promise<RefreshOutcome>;
  /** Called with every outcome; returns an unsubscribe function. */
  subscribe(listener: (outcome: RefreshOutcome) => void): () => void;
}

export const NO_SESSION_MESSAGE = 'Sign in to continue.';

export function createRefreshCoordinator(options: RefreshCoordinatorOptions): RefreshCoordinator {
  const listeners = new Set<(outcome: RefreshOutcome) => void>();
  let inflight: Promise<RefreshOutcome> | null = null;

  async function attempt(): Promise<RefreshOutcome> {
    // The CSRF cookie lives exactly as long as the refresh cookie: without it there is nothing
    // to refresh, and the server would refuse the request anyway.
    const before = options.readCsrfToken();
    if (!before) return { kind: 'ended', message: NO_SESSION_MESSAGE };

    const exchange = async (): Promise<RefreshOutcome> => {
      const now = options.readCsrfToken();
      if (now !== before) {
        return now
          ? { kind: 'refreshed-elsewhere' }
          : { kind: 'ended', message: NO_SESSION_MESSAGE };
      }
      try {
        return { kind: 'refreshed', session: await options.refresh() };
      } catch (error) {
        return options.isSessionError(error)
          ? { kind: 'ended', message: options.messageOf(error) }
          : { kind: 'failed', error };
      }
    };
    return options.locks ? options.locks.request(REFRESH_LOCK, exchange) : exchange();
  }

  async function run(): Promise<RefreshOutcome> {
    let outcome: RefreshOutcome;
    try {
      outcome = await attempt();
    } catch (error) {
      outcome = { kind: 'failed', error };
    }
    for (const listener of listeners) listener(outcome);
    return outcome;
  }

  return {
    refresh() {
      inflight ??= run().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Milliseconds to wait before refreshing proactively: a minute before the access token expires,
 * or half its remaining life when that is shorter (short test lifetimes), never negative.
 */
export function proactiveRefreshDelay(expiresAtMs: number, nowMs: number): number {
  const remaining = expiresAtMs - nowMs;
  if (remaining <= 0) return 0;
  const lead = Math.min(60_000, remaining / 2);
  // setTimeout overflows past 2^31-1 ms (about 24.8 days).
  return Math.min(Math.round(remaining - lead), 2_147_483_647);
}
