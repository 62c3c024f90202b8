import { expect, test } from 'vitest';
import { slugify } from './slug';

test('slugs are lowercase words joined by dashes', () => {
  expect(slugify('Installing & updating agents')).toBe('installing-updating-agents');
  expect(slugify('  Café résumé — v2!  ')).toBe('cafe-resume-v2');
  expect(slugify('***')).toBe('');
  expect(slugify('a'.repeat(50) + ' b', 51)).toBe('a'.repeat(50));
});
