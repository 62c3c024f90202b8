import type { AppRouter } from '@capecontrol/api';
import { isTRPCClientError, type TRPCClientError } from '@trpc/client';

export type ApiError = TRPCClientError<AppRouter>;

export const NETWORK_ERROR_MESSAGE =
  "Can't reach CapeControl right now. Check your connection and try again.";
const UNKNOWN_ERROR_MESSAGE = 'Something went wrong. Please try again.';

export function isApiError(error: unknown): error is ApiError {
  return isTRPCClientError<AppRouter>(error);
}

/** The tRPC error code the server sent (`UNAUTHORIZED`, `CONFLICT`…), or null. */
export function errorCode(error: unknown): string | null {
  return isApiError(error) ? (error.data?.code ?? null) : null;
}

/** The server answered, and said the request itself is at fault (4xx): retrying won't help. */
export function isClientError(error: unknown): boolean {
  const status = isApiError(error) ? error.data?.httpStatus : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

/** A sentence for people: the server's own message, or what went wrong on the way. */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return UNKNOWN_ERROR_MESSAGE;
  // No error body: the request never reached the API (offline, proxy error page, aborted).
  if (!error.data) return NETWORK_ERROR_MESSAGE;
  const retryAfter = error.data.retryAfterSeconds;
  if (error.data.code === 'TOO_MANY_REQUESTS' && retryAfter) {
    return `${error.message} You can try again ${describeWait(retryAfter)}.`;
  }
  return error.message || UNKNOWN_ERROR_MESSAGE;
}

/** "in 40 seconds", "in about 15 minutes", "in about 2 hours". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `in ${Math.max(1, Math.ceil(seconds))} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `in about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in about ${Math.round(minutes / 60)} hours`;
}

export type FieldErrorMap = Partial<Record<string, string>>;

/** The server's per-field messages for bad input (first message per field). */
export function serverFieldErrors(error: unknown): FieldErrorMap {
  if (!isApiError(error)) return {};
  const fields = error.data?.fieldErrors?.fieldErrors ?? {};
  const result: FieldErrorMap = {};
  for (const [field, messages] of Object.entries(fields)) {
    const first = messages?.[0];
    if (first) result[field] = first;
  }
  return result;
}

/** What `safeParse` of a zod schema returns; kept structural so the app needs no zod import. */
interface SafeParser<TOutput> {
  safeParse(value: unknown):
    | { success: true; data: TOutput }
    | {
        success: false;
        error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
      };
}

export type Validation<TOutput> =
  { ok: true; data: TOutput } | { ok: false; errors: FieldErrorMap };

/** Validates form values with a shared schema; the first message per top-level field. */
export function validate<TOutput>(
  schema: SafeParser<TOutput>,
  values: unknown,
): Validation<TOutput> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrorMap = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
