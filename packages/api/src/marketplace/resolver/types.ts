/** One published version of a package as the resolver sees it. */
export interface RegistryVersion {
  version: string;
  /** `publisher/agent → semver range`, from the manifest's `dependencies`. */
  dependencies: Record<string, string>;
  /** The manifest's `engines.capecontrol` range. */
  enginesRange: string;
  yanked: boolean;
  deprecated?: string | null;
}

/**
 * The part of the registry a resolution may touch, already in memory: the solver is synchronous
 * and never waits on the database (see `loadRegistryView`). An unknown name has no versions.
 */
export interface RegistryView {
  versions(name: string): readonly RegistryVersion[];
}

export interface RootRequirement {
  name: string;
  range: string;
}

export interface ResolveRequest {
  /** What the user asked for; order does not matter. */
  root: readonly RootRequirement[];
  registry: RegistryView;
  /** The running CapeControl version, checked against every version's `enginesRange`. */
  platformVersion: string;
  /** Exact versions a package must have if it is in the solution (yanked ones allowed). */
  pins?: Record<string, string>;
  /** Currently installed versions, tried first while still compatible (minimal upgrades). */
  preferred?: Record<string, string>;
  /** Time budget in milliseconds from the call (default 2000); past it the answer is `timeout`. */
  deadlineMs?: number;
  /** Millisecond clock, injectable for tests; defaults to `performance.now`. */
  now?: () => number;
}

export interface ResolutionSuccess {
  ok: true;
  /** Chosen version per package, keys in name order. */
  solution: Record<string, string>;
  /** Every chosen package once, each after all of its dependencies. */
  order: string[];
  /** Deprecation notices of chosen versions, in name order. */
  deprecations: Array<{ name: string; version: string; message: string }>;
  stats: ResolutionStats;
}

export type FailureReason = 'conflict' | 'not_found' | 'timeout';

export interface ResolutionFailure {
  ok: false;
  reason: FailureReason;
  /** The whole explanation as paragraphs of prose. */
  explanation: string;
  /** The derivation, one sentence a line; a conclusion a later line refers back to ends in `(n)`. */
  chain: string[];
  stats: ResolutionStats;
}

export type ResolutionResult = ResolutionSuccess | ResolutionFailure;

export interface ResolutionStats {
  decisions: number;
  conflicts: number;
  elapsedMs: number;
}
