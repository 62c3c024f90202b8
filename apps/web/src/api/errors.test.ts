import { createApiKeyInputSchema, registerInputSchema } from '@capecontrol/schema';
import { describe, expect, test } from 'vitest';
import { describeWait, validate } from './errors';

describe('validate with the shared schemas', () => {
  test('returns the first message per field', () => {
    const result = validate(registerInputSchema, {
      displayName: ' ',
      email: 'nope',
      password: 'short',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        displayName: 'Name is required',
        email: 'Enter a valid email address',
        password: 'Password must be at least 10 characters',
      },
    });
  });

  test('returns the parsed data, defaults included', () => {
    const result = validate(createApiKeyInputSchema, {
      name: ' CI ',
      scopes: ['read'],
      expiresInDays: 30,
    });
    expect(result).toEqual({ ok: true, data: { name: 'CI', scopes: ['read'], expiresInDays: 30 } });
  });
});

test('describeWait speaks in round numbers', () => {
  expect(describeWait(40)).toBe('in 40 seconds');
  expect(describeWait(61)).toBe('in about 2 minutes');
  expect(describeWait(900)).toBe('in about 15 minutes');
  expect(describeWait(7200)).toBe('in about 2 hours');
});
