import type { AppRouter } from '@capecontrol/api';
import { TRPCClientError, type Operation, type OperationResultEnvelope } from '@trpc/client';
import { observable, type Observable } from '@trpc/server/observable';
import { describe, expect, test } from 'vitest';
import type { RefreshCoordinator, RefreshOutcome } from './refresh-coordinator';
import { sessionRefreshLink } from './session-link';

type Result = OperationResultEnvelope<unknown, TRPCClientError<AppRouter>>;

function unauthorized(): TRPCClientError<AppRouter> {
  return TRPCClientError.from<AppRouter>({
    error: {
      code: -32001,
      message: 'Sign in to continue.',
      data: { code: 'UNAUTHORIZED', httpStatus: 401 },
    },
  });
}

function coordinator(outcome: RefreshOutcome = { kind: 'refreshed-elsewhere' }) {
  let calls = 0;
  const refresher: RefreshCoordinator = {
    refresh: () => {
      calls += 1;
      return Promise.resolve(outcome);
    },
    subscribe: () => () => undefined,
  };
  return { refresher, calls: () => calls };
}

const streamOp: Operation = {
  id: 1,
  type: 'subscription',
  path: 'task.stream',
  input: { id: 'task-1' },
  context: {},
  signal: null,
};

/**
 * Runs the link over a fake transport: each attempt gets the next script, which emits tracked
 * events and may end in an error.
 */
function run(
  refresher: RefreshCoordinator,
  scripts: ((emit: (id: string) => void) => TRPCClientError<AppRouter> | null)[],
) {
  const inputs: unknown[] = [];
  const received: string[] = [];
  const errors: unknown[] = [];
  let attempt = 0;
  const next = (op: Operation): Observable<Result, TRPCClientError<AppRouter>> =>
    observable((observer) => {
      inputs.push(op.input);
      const script = scripts[attempt++];
      const error = script?.((id) => observer.next({ result: { id, data: { id } } }));
      if (error) observer.error(error);
      return () => undefined;
    });
  const link = sessionRefreshLink(refresher)({});
  link({ op: streamOp, next }).subscribe({
    next: (envelope) => {
      const id = (envelope.result as { id?: string }).id;
      if (id) received.push(id);
    },
    error: (error) => errors.push(error),
  });
  return { inputs, received, errors };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('session refresh link, for subscriptions', () => {
  test('refreshes once on UNAUTHORIZED and resumes after the last event received', async () => {
    const { refresher, calls } = coordinator();
    const { inputs, received, errors } = run(refresher, [
      (emit) => {
        emit('1');
        emit('2');
        return unauthorized();
      },
      (emit) => {
        emit('3');
        return null;
      },
    ]);
    await settle();
    expect(calls()).toBe(1);
    expect(inputs).toEqual([{ id: 'task-1' }, { id: 'task-1', lastEventId: '2' }]);
    expect(received).toEqual(['1', '2', '3']);
    expect(errors).toEqual([]);
  });

  test('a stream refused again without progress ends with the error (no refresh loop)', async () => {
    const { refresher, calls } = coordinator();
    const { errors } = run(refresher, [() => unauthorized(), () => unauthorized()]);
    await settle();
    expect(calls()).toBe(1);
    expect(errors).toHaveLength(1);
  });

  test('a stream that made progress since its refresh may refresh again later', async () => {
    const { refresher, calls } = coordinator();
    const { inputs, errors } = run(refresher, [
      () => unauthorized(),
      (emit) => {
        emit('7');
        return unauthorized();
      },
      () => null,
    ]);
    await settle();
    await settle();
    expect(calls()).toBe(2);
    expect(inputs.at(-1)).toEqual({ id: 'task-1', lastEventId: '7' });
    expect(errors).toEqual([]);
  });

  test('when the session is over, the original error stands', async () => {
    const { refresher } = coordinator({ kind: 'ended', message: 'Sign in again.' });
    const { errors } = run(refresher, [() => unauthorized()]);
    await settle();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('Sign in to continue.');
  });
});
