import type { AgentManifest, ManifestTool } from '@capecontrol/schema';
import { formatPath } from '../paths';
import { finding, type Finding } from '../types';
import { isCatchAll, isIpHost } from './hosts';

/** More hosts than this is rarely one integration; it is usually "let me reach anything". */
export const MAX_NETWORK_HOSTS = 10;

/**
 * Why a prompt agent needs a tool, or null when it does not. Workflow agents have no model of
 * their own: their steps call dependency agents, each with its own permissions, so no tool is
 * needed at the workflow level.
 */
function unneededBecause(manifest: AgentManifest, tool: ManifestTool): string | null {
  if (manifest.kind === 'workflow') {
    return 'a workflow agent has no model of its own; its steps use their agents’ permissions';
  }
  switch (tool) {
    case 'knowledge.search':
      return manifest.knowledge.length === 0 ? 'the agent ships no knowledge documents' : null;
    case 'agent.call':
      return Object.keys(manifest.dependencies).length === 0
        ? 'the agent has no dependencies to call'
        : null;
    case 'http.fetch':
      return manifest.permissions.network.length === 0
        ? 'permissions.network lists no host to fetch'
        : null;
    case 'web.search':
      return null;
  }
}

/** Permissions wider than the agent can need: install consent means little when they are. */
export function detectPermissions(manifest: AgentManifest): Finding[] {
  const findings: Finding[] = [];
  const { network, tools } = manifest.permissions;
  network.forEach((pattern, i) => {
    const path = formatPath(['permissions', 'network', i]);
    if (pattern === '*' || pattern === '*.*') {
      findings.push(
        finding(
          'permissions.network-wildcard',
          path,
          `"${pattern}" lets the agent reach any host on the internet; list the hosts it calls.`,
        ),
      );
    } else if (isCatchAll(pattern)) {
      findings.push(
        finding(
          'permissions.wildcard-tld',
          path,
          `"${pattern}" covers every site under a public suffix, owned by anyone; name the domain.`,
        ),
      );
    } else if (isIpHost(pattern)) {
      findings.push(
        finding(
          'permissions.raw-ip-host',
          path,
          `"${pattern}" is a raw IP address; use the service's host name so people can see who it is.`,
        ),
      );
    }
  });
  if (network.length > MAX_NETWORK_HOSTS) {
    findings.push(
      finding(
        'permissions.too-many-hosts',
        'permissions.network',
        `${network.length} network hosts (more than ${MAX_NETWORK_HOSTS}); an agent that needs this many is hard to review.`,
      ),
    );
  }
  tools.forEach((tool, i) => {
    const reason = unneededBecause(manifest, tool);
    if (reason) {
      findings.push(
        finding(
          'permissions.unneeded-tool',
          formatPath(['permissions', 'tools', i]),
          `"${tool}" is not needed: ${reason}. Remove it.`,
        ),
      );
    }
  });
  if (manifest.kind === 'prompt' && network.length > 0 && !tools.includes('http.fetch')) {
    findings.push(
      finding(
        'permissions.unused-network',
        'permissions.network',
        'Network hosts without the "http.fetch" tool are never used; remove them or add the tool.',
      ),
    );
  }
  return findings;
}
