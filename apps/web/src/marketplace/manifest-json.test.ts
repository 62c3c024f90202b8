import { describe, expect, test } from 'vitest';
import { lineAndColumn, locateJsonError, parseJsonText } from './manifest-json';

function errorOf(text: string) {
  const result = parseJsonText(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

describe('manifest JSON errors', () => {
  test('valid JSON parses', () => {
    expect(parseJsonText('{ "name": "acme/x", "tags": [1, 2.5e3, true, null] }')).toEqual({
      ok: true,
      value: { name: 'acme/x', tags: [1, 2500, true, null] },
    });
  });

  test('a missing comma is found at the next property, with its line and column', () => {
    const error = errorOf('{\n  "name": "acme/x"\n  "version": "1.0.0"\n}');
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error.message).toBe(
      'Expected “,” or “}” after the property value, found a double quote.',
    );
  });

  test('a trailing comma points at the comma', () => {
    const error = errorOf('{\n  "a": 1,\n}');
    expect(error).toMatchObject({ line: 2, column: 9 });
    expect(error.message).toMatch(/Remove this comma/);
    expect(errorOf('[1, 2,]').message).toMatch(/none before “]”/);
  });

  test('single quotes and bare names are explained', () => {
    expect(errorOf("{ 'name': 1 }").message).toBe(
      'Property names must be in double quotes (") in JSON.',
    );
    expect(errorOf('{ name: 1 }').message).toBe(
      'Expected a property name in double quotes, found “n”.',
    );
    expect(errorOf('{ "a": \'x\' }').message).toBe('Strings must be in double quotes (") in JSON.');
  });

  test('text cut off mid-way says what is still open and where it began', () => {
    const error = errorOf('{\n  "steps": [\n    { "id": "a" }');
    expect(error.message).toBe(
      'The text ends inside the list that starts at line 2, column 12: a “]” is missing.',
    );
    expect(error.offset).toBe('{\n  "steps": [\n    { "id": "a" }'.length);
  });

  test('an unclosed string points at its opening quote', () => {
    expect(errorOf('{ "a": "never closed }')).toMatchObject({ line: 1, column: 8 });
  });

  test('a raw line break inside a string', () => {
    expect(errorOf('{ "a": "one\ntwo" }').message).toMatch(/cannot span lines/);
  });

  test('bad escapes, numbers and trailing text', () => {
    expect(errorOf('"\\x"').message).toMatch(/Unknown escape/);
    expect(errorOf('"\\u12"').message).toMatch(/four hexadecimal digits/);
    expect(errorOf('{ "a": - }').message).toBe('Expected a number, found “-”.');
    expect(errorOf('{} {}').message).toBe('Unexpected “{” after the end of the JSON value.');
  });

  test('an empty editor asks for a manifest', () => {
    expect(errorOf('  \n ').message).toBe('Paste or type a manifest.');
  });

  test('agrees with JSON.parse on what is valid', () => {
    const samples = [
      '{}',
      '[]',
      '"x"',
      '0',
      '-0.5e-3',
      '{"a":{"b":[{}]}}',
      '[1,]',
      '{"a" 1}',
      '01',
    ];
    for (const sample of samples) {
      let valid = true;
      try {
        JSON.parse(sample);
      } catch {
        valid = false;
      }
      expect(locateJsonError(sample) === null, sample).toBe(valid);
    }
  });
});

test('line and column are 1-based', () => {
  expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
  expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  expect(lineAndColumn('ab', 99)).toEqual({ line: 1, column: 3 });
});
