import { trpc } from '../api/trpc';
import { agentName } from './task-format';

/** Names agents as `agent.list` does, falling back to the built-in names (or the id). */
export function useAgentName(): (agent: string) => string {
  const agents = trpc.agent.list.useQuery(undefined, { staleTime: Infinity });
  return (agent) => agents.data?.find((item) => item.id === agent)?.displayName ?? agentName(agent);
}
