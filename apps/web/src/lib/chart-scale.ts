/** Axis arithmetic for the small SVG charts: nice round ticks and linear mappings. */

export interface Ticks {
  /** The top of the axis (the last tick), at least the data's maximum. */
  max: number;
  /** Evenly spaced values from 0 to `max`. */
  values: number[];
}

/**
 * Round tick values from 0 up to at least `dataMax`, about `count` steps: steps of 1, 2, 2.5 or
 * 5 times a power of ten (whole numbers only when `integer`). An empty or all-zero series still
 * gets an axis (0 to 1).
 */
export function niceTicks(dataMax: number, count = 4, integer = false): Ticks {
  const top = Number.isFinite(dataMax) && dataMax > 0 ? dataMax : 0;
  if (top === 0) return { max: 1, values: integer ? [0, 1] : [0, 0.25, 0.5, 0.75, 1] };
  let step = niceStep(top / Math.max(1, count));
  if (integer) step = Math.max(1, Math.ceil(step));
  const steps = Math.ceil(top / step - 1e-9);
  const values = Array.from({ length: steps + 1 }, (_, index) => roundTo(index * step, step));
  return { max: values.at(-1) ?? step, values };
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Maps `[domainMin, domainMax]` onto `[rangeStart, rangeEnd]` (either way round). */
export function linearScale(
  [domainMin, domainMax]: readonly [number, number],
  [rangeStart, rangeEnd]: readonly [number, number],
): (value: number) => number {
  const span = domainMax - domainMin;
  if (span === 0) return () => rangeStart;
  return (value) => rangeStart + ((value - domainMin) / span) * (rangeEnd - rangeStart);
}

/** Positions of `count` equal bands across `[start, end]`, each with its padded width. */
export function bandScale(
  count: number,
  [start, end]: readonly [number, number],
  padding = 0.2,
): { offset: (index: number) => number; band: number; step: number } {
  const step = count > 0 ? (end - start) / count : 0;
  const band = step * (1 - padding);
  return { offset: (index) => start + index * step + (step - band) / 2, band, step };
}

/**
 * Which of `count` category labels to print so at most `maxLabels` show, always including the
 * first and the last: every n-th index.
 */
export function labelIndexes(count: number, maxLabels: number): number[] {
  if (count <= 0) return [];
  if (count <= maxLabels) return Array.from({ length: count }, (_, index) => index);
  const every = Math.ceil((count - 1) / Math.max(1, maxLabels - 1));
  const indexes: number[] = [];
  for (let index = 0; index < count - 1; index += every) indexes.push(index);
  // Keep the last; drop a label that would crowd it.
  if (indexes.length > 1 && count - 1 - (indexes.at(-1) ?? 0) < every / 2) indexes.pop();
  indexes.push(count - 1);
  return indexes;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Short axis labels: "0", "2.5", "1.2K", "3M". */
export function formatTick(value: number): string {
  if (Math.abs(value) < 1000) return String(Math.round(value * 100) / 100);
  return compact.format(value);
}

function roundTo(value: number, step: number): number {
  // 0.1 + 0.2 style noise would show on an axis: round to the step's own decimals.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(decimals));
}
