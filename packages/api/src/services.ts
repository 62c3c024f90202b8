import type { DB } from '@capecontrol/db';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit } from './audit/audit';
import { createAuthLimiters } from './auth/limiters';
import { deriveKeys, loadInstanceSecret } from './auth/secrets';
import { systemClock, type Clock } from './clock';
import { defaultApiConfig, type ApiConfig, type ApiConfigOverrides } from './config';
import type { Services } from './context';
import type { LlmClient } from './agent/llm/types';
import type { AgentDefinition } from './agent/runtime';
import { builtinAgents } from './agent/builtin';
import { seedBuiltinKnowledge } from './agent/knowledge';
import { seedCatalogue } from './marketplace/catalogue';
import { refreshCompatibility } from './marketplace/compatibility';
import { loadInstalledAgent } from './marketplace/runtime/installed-agents';
import { loadSigningKeys } from './marketplace/signing';
import { defaultTaskConfig, type TaskConfig } from './task/config';
import { createInProcessBus, type EventBus } from './task/event-bus';
import { LocalWorkers } from './task/local-workers';
import { createInProcessNotifier, type QueueNotifier } from './task/queue-notifier';
import { AgentRegistry } from './task/registry';
import { silentObserver, type ApiObserver } from './observer';
import { SubscriptionTracker } from './subscriptions';

export interface CreateServicesOptions {
  db: Kysely<DB>;
  logger: Logger;
  config?: ApiConfigOverrides;
  clock?: Clock;
  redis?: Redis | null;
  /** The language model agents use (openai or the offline engine). */
  llm: LlmClient;
  /** Event fan-out; default in-process. */
  bus?: EventBus;
  /** Queue wake-ups; default in-process. */
  notifier?: QueueNotifier;
  /** Agents beyond the built-ins (tests, benchmarks). */
  agents?: AgentDefinition[];
  taskConfig?: Partial<TaskConfig>;
  /** Receives per-procedure timings; default: none. */
  observer?: ApiObserver;
}

/** Builds the long-lived services of one process; the database must already be migrated. */
export async function createServices(options: CreateServicesOptions): Promise<Services> {
  const config: ApiConfig = {
    ...defaultApiConfig,
    ...options.config,
    rateLimits: { ...defaultApiConfig.rateLimits, ...options.config?.rateLimits },
  };
  const redis = options.redis ?? null;
  const keys = deriveKeys(await loadInstanceSecret(options.db, config.authSecret));
  if (config.adminEmail) await promoteAdmin(options.db, config.adminEmail);
  // The Guide's default knowledge base ships with the product; cheap when nothing changed.
  await seedBuiltinKnowledge(options.db);
  await refreshCompatibility(options.db);
  const signing = await loadSigningKeys(options.db);
  await seedCatalogue(options.db, signing, { logger: options.logger });
  const agents = new AgentRegistry([...builtinAgents(), ...(options.agents ?? [])]);
  agents.setInstalledResolver((name, userId) =>
    loadInstalledAgent(options.db, { signing, encryption: keys.encryption }, userId, name),
  );
  return {
    db: options.db,
    logger: options.logger,
    clock: options.clock ?? systemClock,
    config,
    keys,
    limiters: createAuthLimiters(config, redis),
    redis,
    tasks: {
      bus: options.bus ?? createInProcessBus(),
      notifier: options.notifier ?? createInProcessNotifier(),
      local: new LocalWorkers(),
      agents,
      llm: options.llm,
      config: { ...defaultTaskConfig, ...options.taskConfig },
    },
    marketplace: { signing },
    observer: options.observer ?? silentObserver,
    subscriptions: new SubscriptionTracker(config.maxSubscriptionsPerUser),
  };
}

/** ADMIN_EMAIL names the admin: an existing account with that email becomes one at start-up. */
async function promoteAdmin(db: Kysely<DB>, email: string): Promise<void> {
  const promoted = await db
    .updateTable('users')
    .set({ role: 'admin', updated_at: new Date() })
    .where('email', '=', email.toLowerCase())
    .where('role', '<>', 'admin')
    .returning('id')
    .executeTakeFirst();
  if (promoted) {
    await recordAudit(db, {
      action: 'auth.role.promote',
      outcome: 'success',
      actor: { type: 'system' },
      target: { type: 'user', id: promoted.id },
      metadata: { role: 'admin', reason: 'ADMIN_EMAIL' },
    });
  }
}
