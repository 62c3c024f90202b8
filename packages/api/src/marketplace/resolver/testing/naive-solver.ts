/**
 * The benchmark's baseline: plain chronological backtracking (what many package managers did
 * before PubGrub). Newest-first like the real resolver, same availability rules, ranges parsed
 * once and cached, but no propagation and no learning: a clash found deep in the tree is
 * retried under every combination of the choices above it. Stops after `maxSteps` choices.
 */
import semver, { type Range, type SemVer } from 'semver';
import { enginesAllow } from '../package-source';
import type { RegistryVersion, RegistryView, RootRequirement } from '../types';

export interface NaiveOutcome {
  status: 'solved' | 'no-solution' | 'gave-up';
  steps: number;
  solution?: Record<string, string>;
}

interface Candidate {
  version: SemVer;
  entry: RegistryVersion;
}

export function solveNaive(
  root: readonly RootRequirement[],
  registry: RegistryView,
  platformVersion: string,
  maxSteps = 50_000,
): NaiveOutcome {
  const ranges = new Map<string, Range | null>();
  const range = (text: string): Range | null => {
    if (!ranges.has(text)) {
      try {
        ranges.set(text, new semver.Range(text));
      } catch {
        ranges.set(text, null);
      }
    }
    return ranges.get(text) ?? null;
  };
  const candidates = new Map<string, Candidate[]>();
  const candidatesOf = (name: string): Candidate[] => {
    let list = candidates.get(name);
    if (!list) {
      list = registry
        .versions(name)
        .filter((entry) => !entry.yanked && enginesAllow(entry.enginesRange, platformVersion))
        .flatMap((entry) => {
          const version = semver.parse(entry.version);
          return version ? [{ version, entry }] : [];
        })
        .sort((a, b) => b.version.compare(a.version));
      candidates.set(name, list);
    }
    return list;
  };

  const chosen = new Map<string, Candidate>();
  let steps = 0;

  /** Requirements from the root and every chosen version, on packages not yet chosen. */
  const pending = (): { name: string; ranges: string[] } | null => {
    const open = new Map<string, string[]>();
    const require = (name: string, text: string) => {
      if (!chosen.has(name)) open.set(name, [...(open.get(name) ?? []), text]);
    };
    root.forEach((requirement) => require(requirement.name, requirement.range));
    for (const { entry } of chosen.values()) {
      Object.entries(entry.dependencies).forEach(([name, text]) => require(name, text));
    }
    const first = [...open.keys()].sort()[0];
    return first === undefined ? null : { name: first, ranges: open.get(first) as string[] };
  };

  const fits = (name: string, version: SemVer): boolean => {
    const texts = root.filter((r) => r.name === name).map((r) => r.range);
    for (const { entry } of chosen.values()) {
      const text = entry.dependencies[name];
      if (text !== undefined) texts.push(text);
    }
    return texts.every((text) => range(text)?.test(version) ?? false);
  };

  const search = (): boolean | 'gave-up' => {
    const next = pending();
    if (next === null) return true;
    for (const candidate of candidatesOf(next.name)) {
      if (!fits(next.name, candidate.version)) continue;
      const clashes = Object.entries(candidate.entry.dependencies).some(([dep, text]) => {
        const other = chosen.get(dep);
        return other !== undefined && !(range(text)?.test(other.version) ?? false);
      });
      if (clashes) continue;
      if (++steps > maxSteps) return 'gave-up';
      chosen.set(next.name, candidate);
      const found = search();
      if (found !== false) return found;
      chosen.delete(next.name);
    }
    return false;
  };

  const found = search();
  if (found === 'gave-up') return { status: 'gave-up', steps };
  if (!found) return { status: 'no-solution', steps };
  const solution = Object.fromEntries(
    [...chosen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, c]) => [name, c.version.version]),
  );
  return { status: 'solved', steps, solution };
}
