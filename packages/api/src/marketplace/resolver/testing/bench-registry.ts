/**
 * A generated registry for the resolver benchmark (apps/server/bench/resolver.ts).
 *
 * Deterministic from a seed (mulberry32). Shape, with the defaults:
 * - 200 packages in 8 layers of 25 (`bench/l3-p07`); a package depends only on packages 1–3
 *   layers below it, so the registry itself is acyclic and chains are up to 8 deep.
 * - Each package has 2–4 majors with 3–7 minors each (≈ 20 versions per package, ≈ 4 000 in all).
 * - Every minor of a major shares the dependencies of that major (so adjacent versions collapse,
 *   as in real registries), except that some minors move one range to another major.
 * - Major 1 of every package depends on `^1` of everything it needs, so "all majors 1" is always a
 *   solution. Newer majors mostly move their dependencies to the matching newer major, but with
 *   probability `skew` a range points at a different major instead. Two packages that share a
 *   dependency (a diamond) then ask for different majors of it, and the solver must back out of
 *   the newest choice, often several layers up from where the clash shows.
 * - Some newest versions are yanked, and some require a newer platform (`engines >=2.0.0`
 *   while the platform is 1.0.0), so exclusions are exercised too.
 */
import type { RegistryVersion, RootRequirement } from '../types';
import { InMemoryRegistry } from '../load-registry';

export interface BenchRegistryOptions {
  seed?: number;
  layers?: number;
  perLayer?: number;
  /** Probability that a newer major's range points at a non-matching major. */
  skew?: number;
}

export const BENCH_PLATFORM = '1.0.0';

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const packageName = (layer: number, index: number) =>
  `bench/l${layer}-p${String(index).padStart(2, '0')}`;

export function generateBenchRegistry(options: BenchRegistryOptions = {}): {
  registry: InMemoryRegistry;
  names: string[][];
  versionCount: number;
} {
  const random = mulberry32(options.seed ?? 42);
  const layers = options.layers ?? 8;
  const perLayer = options.perLayer ?? 25;
  const skew = options.skew ?? 0.3;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const names = Array.from({ length: layers }, (_, layer) =>
    Array.from({ length: perLayer }, (_, index) => packageName(layer, index)),
  );
  const majors = new Map<string, number>();
  names.flat().forEach((name) => majors.set(name, int(2, 4)));

  const entries: Array<[string, RegistryVersion[]]> = [];
  let versionCount = 0;
  for (let layer = 0; layer < layers; layer++) {
    for (const name of names[layer] as string[]) {
      const below = names.slice(layer + 1, layer + 4).flat();
      const needs = layer === layers - 1 ? [] : pick(below, int(2, 4), random);
      const versions: RegistryVersion[] = [];
      const top = majors.get(name) as number;
      for (let major = 1; major <= top; major++) {
        const ranges = new Map<string, number>();
        for (const dependency of needs) {
          const available = majors.get(dependency) as number;
          const aligned = Math.min(major, available);
          const skewed = major > 1 && random() < skew ? int(1, available) : aligned;
          ranges.set(dependency, skewed);
        }
        const minors = int(3, 7);
        for (let minor = 0; minor < minors; minor++) {
          if (major > 1 && minor > 0 && random() < 0.1 && needs.length > 0) {
            const moved = needs[int(0, needs.length - 1)] as string;
            ranges.set(moved, int(1, majors.get(moved) as number));
          }
          const newest = major === top && minor === minors - 1;
          versions.push({
            version: `${major}.${minor}.0`,
            dependencies: Object.fromEntries([...ranges].map(([dep, m]) => [dep, `^${m}.0.0`])),
            enginesRange: newest && random() < 0.1 ? '>=2.0.0' : '>=0.1.0',
            yanked: newest && random() < 0.05,
            deprecated: null,
          });
        }
      }
      versionCount += versions.length;
      entries.push([name, versions]);
    }
  }
  return { registry: new InMemoryRegistry(entries), names, versionCount };
}

/** `count` root requests of 1–3 packages from the top three layers; mostly `*`, some `^major`. */
export function generateRoots(names: string[][], count: number, seed = 7): RootRequirement[][] {
  const random = mulberry32(seed);
  const candidates = names.slice(0, 3).flat();
  return Array.from({ length: count }, () =>
    pick(candidates, 1 + Math.floor(random() * 3), random).map((name) => ({
      name,
      range: random() < 0.7 ? '*' : `^${1 + Math.floor(random() * 2)}.0.0`,
    })),
  );
}

function pick<T>(items: T[], count: number, random: () => number): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < count && copy.length > 0) {
    out.push(copy.splice(Math.floor(random() * copy.length), 1)[0] as T);
  }
  return out;
}
