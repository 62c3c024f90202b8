import { describe, expect, it } from 'vitest';
import { createOpenAiClient, type OpenAiClientOptions } from './openai-client';
import { DEFAULT_ANSWER_TOKENS } from './testing/fake-openai-server';
import { collect, expectLlmError, useFakeOpenAi } from './testing/test-kit';
import type { GenerateRequest } from './types';

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

describe('openai client: cancellation and timeouts', () => {
  it('aborting mid-stream aborts the upstream request and throws aborted, after the partial text', async () => {
    fake().enqueue({ kind: 'stall', afterTokens: ['Partial', ' answer'] });
    const controller = new AbortController();
    const received: string[] = [];
    let caught: unknown;
    try {
      for await (const chunk of client().stream(request, controller.signal)) {
        if (chunk.type === 'delta') received.push(chunk.text);
        if (received.length === 2) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expectLlmError(caught, 'aborted');
    expect(received).toEqual(['Partial', ' answer']);
    await fake().requests[0]?.closed;
    expect(fake().requests[0]?.aborted).toBe(true);
    expect(fake().requests).toHaveLength(1);
  });

  it('aborting while waiting for the response headers aborts the request', async () => {
    fake().enqueue({ kind: 'silent' });
    const controller = new AbortController();
    const pending = collect(client().stream(request, controller.signal));
    await fake().waitForRequests(1);
    controller.abort();
    expectLlmError((await pending).error, 'aborted');
    await fake().requests[0]?.closed;
    expect(fake().requests[0]?.aborted).toBe(true);
  });

  it('an already aborted signal sends no request', async () => {
    const controller = new AbortController();
    controller.abort();
    expectLlmError((await collect(client().stream(request, controller.signal))).error, 'aborted');
    expect(fake().requests).toHaveLength(0);
  });

  it('a consumer that stops reading releases the upstream request', async () => {
    fake().enqueue({ kind: 'stall', afterTokens: ['One', ' two'] });
    for await (const chunk of client().stream(request, new AbortController().signal)) {
      if (chunk.type === 'delta') break;
    }
    await fake().requests[0]?.closed;
    expect(fake().requests[0]?.aborted).toBe(true);
  });

  it('a stream that goes silent after partial output hits the idle timeout, without retry', async () => {
    fake().enqueue({ kind: 'stall', afterTokens: ['Half', ' an'] });
    const result = await collect(
      client({ streamIdleTimeoutMs: 200 }).stream(request, new AbortController().signal),
    );
    const error = expectLlmError(result.error, 'timeout');
    expect(error.message).toMatch(/sent nothing for 200 ms/);
    expect(result.text).toBe('Half an');
    await fake().requests[0]?.closed;
    expect(fake().requests[0]?.aborted).toBe(true);
    expect(fake().requests).toHaveLength(1);
  });

  it('a slow consumer is not mistaken for a silent provider', async () => {
    // The runtime writes each token to the database before reading the next; that time must
    // not count against the provider's idle limit.
    const result: string[] = [];
    const llm = client({ streamIdleTimeoutMs: 100 });
    for await (const chunk of llm.stream(request, new AbortController().signal)) {
      if (chunk.type !== 'delta') continue;
      result.push(chunk.text);
      if (result.length === 1) await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(result.join('')).toBe(DEFAULT_ANSWER_TOKENS.join(''));
  });

  it('a stall before any output is retried', async () => {
    fake().enqueue({ kind: 'stall', afterTokens: [] });
    const result = await collect(
      client({ streamIdleTimeoutMs: 200 }).stream(request, new AbortController().signal),
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER_TOKENS.join(''));
    expect(fake().requests.map((recorded) => recorded.aborted)).toEqual([true, false]);
  });

  it('no response headers within the request timeout ends in timeout', async () => {
    fake().enqueue({ kind: 'silent' });
    const result = await collect(
      client({ requestTimeoutMs: 200, maxRetries: 0 }).stream(
        request,
        new AbortController().signal,
      ),
    );
    expect(expectLlmError(result.error, 'timeout').message).toMatch(/within 200 ms/);
    await fake().requests[0]?.closed;
    expect(fake().requests[0]?.aborted).toBe(true);
  });
});

describe('openai client: broken streams', () => {
  it('a malformed chunk fails with bad_response, is not retried, and releases the connection', async () => {
    fake().enqueue({ kind: 'malformed', afterTokens: ['Fine', ' so far'] });
    const result = await collect(client().stream(request, new AbortController().signal));
    expectLlmError(result.error, 'bad_response');
    expect(result.text).toBe('Fine so far');
    await fake().requests[0]?.closed;
    expect(fake().requests[0]?.aborted).toBe(true);
    expect(fake().requests).toHaveLength(1);
  });

  it('a malformed chunk before any text is not retried either', async () => {
    fake().enqueue({ kind: 'malformed' });
    expectLlmError(
      (await collect(client().stream(request, new AbortController().signal))).error,
      'bad_response',
    );
    expect(fake().requests).toHaveLength(1);
  });

  it('a connection dropped after partial output fails without retrying (no duplicated text)', async () => {
    fake().enqueue({ kind: 'hangup', afterTokens: ['Step', ' one'] });
    const result = await collect(client().stream(request, new AbortController().signal));
    expect(expectLlmError(result.error, 'unavailable').message).toMatch(
      /cut off after partial output/,
    );
    expect(result.text).toBe('Step one');
    expect(result.chunks.some((chunk) => chunk.type === 'usage')).toBe(false);
    expect(fake().requests).toHaveLength(1);
  });

  it('a connection dropped before any output is retried', async () => {
    fake().enqueue({ kind: 'hangup', afterTokens: [] });
    const result = await collect(client().stream(request, new AbortController().signal));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER_TOKENS.join(''));
    expect(fake().requests).toHaveLength(2);
  });
});
