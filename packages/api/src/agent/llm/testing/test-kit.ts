import { afterEach, beforeEach, expect } from 'vitest';
import { LlmError, type GenerateChunk, type LlmErrorCode } from '../types';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai-server';

export interface Collected {
  chunks: GenerateChunk[];
  /** The concatenated deltas. */
  text: string;
  /** What the stream threw, if it did. */
  error: unknown;
}

/** Drains an `LlmClient` stream, keeping what arrived before any error. */
export async function collect(stream: AsyncIterable<GenerateChunk>): Promise<Collected> {
  const chunks: GenerateChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (thrown) {
    error = thrown;
  }
  const text = chunks.map((chunk) => (chunk.type === 'delta' ? chunk.text : '')).join('');
  return { chunks, text, error };
}

export function expectLlmError(error: unknown, code: LlmErrorCode): LlmError {
  expect(error).toBeInstanceOf(LlmError);
  expect((error as LlmError).code).toBe(code);
  return error as LlmError;
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** A fresh fake OpenAI server around every test of the calling file. */
export function useFakeOpenAi(): () => FakeOpenAi {
  let fake: FakeOpenAi | undefined;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return () => {
    if (!fake) throw new Error('The fake OpenAI server runs only during a test.');
    return fake;
  };
}
