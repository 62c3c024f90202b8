/**
 * Version sets and terms.
 *
 * PubGrub needs exact set algebra (union, intersection, complement, subset) over versions of one
 * package. Instead of manipulating semver ranges symbolically, a set is a bitmask over the
 * package's *known* versions (the registry view's list, ascending): bit i stands for
 * `universe.versions[i]`. Every range in play is evaluated once against that finite list, after
 * which set operations are exact integer operations. This is sound because a solution can only
 * ever contain versions that exist in the view; it costs one `Range.test` per (range, version),
 * cached per universe.
 */
import semver, { type SemVer } from 'semver';

export class Universe {
  /** Known versions, normalised and ascending (semver precedence). */
  readonly versions: readonly string[];
  /** The mask of every known version. */
  readonly all: bigint;
  private readonly parsed: readonly SemVer[];
  private readonly positions = new Map<string, number>();
  private readonly rangeCache = new Map<string, bigint | null>();

  constructor(
    readonly name: string,
    versions: Iterable<string>,
  ) {
    const unique = new Map<string, SemVer>();
    for (const raw of versions) {
      const parsed = semver.parse(raw);
      if (parsed) unique.set(parsed.version, parsed);
    }
    this.parsed = [...unique.values()].sort((a, b) => a.compare(b));
    this.versions = this.parsed.map((version) => version.version);
    this.versions.forEach((version, index) => this.positions.set(version, index));
    this.all = this.versions.length === 0 ? 0n : (1n << BigInt(this.versions.length)) - 1n;
  }

  get size(): number {
    return this.versions.length;
  }

  /** The version at an index (throws on a bad index: that is a resolver bug). */
  at(index: number): string {
    const version = this.versions[index];
    if (version === undefined) throw new Error(`resolver: ${this.name} has no version #${index}`);
    return version;
  }

  /** Index of a version string (any form semver accepts), or undefined when unknown. */
  indexOf(version: string): number | undefined {
    const normal = semver.valid(version);
    return normal === null ? undefined : this.positions.get(normal);
  }

  /** The versions a range admits (standard semver: prereleases only when the range asks), or null for an invalid range. */
  rangeBits(range: string): bigint | null {
    const cached = this.rangeCache.get(range);
    if (cached !== undefined) return cached;
    let bits: bigint | null = null;
    try {
      const parsed = new semver.Range(range);
      bits = 0n;
      this.parsed.forEach((version, index) => {
        if (parsed.test(version)) bits = (bits as bigint) | bit(index);
      });
    } catch {
      bits = null;
    }
    this.rangeCache.set(range, bits);
    return bits;
  }
}

export function bit(index: number): bigint {
  return 1n << BigInt(index);
}

/** Mask of the indices lo..hi inclusive. */
export function span(lo: number, hi: number): bigint {
  return ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
}

export function has(bits: bigint, index: number): boolean {
  return (bits & bit(index)) !== 0n;
}

export function popcount(bits: bigint): number {
  let count = 0;
  for (let rest = bits; rest !== 0n; rest &= rest - 1n) count++;
  return count;
}

/** Indices in the mask, ascending. */
export function indices(bits: bigint): number[] {
  const out: number[] = [];
  for (let index = 0, rest = bits; rest !== 0n; index++, rest >>= 1n) {
    if ((rest & 1n) !== 0n) out.push(index);
  }
  return out;
}

/**
 * A statement about one package. Positive `name bits`: the package is selected at a version in
 * `bits`. Negative `not name bits`: the package is absent or at a version outside `bits`.
 * Seen as a set over (known versions ∪ {absent}), a negative term is the complement of the
 * positive one, so intersection, union and negation stay closed and exact.
 */
export interface Term {
  readonly name: string;
  readonly positive: boolean;
  readonly bits: bigint;
}

export function positive(name: string, bits: bigint): Term {
  return { name, positive: true, bits };
}

export function negative(name: string, bits: bigint): Term {
  return { name, positive: false, bits };
}

export function negate(term: Term): Term {
  return { name: term.name, positive: !term.positive, bits: term.bits };
}

export function intersect(a: Term, b: Term): Term {
  if (a.positive && b.positive) return positive(a.name, a.bits & b.bits);
  if (a.positive) return positive(a.name, a.bits & ~b.bits);
  if (b.positive) return positive(a.name, b.bits & ~a.bits);
  return negative(a.name, a.bits | b.bits);
}

export function union(a: Term, b: Term): Term {
  return negate(intersect(negate(a), negate(b)));
}

export function difference(a: Term, b: Term): Term {
  return intersect(a, negate(b));
}

/** True when no assignment satisfies the term (a positive term over no versions). */
export function isEmpty(term: Term): boolean {
  return term.positive && term.bits === 0n;
}

/** True when every assignment satisfies the term (a negative term over no versions). */
export function isAny(term: Term): boolean {
  return !term.positive && term.bits === 0n;
}

export function isSubset(a: Term, b: Term): boolean {
  return isEmpty(intersect(a, negate(b)));
}

export function isDisjoint(a: Term, b: Term): boolean {
  return isEmpty(intersect(a, b));
}

export function termsEqual(a: Term, b: Term): boolean {
  return a.name === b.name && a.positive === b.positive && a.bits === b.bits;
}

export type Relation = 'satisfied' | 'contradicted' | 'inconclusive';

/**
 * How `term` relates to what the partial solution knows about its package (`known`; undefined
 * means nothing is known, which is the set of every possibility).
 */
export function relation(term: Term, known: Term | undefined): Relation {
  const assumed = known ?? negative(term.name, 0n);
  if (isSubset(assumed, term)) return 'satisfied';
  if (isDisjoint(assumed, term)) return 'contradicted';
  return 'inconclusive';
}
