import type { Logger } from 'pino';
import { createOfflineEngine } from './offline-engine';
import { createOpenAiClient, type OpenAiClientOptions } from './openai-client';
import type { LlmClient } from './types';

export interface LlmConfig {
  /** OPENAI_API_KEY; null for none. */
  apiKey: string | null;
  /** OPENAI_BASE_URL; null for OpenAI itself. */
  baseURL: string | null;
  /** Default model (the caller decides the default, e.g. gpt-4o-mini). */
  model: string;
  requestTimeoutMs: number;
  streamIdleTimeoutMs: number;
  maxRetries: number;
}

export type LlmClientDeps = Pick<OpenAiClientOptions, 'fetch' | 'sleep' | 'random'> & {
  logger?: Logger;
};

/**
 * Local servers (Ollama, LM Studio, vLLM) ignore the key, but the SDK requires one and
 * OpenAI-style servers expect a Bearer header.
 */
export const LOCAL_SERVER_API_KEY = 'capecontrol-local';

/**
 * The platform's model client: OpenAI (or a compatible server) when a key or a base URL is
 * configured, otherwise the deterministic offline engine.
 */
export function createLlmClient(config: LlmConfig, deps: LlmClientDeps = {}): LlmClient {
  if (!config.apiKey && !config.baseURL) {
    deps.logger?.info(
      { provider: 'offline' },
      'no OPENAI_API_KEY or OPENAI_BASE_URL: answering with the offline engine',
    );
    return createOfflineEngine();
  }
  const client = createOpenAiClient({
    apiKey: config.apiKey || LOCAL_SERVER_API_KEY,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    model: config.model,
    requestTimeoutMs: config.requestTimeoutMs,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    maxRetries: config.maxRetries,
    ...deps,
  });
  // Only the host: a base URL may carry credentials in its user-info part.
  const host = config.baseURL ? new URL(config.baseURL).host : 'api.openai.com';
  deps.logger?.info({ provider: 'openai', host, model: config.model }, 'model client ready');
  return client;
}
