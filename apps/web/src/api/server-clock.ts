/**
 * The server's clock as seen from here. Expiry times come from the server; a laptop whose clock
 * is a few minutes off would otherwise refresh too late (signed out) or far too early.
 */
let offsetMs = 0;

/** Records the offset from a response's `Date` header (one-second resolution is plenty). */
export function observeServerDate(
  dateHeader: string | null,
  receivedAt: number = Date.now(),
): void {
  if (!dateHeader) return;
  const serverTime = Date.parse(dateHeader);
  if (!Number.isNaN(serverTime)) offsetMs = serverTime - receivedAt;
}

/** Milliseconds since the epoch on the server's clock. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** `fetch` that keeps the server clock offset up to date. */
export const clockedFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  observeServerDate(response.headers.get('date'));
  return response;
};
