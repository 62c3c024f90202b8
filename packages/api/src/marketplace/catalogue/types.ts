import type { AgentManifestInput } from '@capecontrol/schema';

/** One published version of a catalogue agent, with the lifecycle state it is seeded in. */
export interface CatalogueVersion {
  manifest: AgentManifestInput & { name: string; version: string };
  /** Deprecation message applied after publishing. */
  deprecated?: string;
  /** Yank reason applied after publishing. */
  yanked?: string;
}

export interface CatalogueAgent {
  name: string;
  kind: 'prompt' | 'workflow';
  /** Oldest first. */
  versions: CatalogueVersion[];
  /** Deprecates the whole agent (every version) with this message. */
  deprecated?: string;
  /** A request that shows what the agent is for: quoted in its readme, run by the tests. */
  sample: string;
}

export interface CataloguePublisher {
  /** The `publisher/` scope its agents are published under. */
  scope: string;
  /** Display name of the publisher's system account. */
  displayName: string;
  /** Shown as a verified publisher in the marketplace. */
  verified: boolean;
  agents: CatalogueAgent[];
}
