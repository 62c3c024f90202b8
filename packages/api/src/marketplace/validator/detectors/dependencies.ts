import type { AgentManifest } from '@capecontrol/schema';
import semver from 'semver';
import { formatPath } from '../paths';
import { finding, type Finding, type RegistryView, type ValidationContext } from '../types';
import { enginesAllow } from './engines';

type RegistryVersion = ReturnType<RegistryView['versions']>[number];

/** Deeper chains than this are reported as this deep: the walk must stay bounded. */
const MAX_DEPTH = 32;

/** The newest version in `range` that is not yanked and whose engines admit the platform. */
export function newestUsable(
  registry: RegistryView,
  name: string,
  range: string,
  platformVersion: string,
): RegistryVersion | null {
  const usable = registry
    .versions(name)
    .filter(
      (v) =>
        !v.yanked &&
        semver.satisfies(v.version, range) &&
        enginesAllow(v.enginesRange, platformVersion),
    );
  return usable.sort((a, b) => semver.rcompare(a.version, b.version))[0] ?? null;
}

/** Says why nothing in `range` can be used, naming the versions and their problem. */
function explainNoMatch(
  versions: RegistryVersion[],
  range: string,
  platformVersion: string,
): string {
  const inRange = versions.filter((v) => semver.satisfies(v.version, range));
  if (inRange.length === 0) {
    const newest = versions
      .map((v) => v.version)
      .filter((v) => semver.valid(v))
      .sort(semver.rcompare)
      .slice(0, 5);
    return `no version matches "${range}" (newest: ${newest.join(', ')})`;
  }
  const reasons = inRange.map((v) =>
    v.yanked ? `${v.version} is yanked` : `${v.version} needs CapeControl "${v.enginesRange}"`,
  );
  return `every version in "${range}" is unusable on CapeControl ${platformVersion}: ${reasons.slice(0, 5).join('; ')}`;
}

export interface DependencyAnalysis {
  findings: Finding[];
  /** Longest chain of dependencies below the agent (1: direct dependencies only). */
  depth: number;
}

/**
 * Checks every dependency range against the registry (exists, resolves to a usable version,
 * not deprecated) and walks the newest usable versions to find the agent's own name (a cycle)
 * and the depth of the tree. Offline (no registry) the checks are reported as skipped.
 */
export function analyseDependencies(
  manifest: AgentManifest,
  context: ValidationContext,
): DependencyAnalysis {
  const findings = unusedDependencies(manifest);
  const entries = Object.entries(manifest.dependencies);
  if (entries.length === 0) return { findings, depth: 0 };
  const { registry, platformVersion } = context;
  if (!registry) {
    findings.push(
      finding(
        'dependencies.skipped',
        'dependencies',
        `${entries.length} dependency range(s) not checked offline; publishing resolves them against the registry.`,
      ),
    );
    return { findings, depth: 1 };
  }
  const resolve = (name: string, range: string) =>
    newestUsable(registry, name, range, platformVersion);
  let depth = 1;
  for (const [name, range] of entries) {
    const path = formatPath(['dependencies', name]);
    const versions = registry.versions(name);
    const resolved = versions.length > 0 ? resolve(name, range) : null;
    if (versions.length === 0) {
      findings.push(finding('dependencies.not-found', path, `${name} is not in the registry.`));
      continue;
    }
    if (!resolved) {
      findings.push(
        finding(
          'dependencies.no-matching-version',
          path,
          `${name}: ${explainNoMatch(versions, range, platformVersion)}.`,
        ),
      );
      continue;
    }
    if (resolved.deprecated) {
      findings.push(
        finding(
          'dependencies.deprecated',
          path,
          `${name}@${resolved.version} is deprecated: ${resolved.deprecated}`,
        ),
      );
    }
    const cycle = findPath(
      resolved.dependencies,
      manifest.name,
      resolve,
      [manifest.name, name],
      new Set(),
    );
    if (cycle) {
      findings.push(
        finding(
          'dependencies.cycle',
          path,
          `Dependency cycle: ${cycle.join(' → ')}. An agent cannot (indirectly) depend on itself.`,
        ),
      );
    }
    depth = Math.max(
      depth,
      1 + treeDepth(resolved.dependencies, resolve, new Map(), new Set([name]), 1),
    );
  }
  return { findings, depth };
}

type Resolve = (name: string, range: string) => RegistryVersion | null;

/** A chain from `dependencies` down to `target`, or null; each name@version is visited once. */
function findPath(
  dependencies: Record<string, string>,
  target: string,
  resolve: Resolve,
  chain: string[],
  visited: Set<string>,
): string[] | null {
  for (const [name, range] of Object.entries(dependencies)) {
    if (name === target) return [...chain, name];
    const version = resolve(name, range);
    if (!version || visited.has(`${name}@${version.version}`) || chain.length > MAX_DEPTH) continue;
    visited.add(`${name}@${version.version}`);
    const found = findPath(version.dependencies, target, resolve, [...chain, name], visited);
    if (found) return found;
  }
  return null;
}

/** Levels below these dependencies; names on the current chain are skipped (cycles). */
function treeDepth(
  dependencies: Record<string, string>,
  resolve: Resolve,
  memo: Map<string, number>,
  onChain: Set<string>,
  level: number,
): number {
  let deepest = 0;
  for (const [name, range] of Object.entries(dependencies)) {
    const version = resolve(name, range);
    if (!version || onChain.has(name) || level >= MAX_DEPTH) continue;
    const key = `${name}@${version.version}`;
    let below = memo.get(key);
    if (below === undefined) {
      onChain.add(name);
      below = treeDepth(version.dependencies, resolve, memo, onChain, level + 1);
      onChain.delete(name);
      memo.set(key, below);
    }
    deepest = Math.max(deepest, 1 + below);
  }
  return deepest;
}

/** Declared but never called: installs and permission prompts for nothing. */
function unusedDependencies(manifest: AgentManifest): Finding[] {
  const used = new Set(
    manifest.kind === 'workflow'
      ? (manifest.workflow?.steps.map((step) => step.agent) ?? [])
      : manifest.permissions.tools.includes('agent.call')
        ? Object.keys(manifest.dependencies)
        : [],
  );
  return Object.keys(manifest.dependencies)
    .filter((name) => !used.has(name))
    .map((name) =>
      finding(
        'dependencies.unused',
        formatPath(['dependencies', name]),
        manifest.kind === 'workflow'
          ? `No workflow step calls ${name}; remove it.`
          : `${name} is never called: a prompt agent calls dependencies only with the "agent.call" tool.`,
      ),
    );
}
