import type { ChatMessage } from './types';

/**
 * A deterministic token estimate (≈ 4 characters per token, OpenAI's rule of thumb for English).
 * Used when no tokenizer is at hand: by the offline engine, and when a provider omits usage.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated prompt tokens: the content of every message plus a few tokens of framing each. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  // Chat formats wrap each message in role markers; OpenAI documents about 3–4 tokens apiece.
  return messages.reduce((total, message) => total + estimateTokens(message.content) + 4, 0);
}
