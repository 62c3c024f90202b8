import type { AppErrorCode } from '@capecontrol/schema';

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
