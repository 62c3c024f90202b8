import type { AppRouter } from '@capecontrol/api';
import { TRPCClientError, type Operation, type TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { errorCode } from './errors';
import type { RefreshCoordinator } from './refresh-coordinator';

/** Calls that establish or end a session themselves; a 401 from them is the answer, not a hint. */
const SESSION_CALLS = new Set(['auth.login', 'auth.register', 'auth.refresh', 'auth.logout']);

/**
 * On UNAUTHORIZED (the 15-minute access cookie has expired), refreshes the session once —
 * serialized by the coordinator across calls and tabs — and retries the call once. When the
 * refresh is refused the original error stands and the coordinator's listeners end the session.
 * A subscription is opened again from the last event it delivered (its tracked id), so the
 * stream resumes without a gap or a repeat.
 */
export function sessionRefreshLink(coordinator: RefreshCoordinator): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | null = null;
        let closed = false;
        let lastEventId: string | undefined;
        let refreshed = false;

        const attempt = () => {
          current = next(resumed(op, lastEventId)).subscribe({
            next: (result) => {
              const id = (result.result as { id?: unknown }).id;
              if (typeof id === 'string') {
                lastEventId = id;
                // A stream that has delivered since its refresh may refresh again later, when
                // its EventSource reconnects after the new access cookie has expired too.
                refreshed = false;
              }
              observer.next(result);
            },
            complete: () => observer.complete(),
            error: (error) => {
              const retryable =
                !refreshed && !SESSION_CALLS.has(op.path) && errorCode(error) === 'UNAUTHORIZED';
              if (!retryable) {
                observer.error(error);
                return;
              }
              refreshed = true;
              void coordinator.refresh().then((outcome) => {
                if (closed) return;
                if (outcome.kind === 'refreshed' || outcome.kind === 'refreshed-elsewhere') {
                  attempt();
                } else if (outcome.kind === 'failed') {
                  // Say what actually went wrong (the network), not "sign in".
                  observer.error(TRPCClientError.from<AppRouter>(toError(outcome.error)));
                } else {
                  observer.error(error);
                }
              });
            },
          });
        };

        attempt();
        return () => {
          closed = true;
          current?.unsubscribe();
        };
      });
}

/** The operation again, resuming a subscription after `lastEventId` (when it had one). */
function resumed(op: Operation, lastEventId: string | undefined): Operation {
  if (op.type !== 'subscription' || lastEventId === undefined) return op;
  if (typeof op.input !== 'object' || op.input === null) return op;
  return { ...op, input: { ...op.input, lastEventId } };
}

function toError(cause: unknown): Error {
  return cause instanceof Error ? cause : new Error(String(cause));
}
