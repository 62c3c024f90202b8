import { describe, expect, test } from 'vitest';
import { safeNextPath, signInPathFor } from './redirect';

const origin = 'https://cape.example.com';

describe('safeNextPath', () => {
  test('keeps paths on this site, with their query and hash', () => {
    expect(safeNextPath('/account?tab=keys#api-keys', origin)).toBe('/account?tab=keys#api-keys');
  });

  test('never leaves the site', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      expect(safeNextPath(next, origin)).toBe('/');
    }
    expect(safeNextPath(null, origin)).toBe('/');
  });

  test('does not loop back to the sign-in pages', () => {
    expect(safeNextPath('/sign-in?next=/account', origin)).toBe('/');
    expect(safeNextPath('/sign-up', origin)).toBe('/');
  });
});

test('signInPathFor leaves out a pointless next=/', () => {
  expect(signInPathFor('/')).toBe('/sign-in');
  expect(signInPathFor('/account')).toBe('/sign-in?next=%2Faccount');
});
