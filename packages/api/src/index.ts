export { appRouter, type AppRouter } from './root';
export { createServices, type CreateServicesOptions } from './services';
export {
  createInnerContext,
  createRequestContext,
  type AuthState,
  type Context,
  type Principal,
  type RequestInfo,
  type Services,
} from './context';
export { createCallerFactory } from './trpc';
export {
  defaultApiConfig,
  type ApiConfig,
  type ApiConfigOverrides,
  type RateLimit,
} from './config';
export { AppError } from './errors';
export { systemClock, type Clock } from './clock';
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export { TaskWorker } from './task/worker';
export { LocalWorkers } from './task/local-workers';
export { createInProcessBus, type EventBus } from './task/event-bus';
export { createRedisBus } from './task/redis-bus';
export {
  createInProcessNotifier,
  createPostgresNotifier,
  type QueueNotifier,
} from './task/queue-notifier';
export { defaultTaskConfig, type TaskConfig } from './task/config';
export { createLlmClient, createOfflineEngine, type LlmClient, type LlmConfig } from './agent/llm';
export { LlmError, type GenerateChunk, type GenerateRequest } from './agent/llm/types';
export { silentObserver, type ApiObserver } from './observer';
export { SubscriptionTracker } from './subscriptions';
export type { AgentDefinition } from './agent/runtime';
export { sealAuditLog, GENESIS_HASH } from './audit/audit-chain';
export { verifyAuditLog } from './audit/audit-verify';
export { startAuditSealer, type AuditSealer } from './audit/audit-sealer';
export {
  refreshTrendingScores,
  startTrendingRefresher,
  type TrendingRefresher,
} from './marketplace/trending';
