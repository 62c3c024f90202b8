import { createHash } from 'node:crypto';
import { AppError } from '../errors';

/**
 * A search cursor pins the snapshot time of the first page and the last row's sort key, and
 * carries a hash of the filters so it cannot be replayed against another search.
 */
export interface SearchCursor {
  asOf: string;
  value: number;
  id: string;
  filters: string;
  /** The trending refresh the first page ranked by (trending sort only). */
  trendingAt?: string;
}

export function filterHash(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16);
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(
    JSON.stringify([
      cursor.asOf,
      cursor.value,
      cursor.id,
      cursor.filters,
      ...(cursor.trendingAt ? [cursor.trendingAt] : []),
    ]),
  ).toString('base64url');
}

export function decodeSearchCursor(raw: string, expectedFilters: string): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'Invalid cursor.');
  }
  if (
    !Array.isArray(parsed) ||
    (parsed.length !== 4 && parsed.length !== 5) ||
    typeof parsed[0] !== 'string' ||
    Number.isNaN(Date.parse(parsed[0])) ||
    typeof parsed[1] !== 'number' ||
    !Number.isFinite(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    !/^[0-9a-f-]{36}$/.test(parsed[2]) ||
    typeof parsed[3] !== 'string' ||
    (parsed.length === 5 && (typeof parsed[4] !== 'string' || Number.isNaN(Date.parse(parsed[4]))))
  ) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor.');
  }
  if (parsed[3] !== expectedFilters) {
    throw new AppError(
      'BAD_REQUEST',
      'This cursor belongs to a different search; start again from the first page.',
    );
  }
  return {
    asOf: parsed[0],
    value: parsed[1],
    id: parsed[2],
    filters: parsed[3],
    ...(parsed.length === 5 ? { trendingAt: parsed[4] as string } : {}),
  };
}
