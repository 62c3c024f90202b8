import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai-server';

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

interface WireChunk {
  id: string;
  object: string;
  choices: { delta?: unknown; finish_reason?: string | null }[];
  usage?: unknown;
}

function post(body: object): Promise<Response> {
  return fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('fake OpenAI server', () => {
  it('frames a stream like OpenAI: role first, one chunk per token, stop, usage, [DONE]', async () => {
    fake.enqueue({ kind: 'stream', tokens: ['A', 'B'], usage: { prompt: 9, completion: 2 } });
    const response = await post({
      model: 'gpt-4o-mini',
      messages: [],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((event) => event.replace(/^data: /, ''));
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as WireChunk);
    expect(chunks.map((chunk) => chunk.object)).toEqual(Array(5).fill('chat.completion.chunk'));
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'A' },
      { content: 'B' },
      {},
      undefined,
    ]);
    expect(chunks[3]?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
    });
    expect(chunks[0]?.usage).toBeNull();
    expect(fake.requests[0]).toMatchObject({
      scenario: 'stream',
      aborted: false,
      body: { model: 'gpt-4o-mini' },
    });
  });

  it('sends no usage chunk unless asked, and answers json scenarios as a chat.completion', async () => {
    const text = await (await post({ model: 'm', messages: [], stream: true })).text();
    expect(text).not.toContain('"usage"');
    fake.enqueue({ kind: 'json', content: { answer: 42 } });
    const completion: unknown = await (await post({ model: 'm', messages: [] })).json();
    expect(completion).toMatchObject({
      object: 'chat.completion',
      choices: [
        { message: { role: 'assistant', content: '{"answer":42}' }, finish_reason: 'stop' },
      ],
    });
  });

  it('answers status scenarios with an OpenAI error body and Retry-After', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '3' });
    const response = await post({ model: 'm', messages: [] });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded' },
    });
  });

  it('records a request the client abandons as aborted', async () => {
    fake.enqueue({ kind: 'stall', afterTokens: ['x'] });
    const controller = new AbortController();
    const response = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.aborted).toBe(true);
  });
});
