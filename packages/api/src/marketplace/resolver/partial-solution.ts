import type { Incompatibility } from './incompatibility';
import {
  bit,
  intersect,
  isSubset,
  positive,
  relation,
  type Relation,
  type Term,
} from './version-set';

/** A decision (cause null) or a derivation, with what is known about its package so far. */
export interface Assignment {
  readonly name: string;
  readonly term: Term;
  readonly level: number;
  readonly cause: Incompatibility | null;
  /** Position in the partial solution. */
  readonly index: number;
  /** Intersection of this and every earlier assignment to the same package. */
  readonly known: Term;
}

export interface Satisfier {
  assignment: Assignment;
  /** The incompatibility's term about the satisfier's package. */
  term: Term;
  /** Decision level of the latest assignment, besides the satisfier, needed to satisfy it. */
  previousLevel: number;
}

/** The ordered assignments of the current search branch, grouped into decision levels. */
export class PartialSolution {
  readonly assignments: Assignment[] = [];
  private readonly byName = new Map<string, Assignment[]>();
  private readonly decided = new Map<string, number>();
  level = 0;

  /** Selects a version (as an index into its universe), opening a new decision level. */
  decide(name: string, index: number): void {
    this.level++;
    this.push(name, positive(name, bit(index)), null);
    this.decided.set(name, index);
  }

  /** The root decision lives on level 0 with everything derived before the first real decision. */
  decideRoot(name: string): void {
    this.push(name, positive(name, 1n), null);
    this.decided.set(name, 0);
  }

  derive(term: Term, cause: Incompatibility): void {
    this.push(term.name, term, cause);
  }

  known(name: string): Term | undefined {
    const list = this.byName.get(name);
    return list?.[list.length - 1]?.known;
  }

  relation(term: Term): Relation {
    return relation(term, this.known(term.name));
  }

  isDecided(name: string): boolean {
    return this.decided.has(name);
  }

  decisions(): ReadonlyMap<string, number> {
    return this.decided;
  }

  /** Packages known to be selected but not yet decided, with their allowed versions. */
  *undecided(): Generator<Term> {
    for (const [name, list] of this.byName) {
      const known = list[list.length - 1]?.known;
      if (known?.positive && !this.decided.has(name)) yield known;
    }
  }

  /** Drops every assignment above `level`. */
  backtrack(level: number): void {
    while (this.assignments.length > 0) {
      const last = this.assignments[this.assignments.length - 1] as Assignment;
      if (last.level <= level) break;
      this.assignments.pop();
      const list = this.byName.get(last.name) as Assignment[];
      list.pop();
      if (list.length === 0) this.byName.delete(last.name);
      if (last.cause === null) this.decided.delete(last.name);
    }
    this.level = level;
  }

  /**
   * For an incompatibility the partial solution satisfies: the earliest assignment after which
   * it is satisfied, and the level we can backjump to once that assignment is explained away.
   */
  satisfier(incompatibility: Incompatibility): Satisfier {
    let found: { assignment: Assignment; term: Term } | undefined;
    const earliest = new Map<string, number>();
    for (const term of incompatibility.terms) {
      const assignment = this.earliestSatisfying(term, undefined, Infinity);
      if (!assignment) throw new Error(`resolver: ${term.name} does not satisfy a conflict term`);
      earliest.set(term.name, assignment.index);
      if (!found || assignment.index > found.assignment.index) found = { assignment, term };
    }
    if (!found) throw new Error('resolver: satisfier of an empty incompatibility');
    const { assignment, term } = found;
    let previous = -1;
    for (const other of incompatibility.terms) {
      if (other.name !== assignment.name) {
        previous = Math.max(previous, earliest.get(other.name) ?? -1);
      }
    }
    if (!isSubset(assignment.term, term)) {
      const helper = this.earliestSatisfying(term, assignment.term, assignment.index);
      if (helper) previous = Math.max(previous, helper.index);
    }
    const previousLevel = previous < 0 ? 0 : (this.assignments[previous] as Assignment).level;
    return { assignment, term, previousLevel };
  }

  private earliestSatisfying(
    term: Term,
    extra: Term | undefined,
    before: number,
  ): Assignment | undefined {
    for (const assignment of this.byName.get(term.name) ?? []) {
      if (assignment.index >= before) return undefined;
      const known = extra ? intersect(assignment.known, extra) : assignment.known;
      if (isSubset(known, term)) return assignment;
    }
    return undefined;
  }

  private push(name: string, term: Term, cause: Incompatibility | null): void {
    let list = this.byName.get(name);
    if (!list) this.byName.set(name, (list = []));
    const previous = list[list.length - 1];
    const known = previous ? intersect(previous.known, term) : term;
    const index = this.assignments.length;
    const assignment: Assignment = { name, term, level: this.level, cause, index, known };
    this.assignments.push(assignment);
    list.push(assignment);
  }
}
