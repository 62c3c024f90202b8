import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiClient, type OpenAiClientOptions } from './openai-client';
import { DEFAULT_ANSWER_TOKENS } from './testing/fake-openai-server';
import { collect, expectLlmError, useFakeOpenAi } from './testing/test-kit';
import type { GenerateRequest } from './types';

const API_KEY = 'sk-test-9a8b7c6d5e4f3a2b';
const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'Ping?' }],
  offline: () => 'unused',
};
const answer = DEFAULT_ANSWER_TOKENS.join('');

const fake = useFakeOpenAi();
/** Delays the client asked to sleep between attempts (nothing actually waits). */
let delays: number[];
beforeEach(() => {
  delays = [];
});

function client(overrides: Partial<OpenAiClientOptions> = {}) {
  return createOpenAiClient({
    apiKey: API_KEY,
    baseURL: fake().baseURL,
    model: 'gpt-4o-mini',
    requestTimeoutMs: 10_000,
    streamIdleTimeoutMs: 10_000,
    maxRetries: 2,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0,
    ...overrides,
  });
}

describe('openai client: retries', () => {
  it('retries a 429 after waiting at least its Retry-After seconds, then succeeds', async () => {
    fake().enqueue({ kind: 'status', status: 429, retryAfter: '2' });
    const result = await collect(client().stream(request, new AbortController().signal));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(answer);
    expect(fake().requests.map((recorded) => recorded.scenario)).toEqual(['status', 'stream']);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(2_000);
  });

  it('honours retry-after-ms and a Retry-After HTTP date', async () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    fake().enqueue(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '1500' } },
      { kind: 'status', status: 503, retryAfter: inOneMinute },
    );
    const result = await collect(client().stream(request, new AbortController().signal));
    expect(result.error).toBeUndefined();
    expect(delays[0]).toBeGreaterThanOrEqual(1_500);
    // The date has whole-second precision and the clock moves on; well above the 500 ms backoff.
    expect(delays[1]).toBeGreaterThanOrEqual(50_000);
  });

  it('backs off exponentially with full jitter when the server gives no Retry-After', async () => {
    fake().enqueue(...[1, 2, 3].map(() => ({ kind: 'status', status: 500 }) as const));
    await collect(
      client({ maxRetries: 3, random: () => 0.999 }).stream(request, new AbortController().signal),
    );
    expect(delays).toEqual([499, 999, 1998]);
  });

  it('makes exactly maxRetries retries: the last allowed attempt may still succeed', async () => {
    fake().enqueue(
      ...[1, 2, 3].map(() => ({ kind: 'status', status: 429, retryAfter: '1' }) as const),
    );
    const result = await collect(
      client({ maxRetries: 3 }).stream(request, new AbortController().signal),
    );
    expect(result.error).toBeUndefined();
    expect(fake().requests).toHaveLength(4);
  });

  it('gives up on a persistent 429 with rate_limited after maxRetries + 1 attempts', async () => {
    fake().enqueue(
      ...[1, 2, 3, 4].map(() => ({ kind: 'status', status: 429, retryAfter: '1' }) as const),
    );
    const result = await collect(
      client({ maxRetries: 3 }).stream(request, new AbortController().signal),
    );
    const error = expectLlmError(result.error, 'rate_limited');
    expect(error.status).toBe(429);
    expect(fake().requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
  });

  it('a persistent 500 ends with unavailable and the reason after maxRetries + 1 attempts', async () => {
    fake().enqueue(...[1, 2, 3].map(() => ({ kind: 'status', status: 500 }) as const));
    const result = await collect(
      client({ maxRetries: 2 }).stream(request, new AbortController().signal),
    );
    const error = expectLlmError(result.error, 'unavailable');
    expect(error.status).toBe(500);
    expect(error.message).toMatch(
      /HTTP 500.*had an error while processing.*Gave up after 3 attempts/,
    );
    expect(result.chunks).toEqual([]);
    expect(fake().requests).toHaveLength(3);
  });

  it('does not retry an exhausted quota, which OpenAI also reports as 429', async () => {
    fake().enqueue({
      kind: 'status',
      status: 429,
      body: {
        error: {
          message: 'You exceeded your current quota.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      },
    });
    expect(
      expectLlmError(
        (await collect(client().stream(request, new AbortController().signal))).error,
        'rate_limited',
      ).message,
    ).toMatch(/quota/);
    expect(fake().requests).toHaveLength(1);
  });

  it('retries connection failures, then reports the provider unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await collect(
      client({ baseURL: `http://127.0.0.1:${port}/v1` }).stream(
        request,
        new AbortController().signal,
      ),
    );
    expect(expectLlmError(result.error, 'unavailable').message).toMatch(
      /Could not reach the model provider \(connection refused\)/,
    );
    expect(delays).toHaveLength(2);
  });

  it('a cancel during the wait between attempts ends the call at once', async () => {
    fake().enqueue({ kind: 'status', status: 429, retryAfter: '60' });
    const controller = new AbortController();
    // The real sleep: if it ignored the signal, this test would outlive its timeout.
    const pending = collect(client({ sleep: undefined }).stream(request, controller.signal));
    await fake().waitForRequests(1);
    await fake().requests[0]?.closed;
    controller.abort();
    expectLlmError((await pending).error, 'aborted');
    expect(fake().requests).toHaveLength(1);
  });
});

describe('openai client: errors that are not retried', () => {
  it('401 is unauthorized, not retried, and the message never contains the key', async () => {
    fake().enqueue({
      kind: 'status',
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${API_KEY}.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    });
    const error = expectLlmError(
      (await collect(client().stream(request, new AbortController().signal))).error,
      'unauthorized',
    );
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(API_KEY);
    expect(fake().requests).toHaveLength(1);
  });

  it('403 is unauthorized too', async () => {
    fake().enqueue({ kind: 'status', status: 403 });
    expectLlmError(
      (await collect(client().stream(request, new AbortController().signal))).error,
      'unauthorized',
    );
    expect(fake().requests).toHaveLength(1);
  });

  it.each([400, 404, 422])(
    '%i is invalid_request, not retried, with the provider reason minus any key',
    async (status) => {
      fake().enqueue({
        kind: 'status',
        status,
        body: {
          error: {
            message: `The model 'gpt-9' does not exist (key ${API_KEY}).`,
            type: 'invalid_request_error',
            param: 'model',
            code: null,
          },
        },
      });
      const error = expectLlmError(
        (await collect(client().stream(request, new AbortController().signal))).error,
        'invalid_request',
      );
      expect(error.status).toBe(status);
      expect(error.message).toContain(`The model 'gpt-9' does not exist`);
      expect(error.message).not.toContain(API_KEY);
      expect(fake().requests).toHaveLength(1);
    },
  );
});
