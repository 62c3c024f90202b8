import { describe, expect, it } from 'vitest';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens';
import { chunkText, createOfflineEngine } from './offline-engine';
import { collect } from './testing/test-kit';
import { LlmError, type GenerateRequest } from './types';

const answer =
  '  To publish an agent:\n\n1. Run `cape validate`.\n2. Run   `cape publish` — done.\t\n';
const request: GenerateRequest = {
  messages: [
    { role: 'system', content: 'You are the CapeControl guide.' },
    { role: 'user', content: 'How do I publish an agent?' },
  ],
  offline: () => answer,
};

describe('offline engine', () => {
  it('streams the offline answer in chunks of a few words whose concatenation is the exact text', async () => {
    const llm = createOfflineEngine({ chunkWords: 3 });
    expect(llm).toMatchObject({ provider: 'offline', model: 'offline' });
    const result = await collect(llm.stream(request, new AbortController().signal));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(answer);
    const deltas = result.chunks.flatMap((chunk) => (chunk.type === 'delta' ? [chunk.text] : []));
    expect(deltas.length).toBeGreaterThan(3);
    for (const delta of deltas) expect(delta.trim().split(/\s+/).length).toBeLessThanOrEqual(3);
  });

  it('ends with one deterministic usage chunk estimated from the prompt and the answer', async () => {
    const llm = createOfflineEngine();
    const first = await collect(llm.stream(request, new AbortController().signal));
    const second = await collect(llm.stream(request, new AbortController().signal));
    const usage = {
      type: 'usage',
      promptTokens: estimatePromptTokens(request.messages),
      completionTokens: estimateTokens(answer),
      model: 'offline',
    };
    expect(first.chunks.filter((chunk) => chunk.type === 'usage')).toEqual([usage]);
    expect(first.chunks.at(-1)).toEqual(usage);
    expect(second.chunks).toEqual(first.chunks);
  });

  it('awaits an asynchronous offline answer', async () => {
    const result = await collect(
      createOfflineEngine().stream(
        { ...request, offline: () => Promise.resolve('From the knowledge base.') },
        new AbortController().signal,
      ),
    );
    expect(result.text).toBe('From the knowledge base.');
  });

  it('stops with aborted when the signal aborts between chunks', async () => {
    const controller = new AbortController();
    const received: string[] = [];
    let caught: unknown;
    try {
      for await (const chunk of createOfflineEngine({ chunkWords: 1 }).stream(
        request,
        controller.signal,
      )) {
        if (chunk.type === 'delta') received.push(chunk.text);
        if (received.length === 2) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LlmError);
    expect((caught as LlmError).code).toBe('aborted');
    expect(received).toHaveLength(2);
  });

  it('lets a cancel from another macrotask interleave with the stream', async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const result = await collect(
      createOfflineEngine({ chunkWords: 1 }).stream(request, controller.signal),
    );
    expect((result.error as LlmError).code).toBe('aborted');
    expect(result.text.length).toBeLessThan(answer.length);
  });

  it('does not ask for the answer when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let asked = false;
    const result = await collect(
      createOfflineEngine().stream(
        { ...request, offline: () => ((asked = true), 'x') },
        controller.signal,
      ),
    );
    expect((result.error as LlmError).code).toBe('aborted');
    expect(asked).toBe(false);
  });

  it('streams an empty answer as usage alone', async () => {
    const result = await collect(
      createOfflineEngine().stream({ ...request, offline: () => '' }, new AbortController().signal),
    );
    expect(result.chunks).toEqual([
      {
        type: 'usage',
        promptTokens: estimatePromptTokens(request.messages),
        completionTokens: 0,
        model: 'offline',
      },
    ]);
  });
});

describe('chunkText', () => {
  it.each(['', ' ', 'one', 'one two', '\n\nlead and trail  \n', 'a\tb\r\nc   d e f g'])(
    'joins back to %j exactly',
    (text) => {
      for (const size of [1, 2, 5]) expect(chunkText(text, size).join('')).toBe(text);
    },
  );

  it('groups words with their following whitespace', () => {
    expect(chunkText('one two  three four', 2)).toEqual(['one two  ', 'three four']);
  });
});
