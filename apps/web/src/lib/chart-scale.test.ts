import { describe, expect, test } from 'vitest';
import {
  bandScale,
  formatTick,
  labelIndexes,
  linearScale,
  niceStep,
  niceTicks,
} from './chart-scale';

describe('nice ticks', () => {
  test('round steps that cover the data', () => {
    expect(niceTicks(87)).toEqual({ max: 100, values: [0, 25, 50, 75, 100] });
    expect(niceTicks(3, 4, true)).toEqual({ max: 3, values: [0, 1, 2, 3] });
    expect(niceTicks(0.93)).toEqual({ max: 1, values: [0, 0.25, 0.5, 0.75, 1] });
    expect(niceTicks(1200).max).toBeGreaterThanOrEqual(1200);
  });

  test('counts never get fractional ticks', () => {
    const ticks = niceTicks(2, 4, true);
    expect(ticks.values.every(Number.isInteger)).toBe(true);
    expect(ticks.max).toBe(2);
  });

  test('an empty or all-zero series still has an axis', () => {
    expect(niceTicks(0, 4, true)).toEqual({ max: 1, values: [0, 1] });
    expect(niceTicks(Number.NaN).max).toBe(1);
  });

  test('no floating-point noise in tick values', () => {
    expect(niceTicks(0.3, 3).values).toEqual([0, 0.1, 0.2, 0.3]);
  });

  test('steps are 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.07, 1.5, 2.2, 4, 7, 23, 310].map(niceStep)).toEqual([0.1, 2, 2.5, 5, 10, 25, 500]);
  });
});

test('a linear scale maps the domain onto the range, flipped for SVG y axes', () => {
  const y = linearScale([0, 100], [200, 0]);
  expect(y(0)).toBe(200);
  expect(y(50)).toBe(100);
  expect(y(100)).toBe(0);
  expect(linearScale([5, 5], [0, 10])(5)).toBe(0);
});

test('bands share the width with padding on both sides', () => {
  const { offset, band, step } = bandScale(4, [0, 400], 0.2);
  expect(step).toBe(100);
  expect(band).toBe(80);
  expect(offset(0)).toBe(10);
  expect(offset(3)).toBe(310);
});

test('labels are thinned out but keep the first and the last', () => {
  expect(labelIndexes(5, 10)).toEqual([0, 1, 2, 3, 4]);
  expect(labelIndexes(30, 6)).toEqual([0, 6, 12, 18, 24, 29]);
  expect(labelIndexes(8, 3)).toEqual([0, 4, 7]);
  expect(labelIndexes(0, 3)).toEqual([]);
  for (const count of [7, 14, 30, 31, 90]) {
    const indexes = labelIndexes(count, 7);
    expect(indexes.length).toBeLessThanOrEqual(7);
    expect(indexes[0]).toBe(0);
    expect(indexes.at(-1)).toBe(count - 1);
  }
});

test('tick labels stay short', () => {
  expect(formatTick(0)).toBe('0');
  expect(formatTick(2.5)).toBe('2.5');
  expect(formatTick(1200)).toBe('1.2K');
  expect(formatTick(3_000_000)).toBe('3M');
});
