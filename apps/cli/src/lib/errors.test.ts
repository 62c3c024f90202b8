import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { CliError, describeError, ExitCode } from './errors';

function serverError(code: string, message: string) {
  return TRPCClientError.from({
    error: { message, code: -32001, data: { code, httpStatus: 401, retryAfterSeconds: null } },
  });
}

describe('describeError', () => {
  it('maps refused credentials and permissions to exit 3 with the server message', () => {
    const refused = describeError(serverError('UNAUTHORIZED', 'Your session has expired.'), null);
    expect(refused).toMatchObject({
      exitCode: ExitCode.auth,
      message: 'Your session has expired.',
    });
    expect(describeError(serverError('FORBIDDEN', 'Not yours.'), null).exitCode).toBe(
      ExitCode.auth,
    );
    expect(describeError(serverError('NOT_FOUND', 'No such agent.'), null)).toMatchObject({
      exitCode: ExitCode.failure,
      message: 'No such agent.',
    });
  });

  it('maps a connection failure to exit 4 naming the URL and the reason', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1234'), {
      code: 'ECONNREFUSED',
    });
    const error = TRPCClientError.from(new TypeError('fetch failed', { cause }));
    const described = describeError(error, 'http://127.0.0.1:1234');
    expect(described.exitCode).toBe(ExitCode.network);
    expect(described.message).toBe(
      'Could not reach the CapeControl server at http://127.0.0.1:1234 (ECONNREFUSED).',
    );
  });

  it('finds its own error wrapped by a link', () => {
    const own = new CliError(ExitCode.auth, 'Your session has ended.');
    expect(describeError(TRPCClientError.from(own), null)).toBe(own);
  });

  it('never passes a stack trace on', () => {
    const described = describeError(new RangeError('boom'), null);
    expect(described).toMatchObject({
      exitCode: ExitCode.failure,
      message: 'Unexpected error: boom',
    });
  });
});
