import { expect, test } from 'vitest';
import { navFor } from './nav-items';

test('the navigation shows each role only what it can use', () => {
  const labels = (role: Parameters<typeof navFor>[0]) => navFor(role).map((item) => item.label);
  expect(labels('user')).not.toContain('Publish');
  expect(labels('user')).not.toContain('Knowledge');
  expect(labels('user')).not.toContain('Operations');
  expect(labels('user')).toContain('Marketplace');
  expect(labels('publisher')).toEqual(expect.arrayContaining(['Publish', 'Dashboard']));
  expect(labels('publisher')).not.toContain('Knowledge');
  expect(labels('publisher')).not.toContain('Operations');
  expect(labels('admin')).toEqual(
    expect.arrayContaining(['Publish', 'Dashboard', 'Knowledge', 'Operations']),
  );
  expect(labels('admin').at(-1)).toBe('Account');
});
