import { ROOT, type Cause, type Incompatibility } from './incompatibility';
import type { PackageSource } from './package-source';
import { indices, isSubset, popcount, positive, type Term } from './version-set';

type DependencyCause = Extract<Cause, { kind: 'dependency' }>;

/** Turns sets, terms and incompatibilities into the sentences of a conflict explanation. */
export class Describer {
  constructor(private readonly source: PackageSource) {}

  /**
   * `acme/x@1.0.0`, `acme/x ^2.0.0` (a range as someone wrote it), `acme/x >=1.1.0 <2.0.0`,
   * `every version of acme/x`. What is *required* is shown as the range that asked for it when
   * there is one; what is *selected* is shown as concrete versions first.
   */
  versions(name: string, bits: bigint, role: 'selected' | 'required' = 'selected'): string {
    const universe = this.source.universe(name);
    const list = indices(bits);
    const label = this.source.labels.get(name)?.get(bits);
    if (role === 'required' && label !== undefined) return `${name} ${label}`;
    if (list.length === 1) return `${name}@${universe.at(list[0] as number)}`;
    if (list.length === 0) return `no version of ${name}`;
    if (bits === universe.all) return `every version of ${name}`;
    if (label !== undefined) return `${name} ${label}`;
    const runs: string[] = [];
    for (let at = 0; at < list.length;) {
      let end = at;
      while (end + 1 < list.length && (list[end + 1] as number) === (list[end] as number) + 1)
        end++;
      const lo = list[at] as number;
      const hi = list[end] as number;
      const bounds: string[] = [];
      if (lo > 0) bounds.push(`>=${universe.at(lo)}`);
      if (hi < universe.size - 1) bounds.push(`<${universe.at(hi + 1)}`);
      runs.push(lo === hi ? universe.at(lo) : bounds.join(' '));
      at = end + 1;
    }
    return `${name} ${runs.join(' || ')}`;
  }

  /** A fact from outside the solver, as a clause. */
  external(incompatibility: Incompatibility): string {
    const cause = incompatibility.cause;
    switch (cause.kind) {
      case 'dependency':
        return this.dependency(cause) + missingSuffix(cause);
      case 'yanked':
        return `${this.versions(cause.name, cause.bits)} is yanked`;
      case 'engines':
        return `${this.versions(cause.name, cause.bits)} requires CapeControl ${cause.enginesRange} but this is ${cause.platform}`;
      case 'pin':
        return cause.known
          ? `${cause.name} is pinned to ${cause.version}`
          : `${cause.name} is pinned to ${cause.version}, which does not exist`;
      case 'cycle': {
        const members = cause.versions.map((v) => `${v.name}@${v.version}`).join(', ');
        return `the marketplace forbids the dependency cycle ${cause.path.join(' → ')} (at ${members})`;
      }
      case 'derived':
        return this.incompatibility(incompatibility);
    }
  }

  /** Two external facts in one clause, merged where a person would merge them. */
  both(first: Incompatibility, second: Incompatibility): string {
    const a = first.cause;
    const b = second.cause;
    if (a.kind === 'dependency' && b.kind === 'dependency' && !a.missing && !b.missing) {
      if (a.depender === ROOT && b.depender === ROOT) {
        return `you asked for ${a.dependee} ${a.range} and ${b.dependee} ${b.range}`;
      }
      if (a.depender === b.depender && a.dependerBits === b.dependerBits) {
        return `${this.versions(a.depender, a.dependerBits)} depends on both ${a.dependee} ${a.range} and ${b.dependee} ${b.range}`;
      }
      if (this.feeds(a, b))
        return `${this.dependency(a)} which depends on ${b.dependee} ${b.range}`;
      if (this.feeds(b, a))
        return `${this.dependency(b)} which depends on ${a.dependee} ${a.range}`;
    }
    return `${this.external(first)} and ${this.external(second)}`;
  }

  /** What an incompatibility says, as a conclusion clause ("…, X requires Y"). */
  incompatibility(incompatibility: Incompatibility): string {
    const terms = incompatibility.terms.filter((term) => term.name !== ROOT);
    const positives = terms.filter((term) => term.positive).map((term) => this.term(term));
    const negatives = terms
      .filter((term) => !term.positive)
      .map((term) => this.versions(term.name, term.bits, 'required'));
    const [onlyTerm] = terms;
    if (onlyTerm === undefined) return 'version solving failed';
    if (terms.length === 1) {
      if (!onlyTerm.positive) return `${joinList(negatives, 'or')} is required`;
      const all = onlyTerm.bits === this.source.universe(onlyTerm.name).all;
      const several = popcount(onlyTerm.bits) > 1;
      return all && several
        ? `no version of ${onlyTerm.name} can be installed`
        : `${this.term(onlyTerm)} cannot be installed`;
    }
    if (positives.length === 1 && negatives.length > 0) {
      return `${joinList(positives, 'and')} requires ${joinList(negatives, 'or')}`;
    }
    if (terms.length === 2 && negatives.length === 0) {
      return positives.join(' is incompatible with ');
    }
    if (negatives.length === 0) return `${joinList(positives, 'and')} cannot be installed together`;
    if (positives.length === 0) return `one of ${joinList(negatives, 'or')} is required`;
    return `${joinList(positives, 'and')} together require ${joinList(negatives, 'or')}`;
  }

  /** A term's versions, stated positively (a negative term's set is what it requires). */
  private term(term: Term): string {
    return this.versions(term.name, term.bits);
  }

  private dependency(cause: DependencyCause): string {
    if (cause.depender === ROOT) return `you asked for ${cause.dependee} ${cause.range}`;
    const depender = this.versions(cause.depender, cause.dependerBits);
    return `${depender} depends on ${cause.dependee} ${cause.range}`;
  }

  /** Whether everything `a` allows of its dependee is covered by `b`'s dependers. */
  private feeds(a: DependencyCause, b: DependencyCause): boolean {
    if (a.dependee !== b.depender) return false;
    const allowed = this.source.universe(a.dependee).rangeBits(a.range) ?? 0n;
    return isSubset(positive(a.dependee, allowed), positive(b.depender, b.dependerBits));
  }
}

function missingSuffix(cause: DependencyCause): string {
  switch (cause.missing) {
    case null:
      return '';
    case 'package':
      return ` but ${cause.dependee} does not exist`;
    case 'versions':
      return ` but no version of ${cause.dependee} matches ${cause.range}`;
    case 'invalid-range':
      return ` but "${cause.range}" is not a valid version range`;
  }
}

function joinList(items: string[], word: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items.slice(-1).join('')}`;
}
