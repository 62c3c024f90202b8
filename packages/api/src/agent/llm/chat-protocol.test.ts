import { describe, expect, it } from 'vitest';
import { buildChatBody, isStrictCompatible, readChunk } from './chat-protocol';
import { LlmError } from './types';

describe('buildChatBody', () => {
  it('uses max_completion_tokens for OpenAI itself and omits unset options', () => {
    const body = buildChatBody(
      { messages: [{ role: 'user', content: 'Hi' }], maxTokens: 50, offline: () => '' },
      'gpt-4o-mini',
      'max_completion_tokens',
    );
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 50,
    });
  });
});

describe('isStrictCompatible', () => {
  const closed = (properties: Record<string, unknown>) => ({
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  });

  it('accepts closed objects all the way down', () => {
    expect(
      isStrictCompatible(
        closed({
          steps: { type: 'array', items: closed({ purpose: { type: 'string' } }) },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        }),
      ),
    ).toBe(true);
  });

  it('rejects an optional property or an open object at any depth', () => {
    expect(isStrictCompatible({ ...closed({ a: { type: 'string' } }), required: [] })).toBe(false);
    expect(
      isStrictCompatible(
        closed({
          nested: { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] },
        }),
      ),
    ).toBe(false);
    expect(
      isStrictCompatible(
        closed({
          list: {
            type: 'array',
            items: { type: 'object', properties: {}, additionalProperties: true },
          },
        }),
      ),
    ).toBe(false);
    expect(
      isStrictCompatible({
        ...closed({}),
        $defs: { Step: { type: 'object', properties: { x: {} } } },
      }),
    ).toBe(false);
  });
});

describe('readChunk', () => {
  const chunk = (choice: unknown, extra: object = {}) => ({
    id: 'c1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini',
    choices: [choice],
    ...extra,
  });

  it('reads content, finish and usage', () => {
    expect(readChunk(chunk({ index: 0, delta: { content: 'Hi' }, finish_reason: null }))).toEqual({
      text: 'Hi',
      finished: false,
      usage: undefined,
      model: 'gpt-4o-mini',
    });
    expect(readChunk(chunk({ index: 0, delta: {}, finish_reason: 'stop' })).finished).toBe(true);
    expect(
      readChunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } })
        .usage,
    ).toEqual({ promptTokens: 3, completionTokens: 4 });
  });

  it.each([
    ['no choices', { id: 'c1' }],
    ['content that is not text', chunk({ index: 0, delta: { content: 42 } })],
    ['a delta that is not an object', chunk({ index: 0, delta: 'Hi' })],
    ['usage without counts', { choices: [], usage: { prompt_tokens: 'many' } }],
    ['not an object', 'data'],
  ])('rejects a chunk with %s as bad_response', (_, value) => {
    expect(() => readChunk(value)).toThrow(LlmError);
    try {
      readChunk(value);
    } catch (error) {
      expect((error as LlmError).code).toBe('bad_response');
    }
  });
});
