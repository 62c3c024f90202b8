import type { AppErrorCode } from '@capecontrol/schema';
import { TRPCError } from '@trpc/server';

export interface AppErrorOptions {
  cause?: unknown;
  /** For TOO_MANY_REQUESTS: seconds until the caller may try again (sent as Retry-After). */
  retryAfterSeconds?: number;
}

/**
 * The one error type domain code throws. Its message is shown to the client as is, so it must
 * be written for a person and never contain secrets or internals; the API layer turns it into
 * a TRPCError with the matching status in one place (trpc.ts).
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Seconds a client is asked to wait (Retry-After) while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** What a request gets while the database is down or restarting: 503, try again shortly. */
export function databaseUnavailable(cause: unknown): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The database cannot be reached right now. Please try again in a few seconds.',
    { cause, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}

/** The 503 a request answers while the database is unreachable, its Retry-After set on `headers`. */
export function databaseUnavailableError(cause: unknown, headers: Headers): TRPCError {
  const unavailable = databaseUnavailable(cause);
  headers.set('Retry-After', String(unavailable.retryAfterSeconds));
  return new TRPCError({
    code: unavailable.code,
    message: unavailable.message,
    cause: unavailable,
  });
}
