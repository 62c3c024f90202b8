import semver from 'semver';
import { createIncompatibility, ROOT, type Cause, type Incompatibility } from './incompatibility';
import type { RegistryVersion, ResolveRequest } from './types';
import { bit, has, negative, positive, span, Universe } from './version-set';

interface PackageInfo {
  universe: Universe;
  /** Registry entries aligned with `universe.versions`. */
  entries: RegistryVersion[];
  /** Per version: null when installable, else the key of why not (equal keys group together). */
  blocked: Array<string | null>;
}

export type Choice =
  { kind: 'version'; index: number } | { kind: 'unavailable'; incompatibility: Incompatibility };

/**
 * Everything the solver asks of the registry: known versions, which are installable, and the
 * incompatibilities a version's dependencies imply. Results are memoised, so asking twice
 * returns the same incompatibility object.
 */
export class PackageSource {
  private readonly packages = new Map<string, PackageInfo>();
  private readonly memo = new Map<string, Incompatibility | null>();
  /** Range text per (package, version mask), used to describe sets the way users wrote them. */
  readonly labels = new Map<string, Map<bigint, string>>();

  constructor(private readonly request: ResolveRequest) {}

  info(name: string): PackageInfo {
    let info = this.packages.get(name);
    if (!info) {
      info = name === ROOT ? this.rootInfo() : this.load(name);
      this.packages.set(name, info);
    }
    return info;
  }

  universe(name: string): Universe {
    return this.info(name).universe;
  }

  /** `{root, not dep range}` for each requested package, sorted so input order never matters. */
  rootIncompatibilities(): Incompatibility[] {
    const sorted = [...this.request.root].sort((a, b) =>
      a.name === b.name ? compareText(a.range, b.range) : compareText(a.name, b.name),
    );
    return sorted.flatMap((requirement) => {
      const made = this.dependency(ROOT, 1n, requirement.name, requirement.range.trim());
      return made ? [made] : [];
    });
  }

  /** `{name ≠ pin}` for each pinned package, in name order. */
  pinIncompatibilities(): Incompatibility[] {
    const pins = this.request.pins ?? {};
    return Object.keys(pins)
      .sort(compareText)
      .flatMap((name) => {
        const version = pins[name] as string;
        const universe = this.universe(name);
        const index = universe.indexOf(version);
        const others = index === undefined ? universe.all : universe.all & ~bit(index);
        const cause: Cause = { kind: 'pin', name, version, known: index !== undefined };
        const made = createIncompatibility([positive(name, others)], cause);
        return made ? [made] : [];
      });
  }

  /**
   * The version to try for a package whose allowed set is `bits`: the preferred (installed)
   * version when allowed, else the newest. If that version cannot be installed, returns the
   * incompatibility that rules it out (with its neighbours blocked for the same reason) instead.
   */
  choose(name: string, bits: bigint): Choice {
    const info = this.info(name);
    const preferred = this.request.preferred?.[name];
    const preferredIndex = preferred === undefined ? undefined : info.universe.indexOf(preferred);
    if (
      preferredIndex !== undefined &&
      has(bits, preferredIndex) &&
      info.blocked[preferredIndex] === null
    ) {
      return { kind: 'version', index: preferredIndex };
    }
    for (let index = info.universe.size - 1; index >= 0; index--) {
      if (!has(bits, index)) continue;
      if (info.blocked[index] === null) return { kind: 'version', index };
      return { kind: 'unavailable', incompatibility: this.unavailable(name, index) };
    }
    throw new Error(`resolver: no candidate version of ${name} in a non-empty set`);
  }

  /** One incompatibility per dependency of `name@version[index]`, covering adjacent versions with the same dependency. */
  dependencies(name: string, index: number): Incompatibility[] {
    const { entries } = this.info(name);
    const entry = entries[index] as RegistryVersion;
    return Object.keys(entry.dependencies)
      .sort(compareText)
      .flatMap((dependee) => {
        const range = (entry.dependencies[dependee] as string).trim();
        const same = (at: number) => entries[at]?.dependencies[dependee]?.trim() === range;
        let lo = index;
        let hi = index;
        while (lo > 0 && same(lo - 1)) lo--;
        while (hi < entries.length - 1 && same(hi + 1)) hi++;
        const made = this.dependency(name, span(lo, hi), dependee, range);
        return made ? [made] : [];
      });
  }

  /** Names a chosen version depends on, in name order. */
  dependencyNames(name: string, index: number): string[] {
    const entry = this.info(name).entries[index];
    return entry ? Object.keys(entry.dependencies).sort(compareText) : [];
  }

  /** The registry entry of a version, for deprecation notices. */
  entry(name: string, index: number): RegistryVersion | undefined {
    return this.info(name).entries[index];
  }

  private dependency(
    depender: string,
    dependerBits: bigint,
    dependee: string,
    range: string,
  ): Incompatibility | null {
    const key = `dep\u0000${depender}\u0000${dependerBits}\u0000${dependee}\u0000${range}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    const universe = this.universe(dependee);
    const bits = universe.rangeBits(range);
    const missing =
      universe.size === 0
        ? 'package'
        : bits === null
          ? 'invalid-range'
          : bits === 0n
            ? 'versions'
            : null;
    if (bits !== null && bits !== 0n) this.label(dependee, bits, range);
    const cause: Cause = { kind: 'dependency', depender, dependerBits, dependee, range, missing };
    const terms = [positive(depender, dependerBits), negative(dependee, bits ?? 0n)];
    const made = createIncompatibility(terms, cause);
    this.memo.set(key, made);
    return made;
  }

  private unavailable(name: string, index: number): Incompatibility {
    const { blocked, entries } = this.info(name);
    const reason = blocked[index] as string;
    let lo = index;
    let hi = index;
    while (lo > 0 && blocked[lo - 1] === reason) lo--;
    while (hi < blocked.length - 1 && blocked[hi + 1] === reason) hi++;
    const key = `unavailable\u0000${name}\u0000${lo}`;
    const known = this.memo.get(key);
    if (known) return known;
    const bits = span(lo, hi);
    const cause: Cause =
      reason === 'yanked'
        ? { kind: 'yanked', name, bits }
        : {
            kind: 'engines',
            name,
            bits,
            enginesRange: (entries[index] as RegistryVersion).enginesRange,
            platform: this.request.platformVersion,
          };
    const made = createIncompatibility([positive(name, bits)], cause) as Incompatibility;
    this.memo.set(key, made);
    return made;
  }

  private label(name: string, bits: bigint, range: string): void {
    let byBits = this.labels.get(name);
    if (!byBits) this.labels.set(name, (byBits = new Map<bigint, string>()));
    if (!byBits.has(bits)) byBits.set(bits, range);
  }

  private load(name: string): PackageInfo {
    const byVersion = new Map<string, RegistryVersion>();
    for (const entry of this.request.registry.versions(name)) {
      const normal = semver.valid(entry.version);
      // Two rows for one version would be a registry bug; keep the first for determinism.
      if (normal !== null && !byVersion.has(normal)) byVersion.set(normal, entry);
    }
    const universe = new Universe(name, byVersion.keys());
    const entries = universe.versions.map((version) => byVersion.get(version) as RegistryVersion);
    const pin = this.request.pins?.[name];
    const blocked = entries.map((entry, index) => {
      const version = universe.at(index);
      if (!enginesAllow(entry.enginesRange, this.request.platformVersion)) {
        return `engines\u0000${entry.enginesRange}`;
      }
      if (entry.yanked && (pin === undefined || semver.valid(pin) !== version)) return 'yanked';
      return null;
    });
    return { universe, entries, blocked };
  }

  private rootInfo(): PackageInfo {
    const entry: RegistryVersion = {
      version: '0.0.0',
      dependencies: {},
      enginesRange: '*',
      yanked: false,
    };
    return { universe: new Universe(ROOT, ['0.0.0']), entries: [entry], blocked: [null] };
  }
}

/** Whether a version's `engines.capecontrol` range admits the running platform (prereleases included). */
export function enginesAllow(enginesRange: string, platformVersion: string): boolean {
  try {
    return semver.satisfies(platformVersion, enginesRange, { includePrerelease: true });
  } catch {
    return false;
  }
}

/** Code-unit order, independent of locale, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
