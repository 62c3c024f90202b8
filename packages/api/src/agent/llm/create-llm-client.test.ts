import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient, LOCAL_SERVER_API_KEY, type LlmConfig } from './create-llm-client';
import { collect } from './testing/test-kit';
import {
  DEFAULT_ANSWER_TOKENS,
  startFakeOpenAi,
  type FakeOpenAi,
} from './testing/fake-openai-server';
import type { GenerateRequest } from './types';

const base: LlmConfig = {
  apiKey: null,
  baseURL: null,
  model: 'gpt-4o-mini',
  requestTimeoutMs: 5_000,
  streamIdleTimeoutMs: 5_000,
  maxRetries: 1,
};
const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'Hello?' }],
  offline: () => 'Offline answer.',
};

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

describe('createLlmClient', () => {
  it('answers offline when neither a key nor a base URL is configured', async () => {
    const llm = createLlmClient(base);
    expect(llm).toMatchObject({ provider: 'offline', model: 'offline' });
    expect((await collect(llm.stream(request, new AbortController().signal))).text).toBe(
      'Offline answer.',
    );
  });

  it('uses the configured key and server', async () => {
    const llm = createLlmClient({ ...base, apiKey: 'sk-live-abcdef123456', baseURL: fake.baseURL });
    expect(llm).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect((await collect(llm.stream(request, new AbortController().signal))).text).toBe(
      DEFAULT_ANSWER_TOKENS.join(''),
    );
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-live-abcdef123456');
  });

  it('talks to a keyless local server (Ollama, LM Studio) with a placeholder key', async () => {
    const llm = createLlmClient({ ...base, baseURL: fake.baseURL, model: 'llama3.1:8b' });
    expect(llm).toMatchObject({ provider: 'openai', model: 'llama3.1:8b' });
    const result = await collect(llm.stream(request, new AbortController().signal));
    expect(result.error).toBeUndefined();
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${LOCAL_SERVER_API_KEY}`);
    expect(fake.requests[0]?.body.model).toBe('llama3.1:8b');
  });
});
