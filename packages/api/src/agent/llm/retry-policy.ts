/** Backoff for retried LLM requests: exponential with full jitter, never sooner than the server asked. */

/** First backoff ceiling; doubles per attempt. */
export const BASE_RETRY_DELAY_MS = 500;
/** Ceiling of the exponential part, so a long retry chain stays responsive. */
export const MAX_BACKOFF_MS = 8_000;
/**
 * Longest wait we accept from `Retry-After`. A task holds a lease and a user is watching; a
 * server asking for minutes is better answered with a clear `rate_limited` after the retries.
 */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * The wait a server asked for, in milliseconds: `retry-after-ms` (OpenAI's own header) first,
 * then `Retry-After` as delta-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  const milliseconds = headers?.get('retry-after-ms')?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Number(milliseconds);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // HTTP dates name the month; without this, Date.parse would read '-3' as the year -3.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt + 1` (attempt counts from 0). Full jitter spreads clients
 * that failed together; the server's `Retry-After` is a floor, and everything is capped.
 */
export function retryDelayMs(
  attempt: number,
  serverDelayMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_RETRY_DELAY_MS * 2 ** attempt);
  const jittered = Math.floor(random() * ceiling);
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(jittered, Math.ceil(serverDelayMs ?? 0)));
}
