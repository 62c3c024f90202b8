import { guideAgent } from './guide';
import type { AgentDefinition } from './runtime';
import { specialistAgent } from './specialist';

/** The agents every instance ships with. */
export function builtinAgents(): AgentDefinition[] {
  return [guideAgent, specialistAgent];
}
