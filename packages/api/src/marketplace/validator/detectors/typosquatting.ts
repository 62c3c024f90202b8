import type { AgentManifest } from '@capecontrol/schema';
import { finding, type Finding } from '../types';
import { editDistance } from './edit-distance';

/**
 * Edits allowed before two names count as confusable: short names differ legitimately in a
 * character or two ("ab" vs "cd" are two edits apart), so the allowance grows with length.
 */
export function editAllowance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

function split(name: string): [publisher: string, agent: string] {
  const [publisher = '', agent = ''] = name.split('/');
  return [publisher, agent];
}

/**
 * A name one or two edits from a popular agent's, compared whole (`acrne/summariser` vs
 * `acme/summariser`) and by the agent part under another publisher (`other/sumariser` vs
 * `acme/summariser`). Names of the publisher's own scope never count: renaming within your own
 * scope confuses no one about who published it.
 */
export function detectTyposquatting(
  manifest: AgentManifest,
  popularNames: readonly string[],
): Finding[] {
  const [publisher, agent] = split(manifest.name);
  const findings: Finding[] = [];
  for (const popular of new Set(popularNames)) {
    const [popularPublisher, popularAgent] = split(popular);
    if (popular === manifest.name || popularPublisher === publisher) continue;
    const fullLimit = editAllowance(Math.min(popular.length, manifest.name.length));
    const full = editDistance(manifest.name, popular, fullLimit);
    const agentLimit = editAllowance(Math.min(popularAgent.length, agent.length));
    const part = editDistance(agent, popularAgent, agentLimit);
    let edits: number | null = null;
    if (full >= 1 && full <= fullLimit) edits = full;
    else if (part >= 1 && part <= agentLimit) edits = part;
    if (edits === null) continue;
    findings.push(
      finding(
        'typosquatting.similar-name',
        'name',
        `"${manifest.name}" is ${edits} edit${edits > 1 ? 's' : ''} from the popular agent "${popular}"; people could install one for the other. Choose a clearly different name.`,
      ),
    );
  }
  return findings;
}
