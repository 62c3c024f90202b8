import { expect, test } from 'vitest';
import { installedOutputOf } from './installed-output';

test('a marketplace agent’s output is read defensively', () => {
  expect(installedOutputOf({ answer: 'Done.', citations: [], steps: { a: 'x' } })).toEqual({
    answer: 'Done.',
    citations: [],
    steps: { a: 'x' },
  });
  expect(installedOutputOf({ answer: 'Only an answer' })).toEqual({
    answer: 'Only an answer',
    citations: [],
    steps: {},
  });
  expect(installedOutputOf({ partial: true, text: 'cut off' })).toBeNull();
  expect(installedOutputOf('text')).toBeNull();
  expect(installedOutputOf(null)).toBeNull();
});
