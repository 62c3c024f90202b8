import { canonicalJson, sha256Hex } from '../validator';
import { capecontrol } from './publishers/capecontrol';
import { datawise } from './publishers/datawise';
import { helpdeskhq } from './publishers/helpdeskhq';
import { inkwell } from './publishers/inkwell';
import { plugworks } from './publishers/plugworks';
import { shieldops } from './publishers/shieldops';
import type { CatalogueAgent, CataloguePublisher, CatalogueVersion } from './types';

/** The seed catalogue every instance starts with. */
export const catalogue: readonly CataloguePublisher[] = [
  capecontrol,
  datawise,
  shieldops,
  plugworks,
  inkwell,
  helpdeskhq,
];

export interface CatalogueEntry {
  publisher: CataloguePublisher;
  agent: CatalogueAgent;
  version: CatalogueVersion;
}

/**
 * Every version in an order that publishes dependencies before their dependents (an agent's
 * versions oldest first), so each version's ranges resolve against what is already published.
 * Dependencies outside `publishers` are left to the registry. Throws on a dependency cycle.
 */
export function publishOrder(publishers: readonly CataloguePublisher[]): CatalogueEntry[] {
  const agents = new Map<string, { publisher: CataloguePublisher; agent: CatalogueAgent }>();
  for (const publisher of publishers) {
    for (const agent of publisher.agents) agents.set(agent.name, { publisher, agent });
  }
  const order: CatalogueEntry[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]) => {
    const found = agents.get(name);
    if (!found || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new Error(`Dependency cycle in the catalogue: ${[...chain, name].join(' → ')}.`);
    }
    state.set(name, 'visiting');
    const dependencies = new Set(
      found.agent.versions.flatMap((version) => Object.keys(version.manifest.dependencies ?? {})),
    );
    for (const dependency of [...dependencies].sort()) visit(dependency, [...chain, name]);
    state.set(name, 'done');
    for (const version of found.agent.versions) order.push({ ...found, version });
  };
  for (const name of agents.keys()) visit(name, []);
  return order;
}

/**
 * A content hash of the catalogue (publishers, manifests and lifecycle state): the marker that
 * tells a start-up the catalogue is already loaded.
 */
export function catalogueVersion(publishers: readonly CataloguePublisher[]): string {
  return sha256Hex(canonicalJson(publishers)).slice(0, 32);
}
