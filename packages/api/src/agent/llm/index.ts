export {
  createLlmClient,
  LOCAL_SERVER_API_KEY,
  type LlmClientDeps,
  type LlmConfig,
} from './create-llm-client';
export { estimatePromptTokens, estimateTokens } from './estimate-tokens';
export { createOfflineEngine, type OfflineEngineOptions } from './offline-engine';
export { createOpenAiClient, type OpenAiClientOptions } from './openai-client';
export {
  LlmError,
  type ChatMessage,
  type GenerateChunk,
  type GenerateRequest,
  type LlmClient,
  type LlmErrorCode,
} from './types';
