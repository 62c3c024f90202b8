import { describe, expect, it } from 'vitest';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens';
import { createOpenAiClient, type OpenAiClientOptions } from './openai-client';
import { collect, deferred, useFakeOpenAi } from './testing/test-kit';
import type { GenerateChunk, GenerateRequest } from './types';

const API_KEY = 'sk-test-4f9c2b7e1d0a';
const request: GenerateRequest = {
  messages: [
    { role: 'system', content: 'You are the CapeControl guide.' },
    { role: 'user', content: 'How do I publish an agent?' },
  ],
  temperature: 0.2,
  maxTokens: 300,
  offline: () => 'unused',
};

const fake = useFakeOpenAi();

function client(overrides: Partial<OpenAiClientOptions> = {}) {
  return createOpenAiClient({
    apiKey: API_KEY,
    baseURL: fake().baseURL,
    model: 'gpt-4o-mini',
    requestTimeoutMs: 10_000,
    streamIdleTimeoutMs: 10_000,
    maxRetries: 2,
    sleep: () => Promise.resolve(),
    ...overrides,
  });
}

describe('openai client: streaming', () => {
  it('relays each token as its own delta, before the server has sent the next one', async () => {
    const tokens = ['To', ' publish', ',', ' run', ' `cape publish`.'];
    const surfaced = tokens.map(() => deferred());
    const sent: number[] = [];
    fake().enqueue({
      kind: 'stream',
      tokens,
      usage: { prompt: 31, completion: 5 },
      // The server writes token i only once the consumer has seen token i-1: a client that
      // buffered even two tokens would deadlock here instead of passing.
      beforeToken: async (index) => {
        if (index > 0) await surfaced[index - 1]?.promise;
        sent.push(index);
      },
    });
    const chunks: GenerateChunk[] = [];
    for await (const chunk of client().stream(request, new AbortController().signal)) {
      if (chunk.type === 'delta') {
        const index = chunks.length;
        expect(sent).toEqual([...Array(index + 1).keys()]);
        surfaced[index]?.resolve();
      }
      chunks.push(chunk);
    }
    expect(chunks).toEqual([
      ...tokens.map((text) => ({ type: 'delta', text })),
      { type: 'usage', promptTokens: 31, completionTokens: 5, model: 'gpt-4o-mini' },
    ]);
  });

  it('sends a streamed chat completion asking for usage, with the key, options and model override', async () => {
    const result = await collect(
      client().stream({ ...request, model: 'llama3.1:8b' }, new AbortController().signal),
    );
    expect(result.error).toBeUndefined();
    const [recorded] = fake().requests;
    expect(recorded?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(recorded?.body).toMatchObject({
      model: 'llama3.1:8b',
      messages: request.messages,
      temperature: 0.2,
      // A custom base URL may be a server that knows only the older field.
      max_tokens: 300,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(recorded?.body.response_format).toBeUndefined();
    expect(result.chunks.at(-1)).toMatchObject({ type: 'usage', model: 'llama3.1:8b' });
  });

  it('asks for a JSON schema response, strict only when the schema allows it', async () => {
    const strictSchema = {
      type: 'object',
      properties: {
        answer: { type: 'string' },
        steps: { type: 'array', items: { type: 'string' } },
      },
      required: ['answer', 'steps'],
      additionalProperties: false,
    };
    const looseSchema = { type: 'object', properties: { answer: { type: 'string' } } };
    const llm = client();
    await collect(
      llm.stream(
        { ...request, responseSchema: { name: 'specialist_answer', schema: strictSchema } },
        new AbortController().signal,
      ),
    );
    await collect(
      llm.stream(
        { ...request, responseSchema: { name: 'loose answer', schema: looseSchema } },
        new AbortController().signal,
      ),
    );
    expect(fake().requests[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'specialist_answer', schema: strictSchema, strict: true },
    });
    expect(fake().requests[1]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'loose_answer', schema: looseSchema, strict: false },
    });
  });

  it('ends with exactly one usage chunk, estimated when the provider reports none', async () => {
    fake().enqueue({ kind: 'stream', tokens: ['Twelve', ' characters'], usage: false });
    const result = await collect(client().stream(request, new AbortController().signal));
    expect(result.chunks.filter((chunk) => chunk.type === 'usage')).toEqual([
      {
        type: 'usage',
        promptTokens: estimatePromptTokens(request.messages),
        completionTokens: estimateTokens('Twelve characters'),
        model: 'gpt-4o-mini',
      },
    ]);
    expect(result.chunks.at(-1)?.type).toBe('usage');
  });
});
