import type { RegistryVersion, RegistryView } from './types';

/** Fetches the versions of several packages at once; names it omits have no versions. */
export type FetchVersions = (names: string[]) => Promise<Map<string, RegistryVersion[]>>;

export interface LoadRegistryOptions {
  /** Stop with an error rather than load more packages than this (default 5000). */
  maxPackages?: number;
}

/** A registry view over data already in memory; the loader's result and the tests' fixture. */
export class InMemoryRegistry implements RegistryView {
  private readonly byName: Map<string, readonly RegistryVersion[]>;

  constructor(entries: Iterable<[string, readonly RegistryVersion[]]> = []) {
    this.byName = new Map(entries);
  }

  versions(name: string): readonly RegistryVersion[] {
    return this.byName.get(name) ?? [];
  }

  /** Every package name held, sorted. */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

/**
 * Loads every package the resolver could possibly look at for `rootNames`: the transitive
 * closure over the dependencies of *all* versions (any version may be chosen), breadth first,
 * one `fetchVersions` call per layer. The solver then runs synchronously over the result.
 * Unknown names are kept with no versions, so the resolver reports them as not found.
 */
export async function loadRegistryView(
  fetchVersions: FetchVersions,
  rootNames: Iterable<string>,
  options: LoadRegistryOptions = {},
): Promise<InMemoryRegistry> {
  const maxPackages = options.maxPackages ?? 5000;
  const loaded = new Map<string, RegistryVersion[]>();
  let frontier = [...new Set(rootNames)].sort();
  while (frontier.length > 0) {
    if (loaded.size + frontier.length > maxPackages) {
      throw new Error(`dependency closure exceeds ${maxPackages} packages`);
    }
    const batch = await fetchVersions(frontier);
    const next = new Set<string>();
    for (const name of frontier) loaded.set(name, batch.get(name) ?? []);
    for (const name of frontier) {
      for (const version of loaded.get(name) ?? []) {
        for (const dependency of Object.keys(version.dependencies)) {
          if (!loaded.has(dependency)) next.add(dependency);
        }
      }
    }
    frontier = [...next].sort();
  }
  return new InMemoryRegistry(loaded);
}
