import { setImmediate as nextTurn } from 'node:timers/promises';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens';
import { LlmError, type GenerateChunk, type GenerateRequest, type LlmClient } from './types';

export interface OfflineEngineOptions {
  /** Words per streamed chunk. */
  chunkWords?: number;
}

/**
 * The `LlmClient` used when no model is configured: it streams the agent's own deterministic
 * answer (`request.offline()`), so every feature works, and streams, without a network.
 */
export function createOfflineEngine(options: OfflineEngineOptions = {}): LlmClient {
  const chunkWords = Math.max(1, Math.floor(options.chunkWords ?? 3));

  async function* stream(
    request: GenerateRequest,
    signal: AbortSignal,
  ): AsyncGenerator<GenerateChunk, void> {
    throwIfAborted(signal);
    const text = await request.offline();
    for (const chunk of chunkText(text, chunkWords)) {
      // A macrotask turn between chunks lets a cancel (timer, socket, lease loss) land mid-answer,
      // as it would with a real model; no artificial delay beyond that.
      await nextTurn();
      throwIfAborted(signal);
      yield { type: 'delta', text: chunk };
    }
    throwIfAborted(signal);
    yield {
      type: 'usage',
      promptTokens: estimatePromptTokens(request.messages),
      completionTokens: estimateTokens(text),
      model: 'offline',
    };
  }

  return { provider: 'offline', model: 'offline', stream };
}

/**
 * Splits text into pieces of `wordsPerChunk` words, each keeping the whitespace that follows
 * it (leading whitespace stays with the first piece), so the pieces join back to `text` exactly.
 */
export function chunkText(text: string, wordsPerChunk: number): string[] {
  const words = text.split(/(?<=\s)(?=\S)/).filter((piece) => piece !== '');
  const chunks: string[] = [];
  for (let index = 0; index < words.length; index += wordsPerChunk) {
    chunks.push(words.slice(index, index + wordsPerChunk).join(''));
  }
  return chunks;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new LlmError('aborted', 'The request was cancelled.');
}
