import { describe, expect, test } from 'vitest';
import { configErrorField, configPayload, initialConfigValues, requiresInput } from './config-form';
import type { ConfigField } from './marketplace-types';

function field(overrides: Partial<ConfigField> & { key: string }): ConfigField {
  return { label: overrides.key, type: 'string', required: false, secret: false, ...overrides };
}

const fields: ConfigField[] = [
  field({ key: 'apiKey', label: 'API key', secret: true, required: true }),
  field({ key: 'tone', type: 'select', options: ['brief', 'detailed'], default: 'brief' }),
  field({ key: 'maxItems', label: 'Max items', type: 'number', default: 5 }),
  field({ key: 'verbose', type: 'boolean', default: true }),
  field({ key: 'team', label: 'Team' }),
];

describe('settings form', () => {
  test('starts from the defaults; secrets start empty', () => {
    expect(initialConfigValues(fields)).toEqual({
      apiKey: '',
      tone: 'brief',
      maxItems: '5',
      verbose: true,
      team: '',
    });
  });

  test('starts from the current settings when updating, never from a secret', () => {
    const values = initialConfigValues(fields, { apiKey: 'leaked?', maxItems: 9, team: 'ops' });
    expect(values).toMatchObject({ apiKey: '', maxItems: '9', team: 'ops' });
  });

  test('sends numbers as numbers and emptied settings as empty text', () => {
    const result = configPayload(fields, {
      apiKey: ' sk-123 ',
      tone: 'detailed',
      maxItems: '12',
      verbose: false,
      team: '',
    });
    expect(result).toEqual({
      ok: true,
      config: { apiKey: 'sk-123', tone: 'detailed', maxItems: 12, verbose: false, team: '' },
    });
  });

  test('an empty secret keeps the saved one when updating; without one it is still required', () => {
    const values = { apiKey: '', tone: 'brief', maxItems: '', verbose: true, team: 'ops' };
    expect(configPayload(fields, values, ['apiKey'])).toEqual({
      ok: true,
      config: { tone: 'brief', maxItems: '', verbose: true, team: 'ops' },
    });
    expect(configPayload(fields, values, [])).toEqual({
      ok: false,
      errors: { apiKey: 'API key is required.' },
    });
  });

  test('says which fields need attention', () => {
    expect(
      configPayload(fields, {
        apiKey: '',
        tone: 'loud',
        maxItems: 'many',
        verbose: true,
        team: '',
      }),
    ).toEqual({
      ok: false,
      errors: {
        apiKey: 'API key is required.',
        tone: 'Choose one of the options for tone.',
        maxItems: 'Max items must be a number.',
      },
    });
  });

  test('a setting the server complained about is found in its message', () => {
    expect(configErrorField('config.apiKey: API key is required.')).toEqual({
      key: 'apiKey',
      message: 'API key is required.',
    });
    expect(configErrorField('Something else')).toBeNull();
  });

  test('settings that must be filled in', () => {
    expect(requiresInput(fields)).toBe(true);
    expect(requiresInput(fields.slice(1))).toBe(false);
  });
});
