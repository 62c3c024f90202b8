import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, MAX_RETRY_DELAY_MS, retryAfterMs, retryDelayMs } from './retry-policy';

const now = Date.parse('2025-06-01T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads delta-seconds, HTTP dates and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 12:00:07 GMT' }), now)).toBe(
      7_000,
    );
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
  });

  it('treats a date in the past as no wait and nonsense as no header', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }), now)).toBe(
      0,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('draws from a ceiling that doubles per attempt up to the backoff maximum', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => retryDelayMs(attempt, undefined, top))).toEqual([
      499, 999, 1999, 3999, 7999, 7999, 7999,
    ]);
    expect(retryDelayMs(20, undefined, top)).toBeLessThan(MAX_BACKOFF_MS);
    expect(retryDelayMs(3, undefined, () => 0)).toBe(0);
  });

  it('never waits less than the server asked, and never more than the cap', () => {
    expect(retryDelayMs(0, 2_000, () => 0)).toBe(2_000);
    expect(retryDelayMs(4, 100, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(0, 3_600_000, () => 0)).toBe(MAX_RETRY_DELAY_MS);
  });
});
