import { expect, test } from 'vitest';
import { statusesFromQuery, statusesToQuery, toggleStatus } from './status-filter';

test('reads known statuses from the address, in order, ignoring the rest', () => {
  expect(statusesFromQuery('timed_out,failed,bogus')).toEqual(['failed', 'timed_out']);
  expect(statusesFromQuery('')).toEqual([]);
  expect(statusesFromQuery(null)).toEqual([]);
});

test('writes them back canonically; none means all', () => {
  expect(statusesToQuery(['timed_out', 'failed'])).toBe('failed,timed_out');
  expect(statusesToQuery([])).toBeNull();
});

test('toggling adds in order and removes', () => {
  expect(toggleStatus(['failed'], 'queued')).toEqual(['queued', 'failed']);
  expect(toggleStatus(['queued', 'failed'], 'queued')).toEqual(['failed']);
});
