import type { AgentDefinition } from '../agent/runtime';
import { AppError } from '../errors';

/** Finds a marketplace agent (`publisher/agent`) as a user installed it. */
export type InstalledAgentResolver = (name: string, userId: string) => Promise<AgentDefinition>;

/**
 * The agents tasks can run: the built-ins (and any given, in tests), plus, through the installed
 * resolver, the marketplace agents each user installed.
 */
export class AgentRegistry {
  readonly #agents = new Map<string, AgentDefinition>();
  #installed: InstalledAgentResolver | null = null;

  constructor(agents: AgentDefinition[] = []) {
    for (const agent of agents) this.register(agent);
  }

  register(agent: AgentDefinition): void {
    this.#agents.set(agent.id, agent);
  }

  get(id: string): AgentDefinition | undefined {
    return this.#agents.get(id);
  }

  require(id: string): AgentDefinition {
    const agent = this.#agents.get(id);
    if (!agent) throw new AppError('NOT_FOUND', `There is no agent called "${id}".`);
    return agent;
  }

  list(): AgentDefinition[] {
    return [...this.#agents.values()];
  }

  setInstalledResolver(resolver: InstalledAgentResolver): void {
    this.#installed = resolver;
  }

  /** The agent `id` means for `userId`: a built-in, or their installation of a marketplace agent. */
  async resolve(id: string, userId: string): Promise<AgentDefinition> {
    const builtin = this.#agents.get(id);
    if (builtin) return builtin;
    if (id.includes('/') && this.#installed) return this.#installed(id, userId);
    throw new AppError('NOT_FOUND', `There is no agent called "${id}".`);
  }
}
