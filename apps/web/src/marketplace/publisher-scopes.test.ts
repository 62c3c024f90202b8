import { expect, test } from 'vitest';
import { parseScopes, suggestScope, withoutScope, withScope } from './publisher-scopes';

test('scopes are added once, lowercased and sorted; malformed ones are ignored', () => {
  expect(withScope(['zeta'], 'ACME')).toEqual(['acme', 'zeta']);
  expect(withScope(['acme'], 'acme')).toEqual(['acme']);
  expect(withScope([], 'not a scope')).toEqual([]);
  expect(withoutScope(['acme', 'zeta'], 'acme')).toEqual(['zeta']);
});

test('a stored list survives tampering', () => {
  expect(parseScopes('["acme", 3, "Bad Scope", "acme", "zeta"]')).toEqual(['acme', 'zeta']);
  expect(parseScopes('{')).toEqual([]);
  expect(parseScopes('"acme"')).toEqual([]);
  expect(parseScopes(null)).toEqual([]);
});

test('an example scope from a name', () => {
  expect(suggestScope('Pat Publisher')).toBe('pat-publisher');
  expect(suggestScope('Zoë')).toBe('zoe');
  expect(suggestScope('X')).toBe('my-scope');
  expect(suggestScope('日本')).toBe('my-scope');
});
