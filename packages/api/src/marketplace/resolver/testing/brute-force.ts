/**
 * An independent, obviously-correct reference for the property test: it checks a proposed
 * solution against every rule directly, and decides solvability by trying every combination.
 * Only for tiny registries (it enumerates (versions + 1) ^ packages assignments).
 */
import semver from 'semver';
import type { RegistryVersion, RootRequirement } from '../types';

export interface Problem {
  packages: Record<string, RegistryVersion[]>;
  root: RootRequirement[];
  platformVersion: string;
  pins?: Record<string, string>;
  preferred?: Record<string, string>;
}

const satisfies = (version: string, range: string) => semver.satisfies(version, range);

function entryOf(problem: Problem, name: string, version: string): RegistryVersion | undefined {
  return problem.packages[name]?.find((entry) => semver.eq(entry.version, version));
}

function installable(problem: Problem, name: string, entry: RegistryVersion): boolean {
  const enginesOk = semver.satisfies(problem.platformVersion, entry.enginesRange, {
    includePrerelease: true,
  });
  const pin = problem.pins?.[name];
  const pinned = pin !== undefined && semver.valid(pin) !== null && semver.eq(pin, entry.version);
  if (pin !== undefined && !pinned) return false;
  return enginesOk && (!entry.yanked || pinned);
}

/** Null when `solution` obeys every rule (with `complete`, also: nothing unreachable), else why not. */
export function violation(
  problem: Problem,
  solution: Record<string, string>,
  complete = true,
): string | null {
  for (const { name, range } of problem.root) {
    const version = solution[name];
    if (version === undefined || !satisfies(version, range)) return `root ${name} ${range}`;
  }
  for (const [name, version] of Object.entries(solution)) {
    const entry = entryOf(problem, name, version);
    if (!entry) return `${name}@${version} does not exist`;
    if (!installable(problem, name, entry)) return `${name}@${version} is not installable`;
    for (const [dependency, range] of Object.entries(entry.dependencies)) {
      const chosen = solution[dependency];
      if (chosen === undefined || !satisfies(chosen, range)) {
        return `${name}@${version} needs ${dependency} ${range}`;
      }
    }
  }
  if (hasCycle(problem, solution)) return 'cycle';
  if (complete) {
    const reached = new Set<string>();
    const stack = problem.root.map((requirement) => requirement.name);
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (reached.has(name) || solution[name] === undefined) continue;
      reached.add(name);
      stack.push(...Object.keys(entryOf(problem, name, solution[name])?.dependencies ?? {}));
    }
    const extra = Object.keys(solution).find((name) => !reached.has(name));
    if (extra !== undefined) return `${extra} is not needed`;
  }
  return null;
}

function hasCycle(problem: Problem, solution: Record<string, string>): boolean {
  const state = new Map<string, number>();
  const visit = (name: string): boolean => {
    state.set(name, 1);
    const deps = Object.keys(entryOf(problem, name, solution[name] as string)?.dependencies ?? {});
    for (const next of deps) {
      if (solution[next] === undefined) continue;
      if (state.get(next) === 1) return true;
      if (state.get(next) === undefined && visit(next)) return true;
    }
    state.set(name, 2);
    return false;
  };
  return Object.keys(solution).some((name) => state.get(name) === undefined && visit(name));
}

/** Whether any assignment of versions (or absence) to the registry's packages is valid. */
export function bruteForceSolvable(problem: Problem): boolean {
  const names = Object.keys(problem.packages);
  const options = names.map((name) =>
    (problem.packages[name] ?? [])
      .filter((entry) => installable(problem, name, entry))
      .map((entry) => entry.version),
  );
  const current: Record<string, string> = {};
  const search = (at: number): boolean => {
    if (at === names.length) return violation(problem, current, false) === null;
    const name = names[at] as string;
    if (search(at + 1)) return true;
    for (const version of options[at] ?? []) {
      current[name] = version;
      const found = search(at + 1);
      delete current[name];
      if (found) return true;
    }
    return false;
  };
  return search(0);
}

/**
 * Newest-first, where it can be checked locally: for a chosen package whose chosen version and
 * some newer installable version both have no dependencies, swapping in the newer one must not
 * give another valid solution (else the resolver passed over a newer compatible version).
 * Packages with a preferred version are skipped (they may legitimately stay older).
 */
export function olderThanNecessary(
  problem: Problem,
  solution: Record<string, string>,
): string | null {
  for (const [name, version] of Object.entries(solution)) {
    if (problem.preferred?.[name] !== undefined) continue;
    const entry = entryOf(problem, name, version);
    if (!entry || Object.keys(entry.dependencies).length > 0) continue;
    for (const newer of problem.packages[name] ?? []) {
      if (!semver.gt(newer.version, version) || Object.keys(newer.dependencies).length > 0)
        continue;
      if (violation(problem, { ...solution, [name]: newer.version }) === null) {
        return `${name}@${version} chosen although ${newer.version} also works`;
      }
    }
  }
  return null;
}
