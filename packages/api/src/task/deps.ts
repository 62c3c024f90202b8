import type { LlmClient } from '../agent/llm/types';
import type { TaskConfig } from './config';
import type { EventBus } from './event-bus';
import type { LocalWorkers } from './local-workers';
import type { QueueNotifier } from './queue-notifier';
import type { AgentRegistry } from './registry';

/** What the task runtime needs besides the database: shared by API and worker roles. */
export interface TaskRuntime {
  bus: EventBus;
  notifier: QueueNotifier;
  /** This process's workers: a new task goes straight to an idle one (none in an API process). */
  local: LocalWorkers;
  agents: AgentRegistry;
  llm: LlmClient;
  config: TaskConfig;
}
